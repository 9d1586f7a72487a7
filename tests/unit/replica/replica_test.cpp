// Three replicas of one group in one actor system, each with its own LMDB
// store and writer thread, joined by a local router that can cut a node off.

#include <gtest/gtest.h>

#include <future>

#include <filesystem>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/replica/local_router.hpp"
#include "actors/replica/replica.hpp"
#include "messages/error_category.hpp"
#include "storage/log_store.hpp"
#include "storage/raft_state.hpp"
#include "tests/support/process.hpp"
#include "tests/unit/replica/list_machine.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const group_id group{7};
const std::vector<node_id> voters{node_id{1}, node_id{2}, node_id{3}};

struct node_fixture {
  std::string dir;
  std::unique_ptr<storage::env> environment;
  std::unique_ptr<storage::writer> writer;
  std::shared_ptr<list_machine> machine = std::make_shared<list_machine>();
  replica_actor actor;
};

class replica_group : public ::testing::Test {
protected:
  void SetUp() override {
    router_ = sys_.spawn(local_router);
    for (auto id : voters) {
      auto& n = nodes_[id];
      n.dir = make_temp_dir("strom-replica");
      open_storage(n);
      start(id);
    }
  }

  void TearDown() override {
    for (auto id : voters)
      stop(id);
    caf::anon_send_exit(router_, caf::exit_reason::user_shutdown);
    for (auto& [id, n] : nodes_)
      std::filesystem::remove_all(n.dir);
  }

  void open_storage(node_fixture& n) {
    storage::storage_config cfg;
    cfg.data_dir = n.dir;
    cfg.map_size_bytes = uint64_t{64} << 20;
    auto opened = storage::env::open(cfg);
    ASSERT_TRUE(opened) << opened.error().describe();
    n.environment = std::move(*opened);
    n.writer = std::make_unique<storage::writer>(*n.environment);
  }

  // A replica over the node's store; its state machine starts empty and is
  // rebuilt from the log.
  void start(node_id id) {
    auto& n = nodes_[id];
    n.machine = std::make_shared<list_machine>();
    replica_settings s;
    s.group = group;
    s.self = id;
    s.initial_voters = voters;
    s.environment = n.environment.get();
    s.writer = n.writer.get();
    s.router = router_;
    s.machine = n.machine;
    s.timing.tick_interval_ms = 10ms;
    s.seed = static_cast<uint64_t>(id.value());
    s.preferred_leader = preferred_;
    s.compaction = compaction_;
    n.actor = sys_.spawn(replica, s);
    caf::anon_send(router_, register_atom::value, id, group, n.actor);
  }

