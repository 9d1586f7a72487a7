// Topics and partitions across three real nodes, driven with the broker's own
// messages (no client library): topic operations through any node, produce
// with acks, fetch with long poll, list offsets, the typed errors, the
// idempotent producer, and a leader's failover.

#include <algorithm>
#include <map>
#include <gtest/gtest.h>

#include <signal.h>

#include <set>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

class partitions : public ::testing::Test {
protected:
  explicit partitions(int nodes = 3, int controllers = 0)
      : nodes_(nodes), cluster_{nodes, "", {"node"}, controllers}, view_{cluster_} {
    cluster_.start_all();
  }

  admin_client admin(node_id id) {
    return admin_client{view_.system(), {cluster_.endpoint_of(id)}, 5000ms};
  }

  // One request to the broker of node `id`.
  template <class T, class... Ts>
  caf::expected<T> ask(node_id id, Ts&&... xs) {
    return view_.ask<T>(id, 10s, std::forward<Ts>(xs)...);
  }

  bool ready() { return view_.brokers_alive(30s); }

  // A topic through node `via`, its spec otherwise the cluster's defaults.
  caf::expected<topic_metadata> create(node_id via, const std::string& name, int partitions,
                                       int replication, int64_t batch_bytes_max = config_unset) {
    topic_spec spec;
    spec.name = name;
    spec.partitions = partitions;
    spec.replication_factor = replication;
    spec.batch_bytes_max = batch_bytes_max;
    return admin(via).create_topic(spec);
  }

  // The leader of a partition as a running node other than `except` reports it.
  std::optional<partition_metadata> leader_of(const std::string& topic, int partition,
                                              std::optional<node_id> except = std::nullopt) {
    std::optional<partition_metadata> found;
    eventually([&] {
      for (int n = 1; n <= nodes_; ++n) {
        node_id id{n};
        if (!cluster_.running(id) || id == except)
          continue;
        auto md = admin(id).metadata({topic});
        // A node may not know a partition just added yet: ask the next.
        if (!md || md->topics.empty()
            || md->topics.front().partitions.size() <= static_cast<size_t>(partition))
          continue;
        const auto& p = md->topics.front().partitions.at(static_cast<size_t>(partition));
        if (p.leader.value() >= 0 && p.leader != except && cluster_.running(p.leader)) {
          found = p;
          return true;
        }
      }
      return false;
    }, 20s);
    return found;
  }

  static std::string batch(const std::vector<std::string>& values, producer_identity producer = {}) {
    std::vector<record> records;
    for (const auto& v : values) {
      record r;
      r.key = "k-" + v;
      r.value = v;
      r.timestamp_ms = 1'700'000'000'000;
      r.headers.push_back({"h", std::string{"1"}});
      records.push_back(std::move(r));
    }
    return *encode_record_batch(records, producer);
  }

  caf::expected<produce_reply> produce(node_id via, group_id group, std::string bytes,
                                       acks level = acks::all) {
    return ask<produce_reply>(via, produce_atom::value, group,
                              produce_request{std::move(bytes), static_cast<int8_t>(level)});
  }

  std::vector<stored_record> fetch_all(node_id via, group_id group, record_offset from) {
    auto reply = ask<fetch_reply>(via, fetch_atom::value, group, fetch_request{from, 1 << 20, 0});
    std::vector<stored_record> out;
    if (!reply) {
      ADD_FAILURE() << describe(reply.error());
      return out;
    }
    for (const auto& b : reply->batches) {
      auto decoded = decode_record_batch(b);
      for (auto& r : *decoded)
        if (r.offset >= from)
          out.push_back(std::move(r));
    }
    return out;
  }

  int nodes_;
  test_cluster cluster_;
  cluster_view view_;
};

// Four nodes, the fourth no controller: it learns the metadata the
// controller leader pushes, forwards topic operations, and hosts replicas.
class broker_only_node : public partitions {
protected:
  broker_only_node() : partitions(4, 3) {}
};

