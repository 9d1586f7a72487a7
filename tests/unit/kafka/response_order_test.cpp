// Answers leave in the order their requests came, whatever order they are
// ready in; an empty answer (acks=0) sends nothing and holds nothing up.

#include <gtest/gtest.h>

#include "net/kafka/response_order.hpp"

namespace strom::kafka {
namespace {

// What the socket gets from the pieces taken.
std::string sent(response_order& order) {
  std::string out;
  for (const auto& piece : order.take_ready())
    out += piece;
  return out;
}

TEST(kafka_response_order, answers_leave_in_request_order) {
  response_order order;
  auto a = order.open();
  auto b = order.open();
  auto c = order.open();
  order.answer(c, {"C"});
  order.answer(b, {"B1", "B2"});
  EXPECT_EQ(sent(order), "");
  EXPECT_EQ(order.in_flight(), 3u);
  order.answer(a, {"head", "A"});
  EXPECT_EQ(sent(order), "headAB1B2C");
  EXPECT_EQ(order.in_flight(), 0u);
}

TEST(kafka_response_order, an_empty_answer_sends_nothing_and_releases_the_next) {
  response_order order;
  auto silent = order.open();
  auto next = order.open();
  order.answer(next, {"N"});
  order.answer(silent, {});
  EXPECT_EQ(order.take_ready(), std::vector<std::string>{"N"});
  order.answer(silent, {"stale"}); // a slot long gone is ignored
  EXPECT_TRUE(order.take_ready().empty());
}

} // namespace
} // namespace strom::kafka
