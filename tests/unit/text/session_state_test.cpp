#include <gtest/gtest.h>

#include "net/text/session_state.hpp"

namespace strom {
namespace {

text_door_config small_config() {
  text_door_config c;
  c.line_bytes_max = 32;
  c.commands_in_flight_max = 3;
  c.output_bytes_max = 100;
  return c;
}

TEST(session_state, answers_go_out_in_line_order_whichever_finishes_first) {
  session_state s{small_config()};
  s.received("PUBS t \"a\"\nPUBS t \"b\"\n");
  auto first = s.start_next();
  auto second = s.start_next();
  ASSERT_TRUE(first && second) << "publishes are pipelined";
  s.answer(second->slot, "OK second\n");
  EXPECT_EQ(s.take_answers(), "") << "the second waits for the first";
  s.answer(first->slot, "OK first\n");
  EXPECT_EQ(s.take_answers(), "OK first\nOK second\n");
  EXPECT_EQ(s.commands_in_flight(), 0u);
}

TEST(session_state, malformed_and_over_long_lines_are_answered_in_their_place) {
  auto config = small_config();
  config.commands_in_flight_max = 10;
  session_state s{config};
  s.received("PUBS t \"a\"\nFROB\n" + std::string(40, 'x') + "\nHELP\n");
  auto publish = s.start_next();
  ASSERT_TRUE(publish);
  auto help = s.start_next();
  ASSERT_TRUE(help) << "the two bad lines were answered on the way";
  EXPECT_TRUE(std::holds_alternative<help_command>(help->command));
  s.answer(help->slot, "OK HELP\n");
  EXPECT_EQ(s.take_answers(), "") << "all wait for the publish";
  s.answer(publish->slot, "OK PUBS\n");
  auto out = s.take_answers();
  auto unknown = out.find("ERR bad_request: unknown command 'FROB'");
  auto too_long = out.find("ERR line_too_long");
  ASSERT_NE(unknown, std::string::npos) << out;
  ASSERT_NE(too_long, std::string::npos) << out;
  EXPECT_EQ(out.find("OK PUBS\n"), 0u) << out;
  EXPECT_LT(unknown, too_long) << out;
  EXPECT_EQ(out.rfind("OK HELP\n"), out.size() - 8) << out;
}

TEST(session_state, a_command_that_runs_alone_waits_for_earlier_answers_and_holds_later_lines) {
  session_state s{small_config()};
  s.received("PUBS t \"a\"\nSUBS t g\nPUBS t \"b\"\n");
  auto publish = s.start_next();
  ASSERT_TRUE(publish);
  EXPECT_FALSE(s.start_next()) << "SUBS waits for the publish's answer";
  EXPECT_FALSE(s.wants_input()) << "lines wait: the socket is not read";
  s.answer(publish->slot, "OK PUBS\n");
  EXPECT_FALSE(s.start_next()) << "until the answer is taken to be written";
  EXPECT_EQ(s.take_answers(), "OK PUBS\n");
  auto subscribe = s.start_next();
  ASSERT_TRUE(subscribe);
  EXPECT_TRUE(std::holds_alternative<subscribe_command>(subscribe->command));
  EXPECT_FALSE(s.start_next()) << "nothing starts while SUBS runs";
  s.answer(subscribe->slot, "OK SUBS\n");
  EXPECT_EQ(s.take_answers(), "OK SUBS\n");
  auto later = s.start_next();
  ASSERT_TRUE(later);
  EXPECT_TRUE(std::holds_alternative<publish_command>(later->command));
  EXPECT_TRUE(s.wants_input());
}

TEST(session_state, no_more_than_commands_in_flight_max_answers_are_outstanding) {
  session_state s{small_config()};
  s.received("HELP\nHELP\nHELP\nHELP\n");
  std::vector<answer_slot> slots;
  while (auto started = s.start_next())
    slots.push_back(started->slot);
  EXPECT_EQ(slots.size(), 3u);
  EXPECT_FALSE(s.wants_input());
  s.answer(slots[0], "OK HELP\n");
  EXPECT_FALSE(s.start_next()) << "an answer counts until it is taken";
  s.take_answers();
  EXPECT_TRUE(s.start_next());
  EXPECT_TRUE(s.wants_input());
}

TEST(session_state, malformed_lines_count_against_the_limit_too) {
  session_state s{small_config()};
  s.received("x\ny\nz\nHELP\n");
  EXPECT_FALSE(s.start_next()) << "three ERR answers fill the window before HELP";
  EXPECT_EQ(s.commands_in_flight(), 3u);
  EXPECT_FALSE(s.take_answers().empty());
  EXPECT_TRUE(s.start_next());
}

TEST(session_state, an_answer_is_given_once) {
  session_state s{small_config()};
  s.received("HELP\n");
  auto help = s.start_next();
  ASSERT_TRUE(help);
  s.answer(help->slot, "first\n");
  s.answer(help->slot, "second\n");
  EXPECT_EQ(s.take_answers(), "first\n");
}

TEST(session_state, output_past_the_limit_is_over_and_reading_brings_it_back) {
  session_state s{small_config()};
  s.wrote(60);
  EXPECT_FALSE(s.output_over_limit());
  s.wrote(60);
  EXPECT_TRUE(s.output_over_limit());
  EXPECT_EQ(s.output_pending_bytes(), 120u);
  s.transferred(30);
  EXPECT_FALSE(s.output_over_limit());
  s.transferred(1000);
  EXPECT_EQ(s.output_pending_bytes(), 0u);
}

} // namespace
} // namespace strom
