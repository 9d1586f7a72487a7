// Clients that behave as Kafka's consumers do, driven against a group_state
// with answers delivered in shuffled order: no partition is ever owned by
// two clients at once, in any generation, eager or cooperative; cooperative
// members never stop consuming a partition they keep.

#include <algorithm>
#include <random>

#include "tests/support/test_seed.hpp"
#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

struct sim_client {
  std::string name;
  member_id id;
  generation_id generation = no_generation;
  partition_set owned;      // what it consumes now
  partition_set last_given; // its last assignment, its claim when it rejoins
  bool waiting = false;     // a join or sync is pending
};

class group_sim {
public:
  group_sim(const std::string& assignor, uint32_t seed)
    : group_("g", test::quick_limits()), assignor_(assignor), random_(seed) {
    group_.topic_partitions_changed({{"t", 12}}, now_);
  }

  void add(const std::string& name) {
    clients_.push_back(sim_client{name, member_id{}, no_generation, {}, {}, false});
    join(clients_.size() - 1);
  }

  void remove(const std::string& name) {
    auto it = std::find_if(clients_.begin(), clients_.end(),
                           [&](const sim_client& c) { return c.name == name; });
    EXPECT_TRUE(group_.leave(it->id, now_));
    clients_.erase(it);
  }

  // Heartbeats and answers until the group is stable and every client idle.
  void settle() {
    for (int step = 0; step < 50; ++step) {
      bool quiet = heartbeat_all();
      for (const auto& write : group_.take_writes())
        group_.assignment_persisted(write.generation, now_);
      quiet = deliver(group_.take_completed()) && quiet;
      now_ += 100;
      if (quiet && group_.phase() == group_phase::stable)
        return;
    }
    ADD_FAILURE() << "the group did not settle; phase " << to_string(group_.phase());
  }

  void expect_every_partition_owned_once_and_balanced() const {
    partition_set all;
    size_t fewest = 12, most = 0;
    for (const auto& c : clients_) {
      all.insert(c.owned.begin(), c.owned.end());
      fewest = std::min(fewest, c.owned.size());
      most = std::max(most, c.owned.size());
    }
    EXPECT_EQ(all.size(), 12u);
    EXPECT_LE(most, fewest + 1);
  }

  size_t revoked = 0;     // partitions clients stopped consuming
  size_t generations = 0; // rebalances completed

private:
  bool eager() const { return !make_assignor(assignor_)->cooperative(); }

  void join(size_t i) {
    auto& c = clients_[i];
    if (eager())
      revoke(c, {}); // Kafka's eager consumer gives up all before it rejoins
    auto request = test::join_as(c.name, {"t"}, {assignor_});
    request.member = c.id;
    request.owned = c.last_given;
    request.owned_generation = c.generation;
    auto reply = test::join_new(group_, request, now_);
    ASSERT_TRUE(reply) << reply.error().describe();
    if (auto* pending = std::get_if<pending_reply>(&*reply)) {
      c.id = pending->member;
      c.waiting = true;
    } else {
      joined(c, std::get<join_response>(*reply));
    }
  }

  void joined(sim_client& c, const join_response& response) {
    c.generation = response.generation;
    auto reply = group_.sync(c.id, c.generation, now_);
    c.waiting = reply && std::holds_alternative<pending_reply>(*reply);
    if (reply && !c.waiting)
      synced(c, std::get<sync_response>(*reply));
  }

  void synced(sim_client& c, const sync_response& response) {
    generations = std::max(generations, static_cast<size_t>(response.generation.value()));
    revoke(c, response.assignment);
    c.owned = response.assignment;
    c.last_given = response.assignment;
    c.waiting = false;
    expect_no_partition_owned_twice();
  }

  void revoke(sim_client& c, const partition_set& keep) {
    for (const auto& p : c.owned)
      revoked += keep.count(p) == 0;
    partition_set kept;
    for (const auto& p : c.owned)
      if (keep.count(p))
        kept.insert(p);
    c.owned = kept;
  }

  void expect_no_partition_owned_twice() const {
    std::map<topic_partition, std::string> owner;
    for (const auto& c : clients_)
      for (const auto& p : c.owned) {
        auto [it, fresh] = owner.emplace(p, c.name);
        EXPECT_TRUE(fresh) << p << " owned by " << it->second << " and " << c.name;
      }
  }

  bool heartbeat_all() {
    bool quiet = true;
    for (size_t i = 0; i < clients_.size(); ++i) {
      if (clients_[i].waiting)
        continue;
      auto beat = group_.heartbeat(clients_[i].id, clients_[i].generation, now_);
      if (!beat) {
        quiet = false;
        join(i);
      }
    }
    return quiet;
  }

  sim_client& client(const member_id& id) {
    return *std::find_if(clients_.begin(), clients_.end(),
                         [&](const sim_client& c) { return c.id == id; });
  }

  bool deliver(group_completions done) {
    std::shuffle(done.joins.begin(), done.joins.end(), random_);
    std::shuffle(done.syncs.begin(), done.syncs.end(), random_);
    for (const auto& j : done.joins) {
      auto& c = client(j.member);
      c.waiting = false;
      if (j.response)
        joined(c, *j.response);
    }
    for (const auto& s : done.syncs) {
      auto& c = client(s.member);
      c.waiting = false;
      if (s.response)
        synced(c, *s.response);
    }
    return done.empty();
  }

  group_state group_;
  std::string assignor_;
  std::mt19937 random_;
  std::vector<sim_client> clients_;
  int64_t now_ = 1'000;
};

class rebalance_sim : public ::testing::TestWithParam<std::string> {};

TEST_P(rebalance_sim, no_partition_is_ever_owned_twice_as_members_come_and_go) {
  auto first = testing::test_seed();
  testing::seed_trace trace{first};
  for (uint32_t k = 0; k < 20; ++k) {
    auto seed = static_cast<uint32_t>(first + k);
    SCOPED_TRACE("run " + std::to_string(k));
    group_sim sim(GetParam(), seed);
    for (const auto& name : {"a", "b", "c"})
      sim.add(name);
    sim.settle();
    sim.expect_every_partition_owned_once_and_balanced();
    sim.add("d");
    sim.settle();
    sim.expect_every_partition_owned_once_and_balanced();
    sim.remove("b");
    sim.add("e");
    sim.settle();
    sim.expect_every_partition_owned_once_and_balanced();
  }
}

INSTANTIATE_TEST_SUITE_P(assignors, rebalance_sim,
                         ::testing::Values("range", "round_robin", "sticky",
                                           "cooperative_sticky"));

// 3 members own 4 of 12 partitions each; a fourth joins. Cooperatively only
// the 3 partitions that move are given up, in two rebalances; eagerly every
// member gives up everything.
TEST(rebalance_sim_cost, cooperative_members_only_give_up_what_moves) {
  group_sim cooperative("cooperative_sticky", 1);
  group_sim eager("sticky", 1);
  for (auto* sim : {&cooperative, &eager}) {
    for (const auto& name : {"a", "b", "c"})
      sim->add(name);
    sim->settle();
    sim->revoked = 0;
    sim->generations = 0;
    sim->add("d");
    sim->settle();
    sim->expect_every_partition_owned_once_and_balanced();
  }
  EXPECT_EQ(cooperative.revoked, 3u);
  EXPECT_EQ(eager.revoked, 12u);
}

} // namespace
} // namespace strom
