// A log line names who wrote it, and in JSON it is one object a line that
// parses whatever bytes the message held, so that a log shipper never drops
// or splits one.

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include "launcher/json_log_formatter.hpp"
#include "launcher/log_line.hpp"

namespace strom {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

// 2026-12-07T02:43:19.123Z
const system_clock::time_point example_time{milliseconds{1'796'611'399'123}};

json parsed_line(const std::string& line) {
  EXPECT_EQ(line.find('\n'), std::string::npos) << "a record split over lines: " << line;
  auto doc = json::parse(line, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << "not JSON: " << line;
  return doc;
}

std::string message_through_json(const std::string& msg) {
  auto doc = parsed_line(json_log_line(example_time, "info", log_source::of_node(node_id{3}), msg));
  return doc.value("msg", std::string{"<no msg>"});
}

TEST(json_log_line, names_time_level_node_and_message) {
  auto line = json_log_line(example_time, "info", log_source::of_node(node_id{3}), "listening");
  EXPECT_EQ(line, R"({"ts":"2026-12-07T02:43:19.123Z","level":"info","node":3,"msg":"listening"})");
}

TEST(json_log_line, a_tool_names_its_command_instead_of_a_node) {
  auto doc = parsed_line(
    json_log_line(example_time, "warn", log_source::of_command("consume"), "slow"));
  EXPECT_EQ(doc["command"], "strom consume");
  EXPECT_FALSE(doc.contains("node"));
  EXPECT_EQ(doc["level"], "warn");
}

TEST(json_log_line, milliseconds_keep_their_leading_zeros) {
  auto early = system_clock::time_point{milliseconds{1'796'611'399'007}};
  auto doc = parsed_line(json_log_line(early, "info", log_source::of_command("x"), ""));
  EXPECT_EQ(doc["ts"], "2026-12-07T02:43:19.007Z");
}

TEST(json_log_line, quotes_backslashes_and_line_breaks_come_back_as_they_were) {
  for (std::string msg : {"say \"hi\"", "C:\\dir\\file", "two\nlines", "cr\r\ntab\t", "{\"a\":1}"})
    EXPECT_EQ(message_through_json(msg), msg);
}

TEST(json_log_line, every_control_character_is_escaped) {
  std::string msg;
  for (int c = 0; c < 0x20; ++c)
    msg += static_cast<char>(c);
  msg += '\x7f';
  auto line = json_log_line(example_time, "info", log_source::of_node(node_id{1}), msg);
  for (char c : line)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "a raw control byte in " << line;
  EXPECT_NE(line.find("\\u0000"), std::string::npos) << line;
  EXPECT_NE(line.find("\\u001f"), std::string::npos) << line;
  EXPECT_EQ(message_through_json(msg), msg);
}

TEST(json_log_line, non_ascii_text_passes_as_utf8) {
  std::string msg = "topic \xc3\xb8rsted \xe2\x86\x92 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80";
  auto line = json_log_line(example_time, "info", log_source::of_node(node_id{1}), msg);
  EXPECT_NE(line.find(msg), std::string::npos) << "escaped needlessly: " << line;
  EXPECT_EQ(message_through_json(msg), msg);
}

TEST(json_log_line, bytes_that_are_not_utf8_become_replacement_characters) {
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(message_through_json("key \xff\xfe!"), "key " + replacement + replacement + "!");
  EXPECT_EQ(message_through_json("cut \xe6\x97"), "cut " + replacement);
}

TEST(json_log_formatter, an_spdlog_logger_writes_one_parsable_object_a_line) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
  spdlog::logger logger{"test", sink};
  logger.set_formatter(std::make_unique<json_log_formatter>(log_source::of_node(node_id{7})));
  logger.set_level(spdlog::level::trace);
  logger.warn("partition {} has \"no\" leader\nfor now", 4);
  logger.error("disk {}", "\x01");
  std::istringstream lines{out.str()};
  std::vector<json> docs;
  for (std::string line; std::getline(lines, line);)
    docs.push_back(parsed_line(line));
  ASSERT_EQ(docs.size(), 2u) << out.str();
  EXPECT_EQ(docs[0]["level"], "warn");
  EXPECT_EQ(docs[0]["node"], 7);
  EXPECT_EQ(docs[0]["msg"], "partition 4 has \"no\" leader\nfor now");
  EXPECT_EQ(docs[1]["level"], "error");
  EXPECT_EQ(docs[1]["msg"], "disk \x01");
  for (const auto& doc : docs)
    for (auto key : {"ts", "level", "node", "msg"})
      EXPECT_TRUE(doc.contains(key)) << key << " missing from " << doc.dump();
}

TEST(relayed_line, a_text_line_that_names_its_node_is_relayed_as_it_is) {
  auto own = "[node 2] 2026-12-07 02:43:19.123 info  listening";
  EXPECT_EQ(relayed_line(node_id{2}, own, log_format::text, example_time), own);
}

TEST(relayed_line, any_other_text_line_is_prefixed_with_the_node) {
  EXPECT_EQ(relayed_line(node_id{2}, "Segmentation fault", log_format::text, example_time),
            "[node 2] Segmentation fault");
  EXPECT_EQ(relayed_line(node_id{2}, "[node 12] x", log_format::text, example_time),
            "[node 2] [node 12] x");
}

TEST(relayed_line, in_json_a_record_passes_and_anything_else_becomes_one) {
  auto record = json_log_line(example_time, "info", log_source::of_node(node_id{2}), "up");
  EXPECT_EQ(relayed_line(node_id{2}, record, log_format::json, example_time), record);
  auto doc = parsed_line(
    relayed_line(node_id{2}, "Segmentation \"fault\"", log_format::json, example_time));
  EXPECT_EQ(doc["node"], 2);
  EXPECT_EQ(doc["level"], "error");
  EXPECT_EQ(doc["msg"], "Segmentation \"fault\"");
}

TEST(source_tag, names_a_node_by_id_and_a_tool_by_command) {
  EXPECT_EQ(source_tag(log_source::of_node(node_id{3})), "[node 3]");
  EXPECT_EQ(source_tag(log_source::of_command("bench idle")), "[strom bench idle]");
}

} // namespace
} // namespace strom