  void stop(node_id id) {
    auto& n = nodes_[id];
    if (!n.actor)
      return;
    caf::scoped_actor self{sys_};
    self->monitor(n.actor);
    self->send_exit(n.actor, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
    n.actor = nullptr;
    drain_writes(n);
  }

  // A node's process restart stops its writer with its replicas. Here the
  // writer outlives the replica: a write the stopped replica left queued (a
  // snapshot that drops the log before it) would land after its successor
  // read the store, and the successor would apply the log with a hole (seen:
  // a snapshot at 80 restored, entries to 100 dropped under it). An empty
  // request of the group lands after every earlier one of the group.
  void drain_writes(node_fixture& n) {
    std::promise<void> landed;
    storage::write_request marker;
    marker.group = group;
    auto queued = n.writer->submit(std::move(marker), [&](result<storage::write_ack>) {
      landed.set_value();
    });
    ASSERT_TRUE(queued) << queued.error().describe();
    landed.get_future().wait();
  }

  std::optional<replica_status> status(node_id id) {
    caf::scoped_actor self{sys_};
    std::optional<replica_status> out;
    self->request(nodes_[id].actor, 2s, status_atom::value)
      .receive([&](const replica_status& s) { out = s; }, [](caf::error&) {});
    return out;
  }

  // The leader all running replicas agree on, once there is one.
  std::optional<node_id> wait_for_leader(std::chrono::milliseconds timeout,
                                         std::optional<node_id> except = std::nullopt) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      for (auto id : voters) {
        if (!nodes_[id].actor || id == except)
          continue;
        auto s = status(id);
        if (s && s->role == "leader")
          return id;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  bool eventually_status_leader_known(node_id id, node_id leader) {
    // 30 s: a bound on a hang, not a claim of speed.
    for (int i = 0; i < 1500; ++i) {
      auto s = status(id);
      if (s && s->leader == leader)
        return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  caf::expected<raft_index> propose(node_id to, std::vector<std::string> payloads) {
    caf::scoped_actor self{sys_};
    caf::expected<raft_index> out{caf::sec::request_timeout};
    self->request(nodes_[to].actor, 5s, propose_atom::value, std::move(payloads))
      .receive([&](raft_index i) { out = i; }, [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  bool all_applied(const std::vector<std::string>& expected, std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      bool same = true;
      for (auto id : voters)
        same = same && nodes_[id].machine->items() == expected;
      if (same || std::chrono::steady_clock::now() >= until)
        return same;
      std::this_thread::sleep_for(20ms);
    }
  }

  caf::actor_system_config cfg_;
  caf::actor_system sys_{cfg_};
  local_router_actor router_;
  std::map<node_id, node_fixture> nodes_;
  node_id preferred_{-1};
  compaction_policy compaction_;
};

// Every replica names one preferred leader, as a partition's replicas do:
// node 3, which with these seeds loses the first election when it waits.
class preferred_group : public replica_group {
protected:
  preferred_group() { preferred_ = node_id{3}; }
};

// Every replica snapshots its list every 20 entries and drops the log
// before it, as the controller's group does (at a larger bound).
class compacting_group : public replica_group {
protected:
  compacting_group() { compaction_.entries_max = 20; }

  // The node's stored snapshot index and first log index (0 when none).
  std::pair<int64_t, int64_t> stored_bounds(node_id id) {
    auto& env = *nodes_[id].environment;
    auto snap = storage::raft_state_store{env}.load_snapshot(group);
    auto first = storage::log_store{env}.first_index(group);
    EXPECT_TRUE(snap && first);
    return {snap && *snap ? (*snap)->last_included_index.value() : 0,
            first && *first ? (*first)->value() : 0};
  }

  // Proposes count single payloads named prefix-N, each after the last one
  // was committed, and returns them.
  std::vector<std::string> propose_each(node_id leader, const std::string& prefix, int count) {
    std::vector<std::string> sent;
    for (int i = 0; i < count; ++i) {
      sent.push_back(prefix + std::to_string(i));
      auto index = propose(leader, {sent.back()});
      EXPECT_TRUE(index) << describe(index.error());
    }
    return sent;
  }
};

TEST_F(compacting_group, snapshots_drop_the_log_and_a_restart_rebuilds_from_them) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader);
  auto sent = propose_each(*leader, "a", 100);
  ASSERT_TRUE(all_applied(sent, 30s));
  for (auto id : voters) {
    auto [snapshot, first] = stored_bounds(id);
    // At least one snapshot past entry 60; the log (if any is left)
    // starts right after it.
    EXPECT_GE(snapshot, 60) << "node " << id.value();
    if (first != 0) {
      EXPECT_EQ(first, snapshot + 1) << "node " << id.value();
    }
  }
  for (auto id : voters)
    stop(id);
  for (auto id : voters)
    start(id);
  EXPECT_TRUE(all_applied(sent, 10s)) << "state lost across a restart from a snapshot";
  auto again = wait_for_leader(30s);
  ASSERT_TRUE(again);
  ASSERT_TRUE(propose(*again, {"after"}));
  sent.push_back("after");
  EXPECT_TRUE(all_applied(sent, 10s));
}

// The leader dropped the entries a stopped follower lacks: it catches up
// from the leader's snapshot, then from the log.
TEST_F(compacting_group, a_follower_behind_the_log_start_catches_up_from_a_snapshot) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader);
  auto sent = propose_each(*leader, "a", 5);
  ASSERT_TRUE(all_applied(sent, 30s));
  auto behind = *leader == voters[2] ? voters[1] : voters[2];
  stop(behind);
  auto more = propose_each(*leader, "b", 60);
  sent.insert(sent.end(), more.begin(), more.end());
  ASSERT_GE(stored_bounds(*leader).first, 20) << "the leader kept the entries the follower lacks";
  start(behind);
  EXPECT_TRUE(all_applied(sent, 30s)) << "the follower did not catch up";
  EXPECT_GE(stored_bounds(behind).first, 20) << "the follower took no snapshot";
}

TEST_F(replica_group, elects_one_leader_and_commits_proposals_on_every_replica) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader) << "no leader within 10 s";
  std::vector<std::string> sent;
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<std::string> payloads;
    for (int i = 0; i < 5; ++i)
      payloads.push_back("b" + std::to_string(batch) + "-" + std::to_string(i));
    auto index = propose(*leader, payloads);
    ASSERT_TRUE(index) << describe(index.error());
    sent.insert(sent.end(), payloads.begin(), payloads.end());
  }
  EXPECT_TRUE(all_applied(sent, 30s)) << "replicas applied different lists";
  size_t leaders = 0;
  for (auto id : voters)
    leaders += status(id)->role == "leader" ? 1 : 0;
  EXPECT_EQ(leaders, 1u);
}

