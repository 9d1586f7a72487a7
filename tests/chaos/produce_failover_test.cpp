// Issue 5's failover test (produce_failover.hpp) with SIGKILL: with
// acks=all every acknowledged record is there exactly once, in per-key
// order, and nothing is there that was not sent. With acks=1 the same run
// reports how many acknowledged records were lost.

#include <iostream>

#include "tests/chaos/produce_failover.hpp"

namespace strom::testing {
namespace {

TEST_F(produce_failover, acks_all_keeps_every_acknowledged_record_once_in_order) {
  expect_acks_all_kept(run(acks::all));
}

TEST_F(produce_failover, acks_1_reports_what_was_lost) {
  auto o = run(acks::leader);
  EXPECT_GE(o.kills, 3);
  EXPECT_EQ(o.acked + o.failed, record_count());
  EXPECT_EQ(o.duplicates, 0);
  EXPECT_EQ(o.unknown, 0);
  std::cout << "acks=1: " << o.lost << " acknowledged records lost of " << o.acked << "\n";
}

} // namespace
} // namespace strom::testing
