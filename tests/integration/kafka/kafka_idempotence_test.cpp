// An idempotent librdkafka producer (InitProducerId, sequences per
// partition) with acks=all against three real nodes while the node leading
// a partition is killed with -9 and restarted: every record is delivered,
// and the log holds each exactly once, in the order of its key.

#include <gtest/gtest.h>

#include <signal.h>

#include <set>
#include <thread>

#include "messages/error_category.hpp"
#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int record_count = 3000;
constexpr int32_t partition_count = 3;
constexpr auto delivery_wait = 120s;

class kafka_idempotence : public ::testing::Test {
protected:
  kafka_idempotence() : cluster_{3}, view_{cluster_} {
    cluster_.open_door_ports(test_cluster::door::kafka);
    cluster_.start_all();
  }

  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_.logs();
  }

  std::string bootstrap() const {
    std::string out;
    for (int n = 1; n <= 3; ++n)
      out += (n > 1 ? "," : "") + std::string{"127.0.0.1:"}
             + std::to_string(cluster_.door_port_of(test_cluster::door::kafka, node_id{n}));
    return out;
  }

  node_id leader_of(int32_t partition) {
    for (int n = 1; n <= 3; ++n) {
      auto md = view_.ask<cluster_metadata>(node_id{n}, 5s, metadata_atom::value,
                                            std::vector<std::string>{"idem"});
      if (md && md->topics.size() == 1)
        return md->topics[0].partitions.at(static_cast<size_t>(partition)).leader;
    }
    return node_id{-1};
  }

  test_cluster cluster_;
  cluster_view view_;
};

TEST_F(kafka_idempotence, a_leader_killed_mid_produce_loses_and_repeats_nothing) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  ASSERT_FALSE(view_.create_topic(topic_spec{"idem", partition_count, 3}, 30s));
  rdkafka_producer p{bootstrap(), {{"enable.idempotence", "true"}, {"acks", "all"},
                                   {"linger.ms", "2"}, {"message.timeout.ms", "110000"}}};
  ASSERT_TRUE(p) << p.error();
  std::vector<kafka_record> records;
  for (int i = 0; i < record_count; ++i) {
    kafka_record r;
    r.key = "k" + std::to_string(i % 11);
    r.value = std::to_string(i);
    records.push_back(std::move(r));
  }
  // Half before the kill, half while the leader is gone and after it is back.
  std::vector<kafka_record> first(records.begin(), records.begin() + record_count / 2);
  std::vector<kafka_record> second(records.begin() + record_count / 2, records.end());
  auto errors = p.send("idem", first, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto victim = leader_of(0);
  ASSERT_GT(victim.value(), 0);
  cluster_.signal(victim, SIGKILL);
  cluster_.reap(victim);
  std::thread restart{[&] {
    std::this_thread::sleep_for(2s); // the leader stays away while records go
    cluster_.start(victim);
  }};
  errors = p.send("idem", second, delivery_wait);
  restart.join();
  ASSERT_TRUE(errors.empty()) << errors.front();

  std::set<std::string> seen;
  std::map<std::string, int> last_of_key;
  size_t read = 0;
  for (int32_t partition = 0; partition < partition_count; ++partition) {
    // Just after the failover a partition's leader may still be moving:
    // ListOffsets answers a retriable error, which librdkafka's watermark
    // query hands back instead of retrying.
    std::optional<std::pair<int64_t, int64_t>> marks;
    ASSERT_TRUE(eventually([&] {
      marks = rdkafka_watermarks(bootstrap(), "idem", partition);
      return marks.has_value();
    }, 30s)) << "partition " << partition << " never answered ListOffsets";
    auto log = rdkafka_read(bootstrap(), "idem", partition, 0,
                            static_cast<size_t>(marks->second), 30s);
    read += log.size();
    for (const auto& r : log) {
      EXPECT_TRUE(seen.insert(*r.value).second) << *r.value << " is in the log twice";
      auto n = std::stoi(*r.value);
      auto [it, fresh] = last_of_key.emplace(*r.key, n);
      EXPECT_TRUE(fresh || n > it->second) << "key " << *r.key << ": " << n << " after "
                                           << it->second;
      it->second = n;
    }
  }
  EXPECT_EQ(read, static_cast<size_t>(record_count));
  EXPECT_EQ(seen.size(), static_cast<size_t>(record_count)) << "acknowledged records are lost";
}

} // namespace
} // namespace strom::testing