TEST_F(partitions, produce_fetch_list_offsets_and_errors) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  auto created = create(node_id{2}, "orders", 3, 3);
  ASSERT_TRUE(created) << describe(created.error());
  EXPECT_EQ(created->partitions.size(), 3u);
  for (const auto& p : created->partitions)
    EXPECT_EQ(p.replicas.size(), 3u);

  auto again = create(node_id{3}, "orders", 3, 3);
  ASSERT_FALSE(again);
  EXPECT_EQ(code_of(again.error()), errc::topic_exists);
  auto wide = create(node_id{1}, "wide", 3, 4);
  ASSERT_FALSE(wide);
  EXPECT_EQ(code_of(wide.error()), errc::invalid_replication_factor);
  auto unknown = admin(node_id{1}).metadata({"nope"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code_of(unknown.error()), errc::unknown_topic);

  auto p0 = leader_of("orders", 0);
  ASSERT_TRUE(p0) << cluster_.logs();
  auto first = produce(p0->leader, p0->group, batch({"a", "b", "c"}));
  ASSERT_TRUE(first) << describe(first.error());
  EXPECT_EQ(first->base_offset, record_offset{0});
  auto second = produce(p0->leader, p0->group, batch({"d", "e"}), acks::leader);
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(second->base_offset, record_offset{3});

  // A follower refuses, naming the leader.
  node_id follower{p0->leader.value() % 3 + 1};
  auto refused = produce(follower, p0->group, batch({"x"}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), errc::not_leader);
  EXPECT_EQ(leader_hint(refused.error()), p0->leader);

  // acks=1 is answered once durable on the leader; fetch sees it once committed.
  ASSERT_TRUE(eventually([&] { return fetch_all(p0->leader, p0->group, record_offset{0}).size() == 5; }, 10s));
  auto records = fetch_all(p0->leader, p0->group, record_offset{1});
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].offset, record_offset{1});
  EXPECT_EQ(records[0].value, std::optional<std::string>{"b"});
  EXPECT_EQ(records[0].key, std::optional<std::string>{"k-b"});
  EXPECT_EQ(records[0].timestamp_ms, 1'700'000'000'000);
  ASSERT_EQ(records[0].headers.size(), 1u);
  EXPECT_EQ(records[0].headers[0].key, "h");

  EXPECT_EQ(*ask<record_offset>(p0->leader, list_offsets_atom::value, p0->group, earliest_offset_spec),
            record_offset{0});
  EXPECT_EQ(*ask<record_offset>(p0->leader, list_offsets_atom::value, p0->group, latest_offset_spec),
            record_offset{5});
  EXPECT_EQ(*ask<record_offset>(p0->leader, list_offsets_atom::value, p0->group,
                                int64_t{1'700'000'000'000}),
            record_offset{0});
  // Kafka's answer for a time: the record's offset and timestamp, and -1
  // past the last record (strom's own answers the high watermark above).
  auto at_time = ask<timed_offset>(p0->leader, offset_for_time_atom::value, p0->group,
                                   int64_t{1'700'000'000'000});
  ASSERT_TRUE(at_time);
  EXPECT_EQ(at_time->offset, 0);
  EXPECT_EQ(at_time->timestamp_ms, 1'700'000'000'000);
  EXPECT_EQ(*ask<record_offset>(p0->leader, list_offsets_atom::value, p0->group,
                                int64_t{1'800'000'000'000}),
            record_offset{5});
  auto none = ask<timed_offset>(p0->leader, offset_for_time_atom::value, p0->group,
                                int64_t{1'800'000'000'000});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->offset, -1);
  EXPECT_EQ(none->timestamp_ms, -1);

  auto beyond = ask<fetch_reply>(p0->leader, fetch_atom::value, p0->group,
                                 fetch_request{record_offset{100}, 1 << 20, 0});
  ASSERT_FALSE(beyond);
  EXPECT_EQ(code_of(beyond.error()), errc::offset_out_of_range);

  auto garbage = produce(p0->leader, p0->group, "not a batch");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(code_of(garbage.error()), errc::bad_request);
}

