#include <gtest/gtest.h>

#include "net/text/command_parser.hpp"

namespace strom {
namespace {

template <class T>
T parsed_as(const std::string& line) {
  auto command = parse_command(line);
  EXPECT_TRUE(command) << line << ": " << command.error().describe();
  if (!command)
    return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*command)) << line;
  return std::holds_alternative<T>(*command) ? std::get<T>(*command) : T{};
}

std::string refusal(const std::string& line) {
  auto command = parse_command(line);
  EXPECT_FALSE(command) << line << " parsed";
  if (command)
    return "";
  EXPECT_EQ(command.error().code, errc::bad_request) << line;
  return command.error().message;
}

TEST(parse_command, crtp_takes_a_topic_and_an_optional_partition_count) {
  auto plain = parsed_as<create_topic_command>("CRTP orders");
  EXPECT_EQ(plain.topic, "orders");
  EXPECT_EQ(plain.partitions, 0) << "0: the manifest's default";
  EXPECT_EQ(parsed_as<create_topic_command>("crtp orders 6").partitions, 6);
}

TEST(parse_command, crtp_refuses_counts_that_are_not_positive_numbers) {
  for (const char* line : {"CRTP t 0", "CRTP t -1", "CRTP t +3", "CRTP t 3x", "CRTP t 99999999999",
                           "CRTP t \"3\"", "CRTP", "CRTP t 1 2"})
    EXPECT_FALSE(refusal(line).empty()) << line;
  EXPECT_NE(refusal("CRTP t many").find("got 'many'"), std::string::npos);
}

TEST(parse_command, pubs_takes_a_quoted_message_with_an_optional_key) {
  auto keyless = parsed_as<publish_command>("PUBS orders \"hello world\"");
  EXPECT_EQ(keyless.topic, "orders");
  EXPECT_FALSE(keyless.key);
  EXPECT_EQ(keyless.value, "hello world");
  auto bare_key = parsed_as<publish_command>("PUBS orders key=user-7 \"a\\nb\"");
  EXPECT_EQ(bare_key.key, std::optional<std::string>{"user-7"});
  EXPECT_EQ(bare_key.value, "a\nb");
  auto quoted_key = parsed_as<publish_command>("PUBS orders key=\"two words\" \"\"");
  EXPECT_EQ(quoted_key.key, std::optional<std::string>{"two words"});
  EXPECT_EQ(quoted_key.value, "");
  EXPECT_EQ(parsed_as<publish_command>("PUBS t key=\"\" \"v\"").key,
            std::optional<std::string>{""});
}

TEST(parse_command, pubs_refuses_unquoted_messages_and_stray_words) {
  EXPECT_NE(refusal("PUBS orders hello").find("double quotes"), std::string::npos);
  EXPECT_NE(refusal("PUBS orders id=3 \"x\"").find("key="), std::string::npos);
  for (const char* line : {"PUBS orders", "PUBS \"orders\" \"x\"", "PUBS t key= \"x\"",
                           "PUBS t key=a\"b\" \"x\"", "PUBS t key=k \"x\" extra",
                           "PUBS t \"unterminated"})
    EXPECT_FALSE(refusal(line).empty()) << line;
}

TEST(parse_command, subs_joins_a_group_or_names_its_partitions) {
  auto joined = parsed_as<subscribe_command>("SUBS orders billing");
  EXPECT_EQ(joined.topic, "orders");
  EXPECT_EQ(joined.group, "billing");
  EXPECT_TRUE(joined.partitions.empty());
  auto assigned = parsed_as<subscribe_command>("SUBS orders billing 2,0");
  EXPECT_EQ(assigned.partitions, (std::vector<partition_id>{partition_id{2}, partition_id{0}}));
}

TEST(parse_command, subs_refuses_bad_partition_lists) {
  EXPECT_NE(refusal("SUBS t g 1,1").find("twice"), std::string::npos);
  for (const char* line : {"SUBS t", "SUBS t g 1,", "SUBS t g ,1", "SUBS t g -1", "SUBS t g a",
                           "SUBS t g 1 2", "SUBS t \"g\""})
    EXPECT_FALSE(refusal(line).empty()) << line;
}

TEST(parse_command, cons_reads_a_partition_from_an_offset_or_an_end) {
  auto from = parsed_as<consume_command>("CONS orders 1 42");
  EXPECT_EQ(from.topic, "orders");
  EXPECT_EQ(from.partition, partition_id{1});
  EXPECT_EQ(from.start.where, start_offset::kind::offset);
  EXPECT_EQ(from.start.offset, record_offset{42});
  EXPECT_EQ(parsed_as<consume_command>("CONS t 0 earliest").start.where,
            start_offset::kind::earliest);
  EXPECT_EQ(parsed_as<consume_command>("cons t 0 LATEST").start.where, start_offset::kind::latest);
}

TEST(parse_command, cons_refuses_bad_offsets_and_partitions) {
  EXPECT_NE(refusal("CONS t 0 soon").find("got 'soon'"), std::string::npos);
  for (const char* line : {"CONS t 0", "CONS t -1 0", "CONS t 0 -5", "CONS t x 0",
                           "CONS t 0 99999999999999999999", "CONS t 0 1 2"})
    EXPECT_FALSE(refusal(line).empty()) << line;
}

TEST(parse_command, help_stop_and_quit) {
  EXPECT_EQ(parsed_as<help_command>("HELP").about, "");
  EXPECT_EQ(parsed_as<help_command>("help pubs").about, "PUBS");
  parsed_as<stop_command>("STOP");
  parsed_as<quit_command>("quit");
  EXPECT_NE(refusal("STOP now").find("no arguments"), std::string::npos);
  EXPECT_FALSE(refusal("HELP a b").empty());
}

TEST(parse_command, unknown_commands_empty_lines_and_garbage_are_refused) {
  EXPECT_NE(refusal("FROB x").find("unknown command 'FROB'"), std::string::npos);
  EXPECT_NE(refusal("").find("empty line"), std::string::npos);
  EXPECT_NE(refusal("   \t ").find("empty line"), std::string::npos);
  EXPECT_FALSE(refusal("\"PUBS\" t \"x\"").empty());
  EXPECT_FALSE(refusal(std::string("\xff\xfd\x03", 3)).empty()) << "telnet negotiation bytes";
  EXPECT_FALSE(refusal(std::string("PUBS t \"a\0b\"", 12)).empty());
}

TEST(runs_alone, only_publishes_and_help_are_pipelined) {
  EXPECT_FALSE(runs_alone(text_command{publish_command{}}));
  EXPECT_FALSE(runs_alone(text_command{help_command{}}));
  EXPECT_TRUE(runs_alone(text_command{create_topic_command{}}));
  EXPECT_TRUE(runs_alone(text_command{subscribe_command{}}));
  EXPECT_TRUE(runs_alone(text_command{consume_command{}}));
  EXPECT_TRUE(runs_alone(text_command{stop_command{}}));
  EXPECT_TRUE(runs_alone(text_command{quit_command{}}));
}

} // namespace
} // namespace strom
