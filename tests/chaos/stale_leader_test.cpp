// A leader that was paused while another node took over must not answer
// from what it remembers; the request reaches the paused node first and is
// read when it resumes, alongside the new leader's messages that depose it.
// Both cases were found by the Jepsen checker as "the committed offset went
// back": a consumer started over below a commit.
// - A group coordinator asked for committed offsets: it must refuse or answer
//   the newer commit, never the older one it holds.
// - A partition leader asked to fetch past its log's end (the records it
//   lacks are on the new leader): it must refuse as not leader, never say
//   offset_out_of_range, which sends a consumer to its reset policy.

#include <gtest/gtest.h>

#include <signal.h>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"
#include "tests/chaos/proxied_network.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string group = "stale";
const std::string topic = "events";

commit_offsets_request commit_of(int64_t offset) {
  // From outside the group: no member, generation -1.
  return {{group, "", -1, ""}, {{{topic, partition_id{0}}, record_offset{offset}, "", -1}}};
}

std::optional<int64_t> committed_in(const committed_offsets& offsets) {
  for (const auto& o : offsets)
    if (o.partition == topic_partition{topic, partition_id{0}})
      return o.offset.value();
  return std::nullopt;
}

// A paused node gets SIGCONT before the cluster stops.
void resume_all(test_cluster& cluster) {
  for (int i = 1; i <= cluster.node_count(); ++i)
    if (cluster.running(node_id{i}))
      cluster.signal(node_id{i}, SIGCONT);
}

// The endpoints of every node but `id`.
std::vector<endpoint> others(const test_cluster& cluster, node_id id) {
  std::vector<endpoint> out;
  for (int i = 1; i <= cluster.node_count(); ++i)
    if (node_id{i} != id)
      out.push_back(cluster.endpoint_of(node_id{i}));
  return out;
}

class stale_leader : public ::testing::Test {
protected:
  stale_leader() : cluster_{3}, chaos_{cluster_} { cluster_.start_all(); }

  ~stale_leader() override { resume_all(cluster_); }

  std::vector<endpoint> endpoints_but(node_id id) const { return others(cluster_, id); }

  test_cluster cluster_;
  chaos_cluster chaos_;
};

TEST_F(stale_leader, a_deposed_coordinator_never_answers_an_older_commit) {
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  ASSERT_FALSE(chaos_.create_topic(topic_spec{topic, 1, 3}, 30s)) << cluster_.logs();
  admin_client admin{chaos_.system(), chaos_.endpoints(), 2000ms};
  ASSERT_TRUE(eventually([&] { return static_cast<bool>(admin.commit_offsets(commit_of(10))); },
                         30s))
    << cluster_.logs();
  auto coordinator = admin.find_coordinator(group);
  ASSERT_TRUE(coordinator) << describe(coordinator.error());

  // A handle on the coordinator's broker, taken while it still coordinates.
  admin_client old_node{chaos_.system(), {cluster_.endpoint_of(coordinator->id)}, 2000ms};
  auto old_broker = old_node.broker();
  ASSERT_TRUE(old_broker) << describe(old_broker.error());

  cluster_.signal(coordinator->id, SIGSTOP);
  admin_client others{chaos_.system(), endpoints_but(coordinator->id), 2000ms};
  ASSERT_TRUE(eventually([&] { return static_cast<bool>(others.commit_offsets(commit_of(20))); },
                         60s))
    << "no other node took the group over\n" << cluster_.logs();

  caf::scoped_actor self{chaos_.system()};
  auto asked = self->request(*old_broker, 30s, fetch_offsets_atom::value,
                             fetch_offsets_request{group, {}});
  cluster_.signal(coordinator->id, SIGCONT);
  asked.receive(
    [&](const committed_offsets& offsets) {
      auto offset = committed_in(offsets);
      ASSERT_TRUE(offset.has_value()) << "the resumed node forgot the group's commit";
      EXPECT_EQ(*offset, 20) << "the resumed node answered from memory it no longer owns";
    },
    [&](caf::error& err) {
      // Refusing is right: the caller asks the group's coordinator anew.
      EXPECT_TRUE(is_retriable(err)) << describe(err);
    });

  auto now = others.fetch_offsets(group);
  ASSERT_TRUE(now) << describe(now.error());
  EXPECT_EQ(committed_in(*now), std::optional<int64_t>{20});
}