TEST_F(partitions, add_partitions_acks_0_and_unknown_partition) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  ASSERT_TRUE(create(node_id{1}, "growing", 2, 3));
  auto grown = admin(node_id{2}).add_partitions("growing", 5);
  ASSERT_TRUE(grown) << describe(grown.error());
  EXPECT_EQ(grown->partitions.size(), 5u);
  auto shrink = admin(node_id{3}).add_partitions("growing", 3);
  ASSERT_FALSE(shrink);
  EXPECT_EQ(code_of(shrink.error()), errc::bad_request);

  // A new partition takes records; acks=0 is answered before anything is durable.
  auto p4 = leader_of("growing", 4);
  ASSERT_TRUE(p4) << cluster_.logs();
  auto sent = produce(p4->leader, p4->group, batch({"fire", "forget"}), acks::none);
  ASSERT_TRUE(sent) << describe(sent.error());
  EXPECT_EQ(sent->base_offset, record_offset{0});
  EXPECT_TRUE(eventually([&] { return fetch_all(p4->leader, p4->group, record_offset{0}).size() == 2; }, 10s));

  // The producer refuses a partition the topic does not have.
  producer p{view_.system(), {cluster_.endpoint_of(node_id{1})}};
  record r;
  r.value = "nowhere";
  auto report = p.send("growing", r, partition_id{9}).get();
  EXPECT_EQ(report.code(), errc::unknown_partition);
}

TEST_F(partitions, long_poll_answers_when_records_arrive) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  ASSERT_TRUE(create(node_id{1}, "events", 1, 3));
  auto p = leader_of("events", 0);
  ASSERT_TRUE(p);
  auto broker = admin(p->leader).broker();
  ASSERT_TRUE(broker);
  caf::scoped_actor waiter{view_.system()};
  std::optional<fetch_reply> got;
  auto pending = waiter->request(*broker, 30s, fetch_atom::value, p->group,
                                 fetch_request{record_offset{0}, 1 << 20, 20'000});
  ASSERT_TRUE(produce(p->leader, p->group, batch({"late"})));
  pending.receive([&](fetch_reply& r) { got = std::move(r); },
                  [&](caf::error& e) { ADD_FAILURE() << describe(e); });
  ASSERT_TRUE(got);
  ASSERT_EQ(got->batches.size(), 1u);
  EXPECT_EQ(got->high_watermark, record_offset{1});
}

TEST_F(partitions, record_too_large_and_topic_delete) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  ASSERT_TRUE(create(node_id{1}, "small", 1, 1, 1000));
  auto p = leader_of("small", 0);
  ASSERT_TRUE(p);
  auto big = produce(p->leader, p->group, batch({std::string(2000, 'x')}));
  ASSERT_FALSE(big);
  EXPECT_EQ(code_of(big.error()), errc::record_too_large);
  EXPECT_TRUE(produce(p->leader, p->group, batch({"fits"})));

  auto gone = admin(node_id{3}).delete_topic("small");
  ASSERT_TRUE(gone) << describe(gone.error());
  EXPECT_EQ(gone->name, "small");
  // The controller leader answered once it applied the delete; node 1
  // applies it when the commit reaches it.
  EXPECT_TRUE(eventually([&] {
    auto md = admin(node_id{1}).metadata();
    return md && std::none_of(md->topics.begin(), md->topics.end(),
                              [](const topic_metadata& t) { return t.name == "small"; });
  }, 10s));
  EXPECT_TRUE(eventually([&] { return !produce(p->leader, p->group, batch({"after"})); }, 10s));
}

