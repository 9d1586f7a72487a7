// Topic configs on three real nodes: set at creation, changed later through
// any node, replicated, and taken by every node's replicas without a
// restart: retention trims each node's log, max.message.bytes and
// message.timestamp.type change what the leader takes and stamps, and
// min.insync.replicas refuses acks=all while too few replicas are in sync;
// cleanup.policy=compact keeps the last record of every key, refuses
// records without one, and drops tombstones after delete.retention.ms.
// What is not a config is refused with a typed error that names it.

#include <gtest/gtest.h>

#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "messages/error_category.hpp"
#include "messages/unix_clock.hpp"
#include "net/client/admin_client.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int64_t producer_time_ms = 1'700'000'000'000; // 2023: far from now

class topic_configs : public ::testing::Test {
protected:
  topic_configs() : cluster_{3}, view_{cluster_} { cluster_.start_all(); }

  admin_client admin(node_id id) {
    return admin_client{view_.system(), {cluster_.endpoint_of(id)}, 5000ms};
  }

  // A one-partition topic on all three nodes, made through node 1.
  partition_metadata create(const std::string& name, std::vector<config_text> configs = {}) {
    topic_spec spec;
    spec.name = name;
    spec.partitions = 1;
    spec.replication_factor = 3;
    spec.configs = std::move(configs);
    auto made = admin(node_id{1}).create_topic(spec);
    EXPECT_TRUE(made) << describe(made.error());
    partition_metadata led;
    EXPECT_TRUE(eventually([&] {
      auto md = admin(node_id{1}).metadata({name});
      if (!md || md->topics.empty() || md->topics[0].partitions[0].leader.value() < 0)
        return false;
      led = md->topics[0].partitions[0];
      return true;
    }, 30s)) << cluster_.logs();
    return led;
  }

  caf::expected<topic_metadata> alter(node_id via, const std::string& topic,
                                      std::vector<config_change> changes) {
    return admin(via).alter_configs(topic, std::move(changes));
  }

  static config_change set(std::string key, std::string value) {
    return config_change{std::move(key), config_op::set, std::move(value)};
  }

  // One batch of one record of `value_bytes` bytes, stamped in 2023.
  static std::string batch(size_t value_bytes) {
    record r;
    r.key = "k";
    r.value = std::string(value_bytes, 'v');
    r.timestamp_ms = producer_time_ms;
    return *encode_record_batch({r});
  }

  caf::expected<produce_reply> produce(const partition_metadata& p, std::string bytes,
                                       acks level = acks::all) {
    return view_.ask<produce_reply>(p.leader, 3s, produce_atom::value, p.group,
                                    produce_request{std::move(bytes), static_cast<int8_t>(level)});
  }

  // Every record the leader serves from offset 0 to the high watermark.
  std::optional<std::vector<stored_record>> read_all(const partition_metadata& p) {
    std::vector<stored_record> out;
    record_offset from{0};
    for (;;) {
      auto reply = view_.ask<fetch_reply>(p.leader, 3s, fetch_atom::value, p.group,
                                          fetch_request{from, 1 << 20, 0});
      if (!reply)
        return std::nullopt;
      for (const auto& b : reply->batches) {
        auto records = decode_record_batch(b);
        EXPECT_TRUE(records) << records.error().describe();
        for (auto& r : *records)
          if (r.offset >= from)
            out.push_back(std::move(r));
        from = std::max(from, read_batch_header(b)->next_offset());
      }
      if (reply->batches.empty() || from >= reply->high_watermark)
        return out;
    }
  }

  // The config of `topic` as node `id` answers metadata.
  std::optional<topic_config> config_on(node_id id, const std::string& topic) {
    auto md = admin(id).metadata({topic});
    if (!md || md->topics.empty())
      return std::nullopt;
    return md->topics[0].config;
  }

  test_cluster cluster_;
  cluster_view view_;
};

TEST_F(topic_configs, a_change_reaches_every_node_and_its_replicas_take_it) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto p = create("orders", {{"max.message.bytes", "4096"}, {"retention.bytes", "-1"}});
  ASSERT_TRUE(produce(p, batch(2000))) << "a batch under max.message.bytes";

  auto altered = alter(node_id{2}, "orders", {set("max.message.bytes", "1024")});
  ASSERT_TRUE(altered) << describe(altered.error());
  EXPECT_EQ(altered->config.batch_bytes_max, 1024);
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(eventually([&] {
      auto c = config_on(node_id{n}, "orders");
      return c && c->batch_bytes_max == 1024;
    }, 10s)) << "node " << n << " does not show the new config";
  EXPECT_TRUE(eventually([&] {
    auto refused = produce(p, batch(2000));
    return !refused && code_of(refused.error()) == errc::record_too_large;
  }, 10s)) << "the leader still takes batches above the new max.message.bytes";

  // Retention by size: every node trims its own replica's log.
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(produce(p, batch(500)));
  ASSERT_TRUE(alter(node_id{3}, "orders", {set("retention.bytes", "1")}));
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(eventually([&] {
      auto s = admin(node_id{n}).status(p.group);
      return s && s->first.value() > 5;
    }, 20s)) << "node " << n << " kept its log past retention.bytes\n" << cluster_.logs();
}