// Sends `count` acks=all records to the topic through `bootstrap`.
bool produce(caf::actor_system& sys, const std::vector<endpoint>& bootstrap, int count) {
  producer p{sys, bootstrap};
  int failed = 0;
  for (int i = 0; i < count; ++i)
    p.send(topic, record{std::string{"k"}, "v" + std::to_string(i), {}, 0},
           [&](const delivery_report& d) { failed += d.ok() ? 0 : 1; });
  return p.flush() && failed == 0;
}

// Every link through a proxy: the old leader is cut off from its peers, then
// paused before it can notice (check-quorum), so that on resuming it still
// believes it leads, for an election timeout, while its clients reach it.
class isolated_leader : public ::testing::Test {
protected:
  isolated_leader() : cluster_{3}, network_{cluster_, 1}, chaos_{cluster_} {
    cluster_.start_all();
  }

  ~isolated_leader() override {
    network_.heal();
    resume_all(cluster_);
  }

  // One acks=all batch of `count` records to whichever other node leads.
  bool produce_at_others(node_id old_leader, group_id group, int count) {
    std::vector<record> records(static_cast<size_t>(count), record{std::string{"k"}, "v", {}, 0});
    auto batch = encode_record_batch(records);
    caf::scoped_actor self{chaos_.system()};
    for (const auto& e : others(cluster_, old_leader)) {
      admin_client node{chaos_.system(), {e}, 2000ms};
      auto broker = node.broker();
      bool stored = false;
      if (broker)
        self->request(*broker, 5s, produce_atom::value, group, produce_request{*batch, -1})
          .receive([&](const produce_reply&) { stored = true; }, [](caf::error&) {});
      if (stored)
        return true;
    }
    return false;
  }

  test_cluster cluster_;
  proxied_network network_;
  chaos_cluster chaos_;
};

TEST_F(isolated_leader, never_sends_a_consumer_past_its_end_to_its_reset_policy) {
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  ASSERT_FALSE(chaos_.create_topic(topic_spec{topic, 1, 3}, 30s)) << cluster_.logs();
  ASSERT_TRUE(produce(chaos_.system(), chaos_.endpoints(), 10)) << cluster_.logs();
  auto before = chaos_.topic(topic);
  ASSERT_TRUE(before && before->partitions.at(0).leader.value() > 0) << cluster_.logs();
  auto old_leader = before->partitions.at(0).leader;
  auto group = before->partitions.at(0).group;
  admin_client old_node{chaos_.system(), {cluster_.endpoint_of(old_leader)}, 2000ms};
  auto old_broker = old_node.broker();
  ASSERT_TRUE(old_broker) << describe(old_broker.error());

  network_.isolate(old_leader);
  cluster_.signal(old_leader, SIGSTOP);
  // The others elect a leader among them and take records the old one lacks,
  // sent to them alone (a client would also queue some at the old leader).
  ASSERT_TRUE(eventually([&] { return produce_at_others(old_leader, group, 20); }, 60s))
    << "the other nodes took no records\n" << cluster_.logs();

  caf::scoped_actor self{chaos_.system()};
  auto asked = self->request(*old_broker, 30s, fetch_atom::value, group,
                             fetch_request{record_offset{25}, 1 << 20, 0});
  cluster_.signal(old_leader, SIGCONT);
  asked.receive(
    [&](const fetch_reply& reply) {
      ADD_FAILURE() << "a cut-off leader answered a fetch past its end, high watermark "
                    << reply.high_watermark.value();
    },
    [&](caf::error& err) {
      EXPECT_NE(code_of(err), errc::offset_out_of_range)
        << "the cut-off leader sent the consumer to its reset policy: " << describe(err);
      EXPECT_TRUE(is_retriable(err)) << describe(err);
    });
}

} // namespace
} // namespace strom::testing
