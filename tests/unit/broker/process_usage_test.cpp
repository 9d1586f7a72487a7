// The /proc parsers behind a broker's usage answer.

#include <gtest/gtest.h>

#include "actors/broker/process_usage.hpp"

namespace strom {
namespace {

TEST(process_usage, cpu_ticks_are_utime_plus_stime_counted_after_the_command_name) {
  // A command name with spaces and a ')' of its own must not shift the fields.
  std::string stat = "4242 (strom (node) 1) S 1 4242 4242 0 -1 4194560 1830 0 0 0 "
                     "317 45 0 0 20 0 9 0 1234 300000000 9000 18446744073709551615";
  auto ticks = cpu_ticks_of_stat(stat);
  ASSERT_TRUE(ticks);
  EXPECT_EQ(*ticks, 317 + 45);
}

TEST(process_usage, a_truncated_stat_line_gives_nothing) {
  EXPECT_FALSE(cpu_ticks_of_stat("4242 (strom) S 1 2 3"));
  EXPECT_FALSE(cpu_ticks_of_stat("no parenthesis here"));
}

TEST(process_usage, status_values_are_read_by_their_key) {
  std::string status = "Name:\tstrom\nVmHWM:\t   61234 kB\nVmRSS:\t   58000 kB\nThreads:\t9\n";
  EXPECT_EQ(status_kb(status, "VmRSS"), 58000);
  EXPECT_EQ(status_kb(status, "VmHWM"), 61234);
  EXPECT_FALSE(status_kb(status, "VmSwap"));
  EXPECT_FALSE(status_kb(status, "Vm")) << "a key is matched whole";
}

TEST(process_usage, this_process_reports_some_memory) {
  auto usage = read_process_usage();
  EXPECT_GT(usage.rss_bytes, 0);
  EXPECT_GE(usage.peak_rss_bytes, usage.rss_bytes);
  EXPECT_GE(usage.cpu_ms, 0);
}

} // namespace
} // namespace strom