TEST_F(topic_configs, log_append_time_stamps_batches_with_the_leaders_clock) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto p = create("stamped", {{"message.timestamp.type", "LogAppendTime"}});
  auto before = unix_now_ms();
  auto stamped = produce(p, batch(10));
  ASSERT_TRUE(stamped) << describe(stamped.error());
  EXPECT_GE(stamped->log_append_time_ms, before);

  ASSERT_TRUE(alter(node_id{1}, "stamped", {set("message.timestamp.type", "CreateTime")}));
  EXPECT_TRUE(eventually([&] {
    auto kept = produce(p, batch(10));
    return kept && kept->log_append_time_ms == -1;
  }, 10s)) << "the leader still stamps its own time";
}

// 20 keys updated 50 times each, key k0 deleted last: the log compacts in
// the background to the 19 live keys, each at the offset it was written to.
TEST_F(topic_configs, a_compacted_topic_keeps_the_last_record_of_every_key) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto p = create("changelog", {{"cleanup.policy", "compact"}, {"delete.retention.ms", "0"}});
  auto keyless = produce(p, *encode_record_batch({record{std::nullopt, "v", {}, 1}}));
  ASSERT_FALSE(keyless);
  EXPECT_EQ(code_of(keyless.error()), errc::invalid_record) << describe(keyless.error());

  constexpr int keys = 20, updates = 1000;
  std::map<std::string, std::pair<int64_t, std::string>> latest;
  for (int i = 0; i < updates; ++i) {
    record r{"k" + std::to_string(i % keys), "v" + std::to_string(i), {}, producer_time_ms};
    if (i == updates - keys)
      r.value.reset(); // the last update of k0: a tombstone
    auto made = produce(p, *encode_record_batch({r}));
    ASSERT_TRUE(made) << describe(made.error());
    latest[*r.key] = {made->base_offset.value(), r.value.value_or("")};
  }
  latest.erase("k0");
  std::vector<stored_record> seen;
  EXPECT_TRUE(eventually([&] {
    auto records = read_all(p);
    if (!records)
      return false;
    seen = std::move(*records);
    return seen.size() == latest.size();
  }, 60s)) << seen.size() << " records, not " << latest.size() << "\n" << cluster_.logs();
  for (const auto& r : seen) {
    auto expected = latest.find(*r.key);
    ASSERT_NE(expected, latest.end()) << *r.key;
    EXPECT_EQ(r.offset.value(), expected->second.first) << "offsets never move";
    EXPECT_EQ(r.value, expected->second.second);
  }
}

TEST_F(topic_configs, min_insync_replicas_refuses_acks_all_while_a_replica_is_away) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto p = create("durable", {{"min.insync.replicas", "3"}});
  ASSERT_TRUE(produce(p, batch(10)));
  node_id away{p.replicas[0] == p.leader ? p.replicas[1] : p.replicas[0]};
  cluster_.signal(away, SIGSTOP);
  EXPECT_TRUE(eventually([&] {
    auto refused = produce(p, batch(10));
    return !refused && code_of(refused.error()) == errc::not_enough_replicas;
  }, 30s)) << "acks=all was not refused with a replica stopped\n" << cluster_.logs();
  auto one = produce(p, batch(10), acks::leader);
  EXPECT_TRUE(one) << "acks=1 needs no replica in sync: " << describe(one.error());
  cluster_.signal(away, SIGCONT);
  EXPECT_TRUE(eventually([&] { return bool{produce(p, batch(10))}; }, 30s))
    << "acks=all stays refused once the replica is back\n" << cluster_.logs();
}

TEST_F(topic_configs, what_is_not_a_config_is_refused_naming_it) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  create("named");
  auto original = config_on(node_id{3}, "named");
  ASSERT_TRUE(original);
  auto refused = [&](std::vector<config_change> changes, errc expected, std::string named) {
    auto outcome = alter(node_id{2}, "named", std::move(changes));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(code_of(outcome.error()), expected) << describe(outcome.error());
    EXPECT_NE(describe(outcome.error()).find(named), std::string::npos)
      << describe(outcome.error());
  };
  refused({set("retention.minutes", "5")}, errc::invalid_config, "retention.minutes");
  refused({set("retention.ms", "soon")}, errc::invalid_config, "retention.ms=soon");
  refused({set("min.insync.replicas", "4")}, errc::invalid_config, "min.insync.replicas");
  refused({set("cleanup.policy", "compact,shred")}, errc::invalid_config, "cleanup.policy");
  refused({}, errc::invalid_config, "no topic config");
  auto unknown = alter(node_id{1}, "nowhere", {set("retention.ms", "1")});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code_of(unknown.error()), errc::unknown_topic);
  auto made = config_on(node_id{3}, "named");
  ASSERT_TRUE(made);
  EXPECT_EQ(*made, *original) << "a refused alter changed the topic";

  topic_spec spec;
  spec.name = "badly-made";
  spec.configs = {{"retention.ms", "-9"}};
  auto bad_create = admin(node_id{1}).create_topic(spec);
  ASSERT_FALSE(bad_create);
  EXPECT_EQ(code_of(bad_create.error()), errc::invalid_config);
}

TEST_F(topic_configs, a_restarted_node_runs_with_the_altered_config) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  create("kept");
  ASSERT_TRUE(alter(node_id{1}, "kept",
                    {set("retention.ms", "3600000"),
                     {"max.message.bytes", config_op::remove, ""}}));
  cluster_.signal(node_id{3}, SIGKILL);
  cluster_.reap(node_id{3});
  cluster_.start(node_id{3});
  EXPECT_TRUE(eventually([&] {
    auto c = config_on(node_id{3}, "kept");
    return c && c->retention_ms == 3'600'000
           && c->batch_bytes_max == topic_config{}.batch_bytes_max;
  }, 30s)) << cluster_.logs();
}

} // namespace
} // namespace strom::testing
