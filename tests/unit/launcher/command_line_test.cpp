// Options are read as getopt_long reads them, the way kcat's and rpk's users
// type them: short flags combine, values attach, `--` ends the options, and
// anything unknown is an error that names it.

#include <gtest/gtest.h>

#include "launcher/command_line.hpp"

namespace strom {
namespace {

const std::vector<option_spec> specs = {
  {"exit", 'e', false, ""},         {"json-envelope", 'J', false, ""},
  {"count", 'c', true, ""},         {"offset", 'o', true, ""},
  {"topic", 't', true, ""},         {"json", 0, false, ""},
};

command_line parsed(const std::vector<std::string>& args) {
  auto cl = parse_command_line(args, specs);
  EXPECT_TRUE(cl.error.empty()) << cl.error;
  return cl;
}

std::string problem_with(const std::vector<std::string>& args) {
  return parse_command_line(args, specs).error;
}

TEST(command_line, flags_given_apart_or_together_are_the_same) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"-eJ"}, {"-e", "-J"}, {"-Je"}}) {
    auto cl = parsed(args);
    EXPECT_TRUE(cl.has("exit")) << args[0];
    EXPECT_TRUE(cl.has("json-envelope")) << args[0];
    EXPECT_TRUE(cl.positional.empty());
  }
}

TEST(command_line, a_value_attaches_to_its_short_option_or_follows_it) {
  EXPECT_EQ(parsed({"-c5"}).get("count"), std::optional<std::string>{"5"});
  EXPECT_EQ(parsed({"-c", "5"}).get("count"), std::optional<std::string>{"5"});
  EXPECT_EQ(parsed({"-tord=ers"}).get("topic"), std::optional<std::string>{"ord=ers"});
}

TEST(command_line, an_attached_value_may_start_with_a_dash) {
  EXPECT_EQ(parsed({"-o-10"}).get("offset"), std::optional<std::string>{"-10"});
  EXPECT_EQ(parsed({"-o", "-10"}).get("offset"), std::optional<std::string>{"-10"});
  EXPECT_EQ(parsed({"--offset=-10"}).get("offset"), std::optional<std::string>{"-10"});
}

TEST(command_line, a_cluster_ending_in_an_option_with_a_value_takes_the_rest_or_the_next_word) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"-Jc5"}, {"-Jc", "5"}}) {
    auto cl = parsed(args);
    EXPECT_TRUE(cl.has("json-envelope"));
    EXPECT_EQ(cl.get("count"), std::optional<std::string>{"5"}) << args[0];
    EXPECT_TRUE(cl.positional.empty()) << "the value was left as a word";
  }
  auto cl = parsed({"-eJc", "5", "-t", "orders"});
  EXPECT_TRUE(cl.has("exit"));
  EXPECT_EQ(cl.get("count"), std::optional<std::string>{"5"});
  EXPECT_EQ(cl.get("topic"), std::optional<std::string>{"orders"});
}

TEST(command_line, the_letters_after_a_value_taking_option_are_its_value_not_flags) {
  auto cl = parsed({"-ceJ"});
  EXPECT_EQ(cl.get("count"), std::optional<std::string>{"eJ"});
  EXPECT_FALSE(cl.has("exit"));
  EXPECT_FALSE(cl.has("json-envelope"));
}

TEST(command_line, a_double_dash_ends_the_options) {
  auto cl = parsed({"-e", "--", "-J", "--count", "x"});
  EXPECT_TRUE(cl.has("exit"));
  EXPECT_FALSE(cl.has("json-envelope"));
  EXPECT_EQ(cl.positional, (std::vector<std::string>{"-J", "--count", "x"}));
}

TEST(command_line, a_repeated_option_keeps_every_value_in_order) {
  std::vector<option_spec> headers = {{"header", 'H', true, ""}, {"topic", 't', true, ""}};
  auto cl = parse_command_line({"-H", "a=1", "--header=b=2", "-t", "x", "-Hc=3"}, headers);
  ASSERT_TRUE(cl.error.empty()) << cl.error;
  EXPECT_EQ(cl.get_all("header"), (std::vector<std::string>{"a=1", "b=2", "c=3"}));
  EXPECT_EQ(cl.get("header"), std::optional<std::string>{"c=3"});
  EXPECT_TRUE(cl.get_all("missing").empty());
}

TEST(command_line, words_that_are_not_options_stay_in_order) {
  auto cl = parsed({"create", "-c", "3", "orders", "-", "--json"});
  EXPECT_EQ(cl.positional, (std::vector<std::string>{"create", "orders", "-"}));
  EXPECT_TRUE(cl.has("json"));
}

TEST(command_line, an_unknown_short_option_is_named_with_its_cluster) {
  EXPECT_EQ(problem_with({"-x"}), "unknown option -x");
  EXPECT_EQ(problem_with({"-ex"}), "unknown option -x in -ex");
  EXPECT_EQ(problem_with({"-xe", "-q"}), "unknown option -x in -xe") << "the first problem";
  EXPECT_EQ(problem_with({"--bogus"}), "unknown option --bogus");
  EXPECT_EQ(problem_with({"--bogus=1"}), "unknown option --bogus");
}

TEST(command_line, an_option_missing_its_value_is_an_error) {
  EXPECT_EQ(problem_with({"-c"}), "option -c needs a value");
  EXPECT_EQ(problem_with({"-Jc"}), "option -c needs a value");
  EXPECT_EQ(problem_with({"--count"}), "option --count needs a value");
}

TEST(command_line, a_flag_given_a_value_is_an_error) {
  EXPECT_EQ(problem_with({"--json=yes"}), "option --json takes no value");
}

TEST(command_line, the_words_after_a_problem_are_still_read) {
  auto cl = parse_command_line({"--bogus", "-t", "orders"}, specs);
  EXPECT_EQ(cl.error, "unknown option --bogus");
  EXPECT_EQ(cl.get("topic"), std::optional<std::string>{"orders"});
}

TEST(command_line, options_split_from_other_words_keep_their_values) {
  std::vector<option_spec> mine = {{"bootstrap", 'b', true, ""}, {"json", 0, false, ""}};
  auto [own, rest] = split_options({"create", "-bh:1", "orders", "--partitions", "3", "-b", "h:2",
                                    "--json", "--bootstrap=h:3", "-eJ", "--", "-b"},
                                   mine);
  EXPECT_EQ(own, (std::vector<std::string>{"-bh:1", "-b", "h:2", "--json", "--bootstrap=h:3"}));
  EXPECT_EQ(rest,
            (std::vector<std::string>{"create", "orders", "--partitions", "3", "-eJ", "--", "-b"}));
}

} // namespace
} // namespace strom