// It stands at its first tick: it leads the first term, and no handover
// (a later term) follows.
TEST_F(preferred_group, a_new_groups_preferred_replica_leads_its_first_term) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader) << "no leader within 30 s";
  EXPECT_EQ(*leader, node_id{3});
  EXPECT_EQ(status(*leader)->term, term_id{1});
}

TEST_F(replica_group, a_follower_refuses_proposals_naming_the_leader) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader);
  ASSERT_TRUE(propose(*leader, {"x"}));
  auto follower = *leader == voters[0] ? voters[1] : voters[0];
  ASSERT_TRUE(eventually_status_leader_known(follower, *leader));
  auto refused = propose(follower, {"y"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), errc::not_leader) << describe(refused.error());
}

TEST_F(replica_group, an_isolated_leader_is_replaced_and_catches_up_when_healed) {
  auto first = wait_for_leader(30s);
  ASSERT_TRUE(first);
  ASSERT_TRUE(propose(*first, {"before"}));
  caf::anon_send(router_, isolate_atom::value, *first, true);
  auto second = wait_for_leader(30s, first);
  ASSERT_TRUE(second) << "the majority elected no new leader";
  ASSERT_NE(*second, *first);
  ASSERT_TRUE(propose(*second, {"during"}));
  caf::anon_send(router_, isolate_atom::value, *first, false);
  EXPECT_TRUE(all_applied({"before", "during"}, 30s)) << "the old leader did not catch up";
}

TEST_F(replica_group, a_restarted_group_rebuilds_its_state_from_the_log) {
  auto leader = wait_for_leader(30s);
  ASSERT_TRUE(leader);
  ASSERT_TRUE(propose(*leader, {"a", "b"}));
  ASSERT_TRUE(propose(*leader, {"c"}));
  ASSERT_TRUE(all_applied({"a", "b", "c"}, 10s));
  for (auto id : voters)
    stop(id);
  for (auto id : voters)
    start(id);
  EXPECT_TRUE(all_applied({"a", "b", "c"}, 10s)) << "state lost across a restart";
  auto again = wait_for_leader(30s);
  ASSERT_TRUE(again);
  ASSERT_TRUE(propose(*again, {"d"}));
  EXPECT_TRUE(all_applied({"a", "b", "c", "d"}, 10s));
}

} // namespace
} // namespace strom::testing
