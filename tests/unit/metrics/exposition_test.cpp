#include <gtest/gtest.h>

#include "messages/metrics/exposition.hpp"

namespace strom::metrics {
namespace {

TEST(exposition, counters_and_gauges_with_help_type_and_labels) {
  std::vector<family_value> families{
    {"a_total", "What a counts.", kind::counter,
     {series_value{{{"topic", "t1"}, {"door", "http"}}, 42, {}}}},
    {"b", "A gauge.", kind::gauge, {series_value{{}, -3, {}}, series_value{{}, 0.25, {}}}},
  };
  EXPECT_EQ(render(families),
            "# HELP a_total What a counts.\n"
            "# TYPE a_total counter\n"
            "a_total{topic=\"t1\",door=\"http\"} 42\n"
            "# HELP b A gauge.\n"
            "# TYPE b gauge\n"
            "b -3\n"
            "b 0.25\n");
}

TEST(exposition, label_values_and_help_are_escaped) {
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  std::vector<family_value> families{
    {"x", "line one\nback\\slash", kind::gauge, {series_value{{{"t", "q\""}}, 1, {}}}}};
  EXPECT_EQ(render(families), "# HELP x line one\\nback\\\\slash\n"
                              "# TYPE x gauge\n"
                              "x{t=\"q\\\"\"} 1\n");
}

TEST(exposition, a_histogram_has_cumulative_buckets_sum_and_count) {
  histogram h;
  h.observe_us(40);
  h.observe_us(1'500'000);
  std::vector<family_value> families{
    {"lat_seconds", "Latency.", kind::histogram,
     {series_value{{{"topic", "t"}}, 0, h.snapshot()}}}};
  auto text = render(families);
  EXPECT_NE(text.find("# TYPE lat_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{topic=\"t\",le=\"5e-05\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{topic=\"t\",le=\"1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{topic=\"t\",le=\"2.5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{topic=\"t\",le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_sum{topic=\"t\"} 1.50004\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count{topic=\"t\"} 2\n"), std::string::npos);
}

} // namespace
} // namespace strom::metrics