TEST_F(partitions, idempotent_producer_survives_failover) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  ASSERT_TRUE(create(node_id{1}, "payments", 1, 3));
  auto pid = admin(node_id{2}).allocate_producer_id();
  ASSERT_TRUE(pid) << describe(pid.error());
  auto p = leader_of("payments", 0);
  ASSERT_TRUE(p);
  auto first = batch({"1", "2", "3"}, {pid->value(), 0, 0});
  auto sent = produce(p->leader, p->group, first);
  ASSERT_TRUE(sent) << describe(sent.error());
  EXPECT_FALSE(sent->duplicate);
  auto retry = produce(p->leader, p->group, first);
  ASSERT_TRUE(retry) << describe(retry.error());
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->base_offset, sent->base_offset);
  auto gap = produce(p->leader, p->group, batch({"9"}, {pid->value(), 0, 7}));
  ASSERT_FALSE(gap);
  EXPECT_EQ(code_of(gap.error()), errc::out_of_order_sequence);

  cluster_.signal(p->leader, SIGKILL);
  cluster_.reap(p->leader);
  auto next = leader_of("payments", 0, p->leader);
  ASSERT_TRUE(next) << cluster_.logs();
  ASSERT_NE(next->leader, p->leader);
  std::optional<produce_reply> after;
  ASSERT_TRUE(eventually([&] {
    auto r = produce(next->leader, next->group, first);
    if (r)
      after = *r;
    return static_cast<bool>(r);
  }, 20s)) << cluster_.logs();
  EXPECT_TRUE(after->duplicate);
  EXPECT_EQ(after->base_offset, sent->base_offset);
  auto more = produce(next->leader, next->group, batch({"4"}, {pid->value(), 0, 3}));
  ASSERT_TRUE(more) << describe(more.error());
  EXPECT_EQ(more->base_offset, record_offset{3});
}

// A replication-1 partition has its replica on one node only; the others
// learn its leader from that node's reports, so that a client asking any
// node sees every partition as available; a dead node's go again.
TEST_F(partitions, every_node_names_the_leaders_of_partitions_it_does_not_hold) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  auto topic = create(node_id{1}, "single", 3, 1);
  ASSERT_TRUE(topic) << describe(topic.error());
  auto leaders_seen_by = [&](node_id via) {
    std::map<int32_t, node_id> out;
    auto md = admin(via).metadata({"single"});
    if (!md)
      return out;
    for (const auto& p : md->topics.at(0).partitions)
      if (p.leader.value() >= 0)
        out[p.partition.value()] = p.leader;
    return out;
  };
  std::map<int32_t, node_id> placed;
  for (const auto& p : topic->partitions)
    placed[p.partition.value()] = p.replicas.at(0);
  std::set<int32_t> holders;
  for (const auto& [partition, node] : placed)
    holders.insert(node.value());
  ASSERT_EQ(holders.size(), 3u) << "one partition per node";
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(eventually([&] { return leaders_seen_by(node_id{n}) == placed; }, 15s))
      << "node " << n << " names every partition's leader";

  node_id victim = placed.at(0);
  node_id witness{victim.value() % 3 + 1};
  cluster_.signal(victim, SIGKILL);
  cluster_.reap(victim);
  EXPECT_TRUE(eventually([&] { return leaders_seen_by(witness).count(0) == 0; }, 20s))
    << "the dead node's replication-1 partition has no leader any more";
  auto left = leaders_seen_by(witness);
  EXPECT_EQ(left.size(), 2u);
}

TEST_F(broker_only_node, forwards_learns_metadata_and_hosts_leaders) {
  ASSERT_TRUE(ready()) << cluster_.logs();
  node_id broker_only{4};
  auto created = create(broker_only, "spread", 4, 3);
  ASSERT_TRUE(created) << describe(created.error());
  // Preferred leaders (first replicas) are spread over the four brokers, and
  // the elected leaders move to them.
  std::set<node_id> preferred;
  for (const auto& p : created->partitions)
    preferred.insert(p.replicas.front());
  EXPECT_EQ(preferred.size(), 4u);
  ASSERT_TRUE(eventually([&] {
    auto md = admin(broker_only).metadata({"spread"});
    if (!md)
      return false;
    for (const auto& p : md->topics.at(0).partitions) {
      auto leader = leader_of("spread", p.partition.value());
      if (!leader || leader->leader != p.replicas.front())
        return false;
    }
    return true;
  }, 30s)) << cluster_.logs();
  for (const auto& p : created->partitions) {
    if (p.replicas.front() != broker_only)
      continue;
    auto sent = produce(broker_only, p.group, batch({"here"}));
    ASSERT_TRUE(sent) << describe(sent.error());
    EXPECT_EQ(sent->base_offset, record_offset{0});
    EXPECT_TRUE(eventually([&] { return fetch_all(broker_only, p.group, record_offset{0}).size() == 1; }, 10s));
  }
}

} // namespace
} // namespace strom::testing
