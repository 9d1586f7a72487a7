// A group coordinator that was paused while another node took over must not
// answer a fetch of committed offsets from what it remembers: a consumer
// would start over from an offset older than one already committed (found by
// the Jepsen checker as "the committed offset went back"). The request
// reaches the paused node first, and is read when it resumes, alongside the
// new leader's messages that depose it.

#include <gtest/gtest.h>

#include <signal.h>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string group = "stale";
const std::string topic = "events";

commit_offsets_request commit_of(int64_t offset) {
  // From outside the group: no member, generation -1.
  return {{group, "", -1}, {{{topic, partition_id{0}}, record_offset{offset}, "", -1}}};
}

std::optional<int64_t> committed_in(const committed_offsets& offsets) {
  for (const auto& o : offsets)
    if (o.partition == topic_partition{topic, partition_id{0}})
      return o.offset.value();
  return std::nullopt;
}

class stale_coordinator : public ::testing::Test {
protected:
  stale_coordinator() : cluster_{3}, chaos_{cluster_} { cluster_.start_all(); }

  ~stale_coordinator() override {
    for (int i = 1; i <= cluster_.node_count(); ++i)
      if (cluster_.running(node_id{i}))
        cluster_.signal(node_id{i}, SIGCONT);
  }

  std::vector<endpoint> endpoints_but(node_id id) const {
    std::vector<endpoint> out;
    for (int i = 1; i <= cluster_.node_count(); ++i)
      if (node_id{i} != id)
        out.push_back(cluster_.endpoint_of(node_id{i}));
    return out;
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
};

TEST_F(stale_coordinator, a_deposed_coordinator_never_answers_an_older_commit) {
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

} // namespace
} // namespace strom::testing
