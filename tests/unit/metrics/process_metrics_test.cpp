#include <gtest/gtest.h>

#include "messages/metrics/process_metrics.hpp"

namespace strom::metrics {
namespace {

TEST(process_metrics, stat_times_count_fields_after_the_command) {
  // A command with spaces and parentheses; utime 7, stime 5, starttime 999.
  std::string stat = "123 (a b) c)) S 1 2 3 4 5 6 7 8 9 10 7 5 0 0 20 0 1 0 999 100 200";
  auto times = parse_stat_times(stat);
  ASSERT_TRUE(times);
  EXPECT_EQ(times->cpu_ticks, 12u);
  EXPECT_EQ(times->start_ticks, 999u);
  EXPECT_FALSE(parse_stat_times("123 (cut short) S 1 2"));
  EXPECT_FALSE(parse_stat_times("no parenthesis"));
}

TEST(process_metrics, max_open_files_is_the_soft_limit) {
  std::string limits = "Limit             Soft Limit     Hard Limit     Units\n"
                       "Max open files    1024           524288         files\n";
  EXPECT_EQ(parse_max_open_files(limits), 1024u);
  EXPECT_FALSE(parse_max_open_files("Max open files  unlimited  unlimited files\n"));
  EXPECT_FALSE(parse_max_open_files(""));
}

TEST(process_metrics, this_process_reports_its_figures) {
  std::vector<family_value> out;
  collect_process(out);
  std::vector<std::string> names;
  for (const auto& f : out)
    names.push_back(f.name);
  for (const char* wanted : {"process_cpu_seconds_total", "process_resident_memory_bytes",
                             "process_open_fds", "process_start_time_seconds"})
    EXPECT_NE(std::find(names.begin(), names.end(), wanted), names.end()) << wanted;
}

} // namespace
} // namespace strom::metrics
