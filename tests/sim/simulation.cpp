#include "tests/sim/simulation.hpp"

#include <algorithm>
#include <sstream>

#include "tests/sim/world.hpp"

namespace strom::raft::sim {

namespace {

// Liveness bound, in ticks after the heal (E = election_tick):
//   leases held when the faults stop expire               E
//   a follower's randomized timeout fires                < 2E
//   split votes: a few more rounds of < 2E each           3 * 2E
//   pre-vote + vote + no-op round trips, 1-tick delays
//   and slow disks, and catching a majority up on the
//   bounded backlog (see max_backlog_entries)            2E
// = 11E; asserted with the margin of one more timeout: 12E.
int64_t liveness_budget_ticks(const config& cfg) { return 12 * cfg.election_tick; }

// Simulated clients stop proposing to a leader with this many uncommitted
// entries, as real clients do when their requests time out.
constexpr int64_t max_backlog_entries = 64;

struct run_state {
  world& w;
  const options& opts;
  outcome result;
  int voters_initial = 0;
  int64_t proposal_counter = 0;
  int crash_percent = 0;
  int partition_percent = 0;
  int membership_percent = 0;
  int transfer_percent = 0;
  int leader_isolation_percent = 0;
};

config make_config(run_state& s, int id, int nodes) {
  auto& rng = s.w.rng;
  static constexpr size_t append_bytes[] = {60, 400, 4096, 1024 * 1024};
  static constexpr size_t inflight_messages[] = {2, 4, 64};
  static constexpr size_t inflight_bytes[] = {800, 8192, 8 * 1024 * 1024};
  config cfg;
  cfg.id = node_id{id};
  cfg.seed = s.opts.seed;
  cfg.election_tick = 10;
  cfg.heartbeat_tick = 1;
  if (id <= s.voters_initial)
    for (int v = 1; v <= s.voters_initial; ++v)
      cfg.initial_voters.emplace_back(v);
  (void) nodes;
  // Every node of a run shares one configuration; the first node draws it.
  if (id == 1) {
    cfg.pre_vote = rng.chance(4, 5);
    cfg.check_quorum = rng.chance(4, 5);
    cfg.max_append_bytes = append_bytes[rng.below(4)];
    cfg.max_inflight_messages = inflight_messages[rng.below(3)];
    cfg.max_inflight_bytes = inflight_bytes[rng.below(3)];
  } else {
    auto first = s.w.nodes.front().settings;
    cfg.pre_vote = first.pre_vote;
    cfg.check_quorum = first.check_quorum;
    cfg.max_append_bytes = first.max_append_bytes;
    cfg.max_inflight_messages = first.max_inflight_messages;
    cfg.max_inflight_bytes = first.max_inflight_bytes;
  }
  return cfg;
}

void set_up(run_state& s) {
  auto& rng = s.w.rng;
  int nodes = rng.chance(1, 2) ? 3 : 5;
  s.voters_initial = nodes == 5 && rng.chance(1, 3) ? 3 : nodes;
  for (int id = 1; id <= nodes; ++id)
    s.w.add_node(make_config(s, id, nodes));
  s.w.sky.drop_percent = static_cast<int>(rng.below(11));
  s.w.sky.duplicate_percent = static_cast<int>(rng.below(6));
  s.w.sky.max_delay_ticks = static_cast<int>(rng.below(4));
  s.w.sky.slow_disk_percent = static_cast<int>(rng.below(30));
  s.w.sky.crash_mid_write_percent = static_cast<int>(rng.below(2));
  s.w.sky.crash_mid_ready_percent = static_cast<int>(rng.below(2));
  s.w.sky.failed_write_percent = static_cast<int>(rng.below(3));
  s.w.sky.skip_tick_percent = static_cast<int>(rng.below(5));
  s.crash_percent = static_cast<int>(rng.below(4));
  s.partition_percent = static_cast<int>(rng.below(5));
  s.membership_percent = nodes == 5 ? static_cast<int>(rng.below(4)) : 0;
  s.transfer_percent = static_cast<int>(rng.below(3));
  s.leader_isolation_percent = static_cast<int>(rng.below(8));
  s.result.nodes = nodes;
  const auto& c = s.w.nodes.front().settings;
  std::ostringstream line;
  line << "seed " << s.opts.seed << ": " << nodes << " nodes, " << s.voters_initial
       << " voters, pre_vote=" << c.pre_vote << " check_quorum=" << c.check_quorum
       << " max_append_bytes=" << c.max_append_bytes << " max_inflight_messages="
       << c.max_inflight_messages << " max_inflight_bytes=" << c.max_inflight_bytes
       << " drop%=" << s.w.sky.drop_percent << " dup%=" << s.w.sky.duplicate_percent
       << " delay<=" << s.w.sky.max_delay_ticks << " crash%=" << s.crash_percent
       << " partition%=" << s.partition_percent << " slow_disk%=" << s.w.sky.slow_disk_percent
       << " crash_mid_write%=" << s.w.sky.crash_mid_write_percent << " failed_write%="
       << s.w.sky.failed_write_percent << " broken=" << to_string(s.opts.broken);
  s.w.trace(line.str());
}

// A node that believes it leads, chosen at random among such nodes.
sim_node* some_leader(world& w) {
  std::vector<sim_node*> leaders;
  for (auto& n : w.nodes)
    if (n.raft && n.raft->role() == role::leader)
      leaders.push_back(&n);
  if (leaders.empty())
    return nullptr;
  return leaders[w.rng.below(leaders.size())];
}

size_t random_node(world& w, bool alive) {
  std::vector<size_t> fit;
  for (size_t i = 0; i < w.nodes.size(); ++i)
    if (static_cast<bool>(w.nodes[i].raft) == alive)
      fit.push_back(i);
  return fit.empty() ? w.nodes.size() : fit[w.rng.below(fit.size())];
}

void propose(run_state& s) {
  auto& w = s.w;
  if (!w.rng.chance(2, 5))
    return;
  auto* target = some_leader(w);
  if (target == nullptr) {
    auto i = random_node(w, true);
    if (i == w.nodes.size())
      return;
    target = &w.nodes[i];
  }
  auto& raft = *target->raft;
  if (raft.log().last_index().value() - raft.commit_index().value() >= max_backlog_entries)
    return;
  std::vector<std::string> payloads;
  auto count = 1 + w.rng.below(3);
  for (uint64_t k = 0; k < count; ++k)
    payloads.push_back("p" + std::to_string(++s.proposal_counter));
  auto index = raft.propose(payloads);
  if (!index)
    return;
  w.drive(*target);
  for (const auto& p : payloads)
    w.proposals.emplace(p, w.now);
  w.trace("client proposes " + payloads.front() + ".." + payloads.back() + " at node "
          + std::to_string(raft.id().value()) + ", last index " + std::to_string(index->value()));
}

const char* verb(membership_change::kind what) {
  switch (what) {
    case membership_change::kind::add: return " adds ";
    case membership_change::kind::add_learner: return " adds as a learner ";
    case membership_change::kind::promote: return " promotes ";
    case membership_change::kind::remove: return " removes ";
  }
  return " changes ";
}

// One change the leader's membership allows: a learner is promoted or
// removed, an outsider added as a voter or a learner, or a voter removed.
membership_change pick_change(run_state& s, const membership& m) {
  auto& rng = s.w.rng;
  using kind = membership_change::kind;
  std::vector<node_id> outside;
  for (const auto& n : s.w.nodes)
    if (!m.contains(n.settings.id) && !m.is_learner(n.settings.id))
      outside.push_back(n.settings.id);
  if (!m.learners.empty() && rng.chance(1, 2))
    return {rng.chance(2, 3) ? kind::promote : kind::remove,
            m.learners[rng.below(m.learners.size())]};
  if (!outside.empty() && (m.voters.size() <= 2 || rng.chance(1, 2)))
    return {rng.chance(1, 2) ? kind::add : kind::add_learner,
            outside[rng.below(outside.size())]};
  return {kind::remove, m.voters[rng.below(m.voters.size())]};
}

void change_membership(run_state& s) {
  auto* leader = some_leader(s.w);
  if (leader == nullptr)
    return;
  auto& raft = *leader->raft;
  auto change = pick_change(s, raft.voters());
  auto done = raft.change_membership(change);
  if (!done)
    return;
  s.w.drive(*leader);
  ++s.result.membership_changes;
  s.w.trace(std::string{"leader "} + std::to_string(raft.id().value()) + verb(change.what)
            + "node " + std::to_string(change.server.value()) + " at index "
            + std::to_string(done->value()));
}

void inject_faults(run_state& s) {
  auto& w = s.w;
  auto& rng = w.rng;
  if (rng.chance(static_cast<uint64_t>(s.crash_percent), 100)) {
    auto i = random_node(w, true);
    if (i < w.nodes.size()) {
      w.crash(i);
      ++s.result.crashes;
    }
  }
  if (rng.chance(8, 100)) {
    auto i = random_node(w, false);
    if (i < w.nodes.size())
      w.restart(i);
  }
  if (rng.chance(static_cast<uint64_t>(s.partition_percent), 100)) {
    std::string groups;
    for (auto& n : w.nodes) {
      n.partition = static_cast<int>(rng.below(2));
      groups += std::to_string(n.partition);
    }
    w.trace("partition " + groups);
  } else if (rng.chance(static_cast<uint64_t>(s.leader_isolation_percent), 100)) {
    // The nemesis aims at leaders: cutting one off right after it won is
    // what produces Figure 8's histories (old-term entries spread, then lost).
    if (auto* leader = some_leader(w)) {
      for (auto& n : w.nodes)
        n.partition = 0;
      leader->partition = 1;
      auto buddy = rng.below(w.nodes.size());
      if (rng.chance(1, 2))
        w.nodes[buddy].partition = 1;
      w.trace("nemesis isolates leader " + std::to_string(leader->settings.id.value()));
    }
  } else if (rng.chance(10, 100)) {
    for (auto& n : w.nodes)
      n.partition = 0;
    w.trace("partition healed");
  }
  if (rng.chance(static_cast<uint64_t>(s.transfer_percent), 100)) {
    if (auto* leader = some_leader(w)) {
      const auto& v = leader->raft->voters().voters;
      if (!v.empty()) {
        auto to = v[rng.below(v.size())];
        w.trace("leader transfers to node " + std::to_string(to.value()));
        (void) leader->raft->transfer_leadership(to);
        w.drive(*leader);
      }
    }
  }
  if (rng.chance(static_cast<uint64_t>(s.membership_percent), 100))
    change_membership(s);
}

void heal(run_state& s) {
  auto& w = s.w;
  w.trace("heal: no more faults; the network delivers within a tick");
  for (size_t i = 0; i < w.nodes.size(); ++i) {
    w.nodes[i].partition = 0;
    if (!w.nodes[i].raft)
      w.restart(i);
  }
  w.sky.drop_percent = 0;
  w.sky.duplicate_percent = 0;
  w.sky.max_delay_ticks = std::min(w.sky.max_delay_ticks, 1);
  w.sky.crash_mid_write_percent = 0;
  w.sky.crash_mid_ready_percent = 0;
  w.sky.failed_write_percent = 0;
  w.sky.skip_tick_percent = 0;
}

// Converged: the leader applied a proposal made after the heal, which means
// a majority of the voters stored it durably.
bool converged(run_state& s, int64_t heal_tick) {
  auto* leader = some_leader(s.w);
  if (leader == nullptr)
    return false;
  for (const auto& [payload, nodes] : s.w.applied_at) {
    auto made = s.w.proposals.at(payload);
    if (made >= heal_tick && nodes.count(leader->settings.id.value()) != 0)
      return true;
  }
  return false;
}

bool run_until_quiet(run_state& s) {
  // A limit on every loop: a tick that never quiets down is a bug too.
  constexpr int64_t max_steps_per_tick = 200000;
  for (int64_t k = 0; k < max_steps_per_tick; ++k) {
    if (!s.w.step())
      return true;
    if (!s.w.checker().ok())
      return false;
  }
  s.w.report("no quiet point within one tick: a message storm");
  return false;
}

} // namespace

outcome run(const options& opts) {
  world w(opts.seed, opts.trace, driver_config{opts.broken});
  run_state s{w, opts, {}};
  set_up(s);
  auto budget = opts.liveness_budget_ticks > 0
                  ? opts.liveness_budget_ticks
                  : liveness_budget_ticks(w.nodes.front().settings);
  s.result.liveness_budget_ticks = budget;
  for (w.now = 0;; ++w.now) {
    bool healed = w.now >= opts.fault_ticks;
    if (w.now == opts.fault_ticks)
      heal(s);
    if (!healed)
      inject_faults(s);
    propose(s);
    for (size_t i = 0; i < w.nodes.size(); ++i)
      if (w.rng.chance(3, 100))
        w.compact(i);
    if (!w.checker().ok() || !run_until_quiet(s))
      break;
    if (healed && converged(s, opts.fault_ticks)) {
      s.result.heal_to_converge_ticks = w.now - opts.fault_ticks;
      break;
    }
    if (healed && w.now - opts.fault_ticks >= budget) {
      w.report("liveness: no proposal made after the heal committed within "
               + std::to_string(budget) + " ticks");
      break;
    }
    w.tick_all();
    if (!w.checker().ok())
      break;
  }
  s.result.ok = w.checker().ok();
  if (!s.result.ok)
    s.result.failure = "tick " + std::to_string(w.now) + ": " + w.checker().failure();
  s.result.ticks = w.now;
  s.result.steps = w.steps;
  s.result.elections_won = w.elections_won;
  s.result.snapshots_installed = w.snapshots_installed;
  for (const auto& n : w.nodes)
    if (n.raft)
      s.result.entries_committed = std::max(s.result.entries_committed, n.raft->commit_index().value());
  return s.result;
}

std::string describe(const outcome& o) {
  std::ostringstream out;
  out << (o.ok ? "ok" : "FAILED") << ": " << o.nodes << " nodes, " << o.ticks << " ticks, "
      << o.steps << " steps, " << o.elections_won << " elections won, " << o.entries_committed
      << " committed, " << o.crashes << " crashes, " << o.snapshots_installed
      << " snapshots installed, " << o.membership_changes << " membership changes, converged "
      << o.heal_to_converge_ticks << " ticks after the heal (budget " << o.liveness_budget_ticks
      << ")";
  if (!o.ok)
    out << "\n  " << o.failure;
  return out.str();
}

} // namespace strom::raft::sim
