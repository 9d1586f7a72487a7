// One raft group across three real processes (`strom bench raft-node`), its
// messages carried by the brokers over CAF remoting: it commits, survives the
// loss of its leader, and takes the old leader back.

#include <gtest/gtest.h>

#include <signal.h>

#include "messages/error_category.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const group_id bench_group{1};

class replica_processes : public ::testing::Test {
protected:
  replica_processes() : cluster_{3, "", {"bench", "raft-node"}}, view_{cluster_} {}

  admin_client client_for(node_id id) {
    return admin_client{view_.system(), {cluster_.endpoint_of(id)}, 2000ms};
  }

  std::optional<replica_status> status(node_id id) {
    auto client = client_for(id);
    auto s = client.status(bench_group);
    return s ? std::optional<replica_status>{*s} : std::nullopt;
  }

  std::optional<node_id> leader(std::optional<node_id> except = std::nullopt) {
    std::optional<node_id> found;
    eventually([&] {
      for (int n = 1; n <= 3; ++n) {
        node_id id{n};
        if (!cluster_.running(id) || id == except)
          continue;
        if (auto s = status(id); s && s->role == "leader")
          found = id;
      }
      return found.has_value();
    }, 15s);
    return found;
  }

  // Proposes `count` batches of two through `via`; true if all committed.
  bool propose_batches(node_id via, int count, const std::string& tag) {
    auto client = client_for(via);
    for (int i = 0; i < count; ++i) {
      auto index = client.propose(bench_group, {tag + std::to_string(i), tag + "x"});
      if (!index) {
        ADD_FAILURE() << "proposal " << i << " via node " << via << ": " << describe(index.error());
        return false;
      }
    }
    return true;
  }

  // Every running replica applied the same entries: same count and digest.
  bool converged(std::chrono::milliseconds timeout) {
    return eventually([&] {
      std::optional<std::string> first;
      for (int n = 1; n <= 3; ++n) {
        auto s = status(node_id{n});
        if (!s)
          return false;
        if (!first)
          first = s->machine;
        else if (*first != s->machine)
          return false;
      }
      return true;
    }, timeout);
  }

  test_cluster cluster_;
  cluster_view view_;
};

TEST_F(replica_processes, commits_across_processes_and_survives_its_leader) {
  cluster_.start_all();
  auto first = leader();
  ASSERT_TRUE(first) << "no leader within 15 s\n" << cluster_.logs();
  ASSERT_TRUE(propose_batches(*first, 50, "a"));
  ASSERT_TRUE(converged(10s)) << cluster_.logs();

  cluster_.signal(*first, SIGKILL);
  cluster_.reap(*first);
  auto second = leader(first);
  ASSERT_TRUE(second) << "the survivors elected no leader\n" << cluster_.logs();
  ASSERT_TRUE(propose_batches(*second, 50, "b"));

  cluster_.start(*first);
  EXPECT_TRUE(converged(15s)) << "the restarted node did not catch up\n" << cluster_.logs();
  auto s = status(*first);
  ASSERT_TRUE(s);
  EXPECT_NE(s->machine.find("applied=200"), std::string::npos) << s->machine;
}

TEST_F(replica_processes, a_follower_refuses_a_proposal_with_not_leader) {
  cluster_.start_all();
  auto l = leader();
  ASSERT_TRUE(l) << cluster_.logs();
  node_id follower{l->value() == 1 ? 2 : 1};
  ASSERT_TRUE(eventually([&] {
    auto s = status(follower);
    return s && s->leader == *l;
  }, 10s));
  auto client = client_for(follower);
  auto refused = client.propose(bench_group, {"x"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), errc::not_leader) << describe(refused.error());
}

} // namespace
} // namespace strom::testing
