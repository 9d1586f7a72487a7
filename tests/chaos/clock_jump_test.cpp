// Every node's wall clock steps ten minutes forward, then twenty back
// (libfaketime, with the monotonic clock left alone, as an NTP step or
// `date -s` leaves it). Through both steps a consumer group keeps its
// generation (no session expires, no rebalance), the partition keeps its
// leader and term (no election), retention of one minute deletes nothing
// (the records are seconds old, whatever the wall clock says), and writes and
// reads go on. Each step is watched for a few seconds: the coordinator checks
// sessions and the writer checks retention every second, so a node that
// believed the wall clock would act within that time.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "messages/record_batch.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* faketime_library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
constexpr int record_count = 20;
// How long a step is watched for what a node would do if it believed it.
constexpr auto watch_after_step = 5s;

class clock_jump : public ::testing::Test {
protected:
  // Retention of one minute: the manifest's default, so every topic's.
  clock_jump() : cluster_{3, "defaults:\n  retention:\n    ms: 60000\n"}, chaos_{cluster_} {
    if (!std::filesystem::exists(faketime_library)) {
      ADD_FAILURE() << faketime_library << " is missing: install Debian's package faketime";
      return;
    }
    step_to("+0");
    // Only the nodes started now run under it; this process keeps the real clock.
    ::setenv("LD_PRELOAD", faketime_library, 1);
    ::setenv("FAKETIME_TIMESTAMP_FILE", time_file().c_str(), 1);
    ::setenv("FAKETIME_NO_CACHE", "1", 1);
    ::setenv("DONT_FAKE_MONOTONIC", "1", 1);
    cluster_.start_all();
    for (const char* name : {"LD_PRELOAD", "FAKETIME_TIMESTAMP_FILE", "FAKETIME_NO_CACHE",
                             "DONT_FAKE_MONOTONIC"})
      ::unsetenv(name);
    started_ = true;
  }

  std::string time_file() const { return cluster_.dir() + "/faketime"; }
  // "+10m": the nodes' wall clock is ten minutes ahead of the real one.
  void step_to(const std::string& offset) { std::ofstream{time_file()} << offset << "\n"; }

  std::optional<replica_status> status_of_leader() {
    auto t = chaos_.topic("t");
    if (!t)
      return std::nullopt;
    const auto& p = t->partitions.at(0);
    if (p.leader.value() < 0)
      return std::nullopt;
    auto s = chaos_.view().ask<replica_status>(p.leader, 5s, status_atom::value, p.group);
    return s ? std::optional<replica_status>{*s} : std::nullopt;
  }

  std::optional<int32_t> generation() {
    admin_client admin{chaos_.system(), chaos_.endpoints(), 5000ms};
    auto d = admin.describe_group("g");
    return d ? std::optional<int32_t>{d->generation} : std::nullopt;
  }

  size_t readable_records() {
    auto records = chaos_.read_all("t", partition_id{0});
    return records ? records->size() : 0;
  }

  // One batch, so one log entry, per record: retention keeps a log's last
  // entry whatever its age, so it has the others to delete.
  void produce(producer& p, int from, int to) {
    for (int i = from; i < to; ++i) {
      record r;
      r.key = "k";
      r.value = std::to_string(i);
      p.send("t", r, [](const delivery_report& d) { EXPECT_TRUE(d.ok()); });
      ASSERT_TRUE(p.flush());
    }
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
  bool started_ = false;
};

TEST_F(clock_jump, a_stepped_wall_clock_expires_no_session_elects_no_leader_and_ages_no_log) {
  ASSERT_TRUE(started_);
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  ASSERT_FALSE(chaos_.create_topic(topic_spec{"t", 1, 3}, 30s)) << cluster_.logs();
  producer p{chaos_.system(), chaos_.endpoints(), producer_config{}};
  produce(p, 0, record_count);

  consumer_config config;
  config.group_id = "g";
  config.auto_offset_reset = reset_policy::earliest;
  consumer c{chaos_.system(), chaos_.endpoints(), config};
  c.subscribe({"t"});
  size_t polled = 0;
  ASSERT_TRUE(eventually([&] {
    polled += c.poll(100ms).size();
    return polled == record_count && c.generation() > 0;
  }, 60s)) << "polled " << polled << "\n" << cluster_.logs();
  auto gen = generation();
  auto before = status_of_leader();
  ASSERT_TRUE(gen && before);

  for (const char* offset : {"+10m", "-10m"}) {
    SCOPED_TRACE(std::string{"wall clock stepped to "} + offset);
    step_to(offset);
    auto until = std::chrono::steady_clock::now() + watch_after_step;
    while (std::chrono::steady_clock::now() < until)
      c.poll(100ms); // the consumer lives on: its heartbeats go out meanwhile
    EXPECT_EQ(generation(), gen) << "the group rebalanced\n" << cluster_.logs();
    EXPECT_EQ(c.generation(), *gen);
    auto after = status_of_leader();
    ASSERT_TRUE(after) << cluster_.logs();
    EXPECT_EQ(after->term, before->term) << "an election took place";
    EXPECT_EQ(after->id, before->id);
    EXPECT_EQ(readable_records(), static_cast<size_t>(record_count))
      << "retention deleted records seconds old";
  }
  produce(p, record_count, record_count + 1);
  EXPECT_EQ(readable_records(), static_cast<size_t>(record_count + 1));
  c.close();
}

} // namespace
} // namespace strom::testing
