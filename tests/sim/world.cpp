#include "tests/sim/world.hpp"

#include <cstdlib>

namespace strom::raft::sim {

namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0x94d049bb133111ebULL;
}

size_t slot(node_id id) { return static_cast<size_t>(id.value() - 1); }

} // namespace

std::string encode_state(raft_index applied, uint64_t hash) {
  return std::to_string(applied.value()) + ":" + std::to_string(hash);
}

world::world(uint64_t seed, std::ostream* trace, driver_config driving)
  : rng(seed), trace_(trace), driving_(driving) {}

void world::add_node(config settings) {
  auto& n = nodes.emplace_back();
  n.settings = std::move(settings);
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
  n.drive = std::make_unique<driver>(*n.raft, n.saved, driving_);
}

void world::trace(const std::string& line) {
  if (trace_ != nullptr)
    *trace_ << "t=" << now << " " << line << "\n";
}

std::string world::name(const sim_node& n) const {
  return "node " + std::to_string(n.settings.id.value());
}

std::vector<const core*> world::live() const {
  std::vector<const core*> out;
  for (const auto& n : nodes)
    if (n.raft)
      out.push_back(n.raft.get());
  return out;
}

void world::check(const core* acted) {
  note_roles();
  checker_.check(live(), acted);
}

bool world::step() {
  struct action {
    bool deliver; // else: a node's write lands (or fails, or its node crashes)
    size_t index;
  };
  std::vector<action> actions;
  for (size_t i = 0; i < network.size(); ++i)
    if (network[i].deliver_at <= now)
      actions.push_back({true, i});
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    if (n.raft && n.drive->writing() != nullptr && !n.drive->write_failed()
        && n.write_lands_at <= now)
      actions.push_back({false, i});
  }
  if (actions.empty())
    return false;
  auto chosen = actions[rng.below(actions.size())];
  ++steps;
  if (chosen.deliver)
    deliver(chosen.index);
  else
    land_write(chosen.index);
  return true;
}

void world::deliver(size_t packet_index) {
  auto m = std::move(network[packet_index].m);
  network[packet_index] = std::move(network.back());
  network.pop_back();
  auto& target = nodes[slot(m.to)];
  const char* lost = nullptr;
  if (!target.raft)
    lost = "node down";
  else if (nodes[slot(m.from)].partition != target.partition)
    lost = "partitioned";
  else if (rng.chance(static_cast<uint64_t>(sky.drop_percent), 100))
    lost = "dropped";
  if (lost != nullptr) {
    trace(std::string{"lost ("} + lost + ") " + to_string(m));
    return;
  }
  if (rng.chance(static_cast<uint64_t>(sky.duplicate_percent), 100)) {
    auto delay = static_cast<int64_t>(rng.below(static_cast<uint64_t>(sky.max_delay_ticks) + 1));
    network.push_back({m, now + delay});
    trace("duplicated " + to_string(m));
  }
  trace("deliver " + to_string(m));
  target.raft->step(std::move(m));
  check(target.raft.get());
  drive(target);
}

void world::drive(sim_node& n) {
  // A limit on every loop: a driver that always has more to do is a bug.
  constexpr int plans_max = 1000;
  for (int k = 0; k < plans_max; ++k) {
    if (!n.raft)
      return;
    auto p = n.drive->next();
    if (p.empty())
      return;
    carry_out(n, std::move(p));
  }
  report(name(n) + "'s driver never runs out of plans");
}

// In the plan's order: send, start the write, apply and advance.
void world::carry_out(sim_node& n, plan p) {
  if (!p.send.empty() && n.drive->writing() != nullptr)
    trace(name(n) + " sends " + std::to_string(p.send.size()) + " before its write lands");
  for (auto& m : p.send)
    send(std::move(m));
  if (p.persist != nullptr)
    start_write(n, *p.persist);
  if (!p.finish)
    return;
  apply(n, *p.finish);
  n.drive->advance();
  check(n.raft.get());
}

namespace {

void persist(memory_log& disk, hard_state& saved, const write& w) {
  if (w.hard_state)
    saved = *w.hard_state;
  if (w.snapshot)
    disk.install_snapshot(*w.snapshot);
  disk.append(w.entries);
}

} // namespace

void world::start_write(sim_node& n, const write& w) {
  checker_.on_persist(w.entries);
  persist(n.disk, n.saved, w); // readable at once, durable once it lands
  bool slow = rng.chance(static_cast<uint64_t>(sky.slow_disk_percent), 100);
  n.write_lands_at = now + (slow ? 1 : 0);
  if (trace_ == nullptr)
    return;
  std::string line = name(n) + " writes:";
  if (w.hard_state)
    line += " term=" + std::to_string(w.hard_state->current_term.value()) + " vote="
            + std::to_string(w.hard_state->voted_for.value()) + " commit="
            + std::to_string(w.hard_state->commit.value());
  if (w.snapshot)
    line += " snapshot=" + std::to_string(w.snapshot->meta.index.value());
  if (!w.entries.empty())
    line += " entries=" + std::to_string(w.entries.front().index.value()) + ".."
            + std::to_string(w.entries.back().index.value());
  trace(line + (slow ? " (slow disk)" : ""));
}

void world::land_write(size_t i) {
  auto& n = nodes[i];
  if (rng.chance(static_cast<uint64_t>(sky.crash_mid_write_percent), 100)) {
    trace(name(n) + " crashes before its write lands");
    return crash(i);
  }
  if (rng.chance(static_cast<uint64_t>(sky.failed_write_percent), 100))
    return fail_write(n);
  const auto& w = *n.drive->writing();
  persist(n.durable_disk, n.durable_saved, w);
  trace(name(n) + "'s write lands");
  if (rng.chance(static_cast<uint64_t>(sky.crash_mid_ready_percent), 100)) {
    trace(name(n) + " crashes after its write landed, before going on");
    return crash(i);
  }
  carry_out(n, n.drive->persisted(w.id, true));
  drive(n);
}

// Nothing of a failed write is on the disk, readable or durable.
void world::fail_write(sim_node& n) {
  trace(name(n) + "'s write fails; nothing of it is stored");
  n.disk = n.durable_disk;
  n.saved = n.durable_saved;
  auto p = n.drive->persisted(n.drive->writing()->id, false);
  if (!p.retry_later)
    report(name(n) + "'s driver does not ask to retry a failed write");
}

void world::apply(sim_node& n, const completion& done) {
  if (done.written.snapshot)
    restore_state_machine(n, *done.written.snapshot);
  if (!done.committed.empty())
    trace(name(n) + " applies " + std::to_string(done.committed.front().index.value()) + ".."
          + std::to_string(done.committed.back().index.value())
          + (done.written.id == 0 ? " (no write needed)" : ""));
  for (const auto& e : done.committed)
    apply(n, e);
}

void world::apply(sim_node& n, const entry& e) {
  auto who = n.settings.id;
  if (e.index.value() != n.applied.value() + 1) {
    checker_.report("node " + std::to_string(who.value()) + " applied index "
                    + std::to_string(e.index.value()) + " after "
                    + std::to_string(n.applied.value()));
    return;
  }
  n.applied = e.index;
  n.state_hash = mix(n.state_hash, hash_entry(e));
  checker_.on_apply(who, e, n.state_hash);
  if (e.type != entry_type::normal || proposals.count(e.payload) == 0)
    return;
  applied_at[e.payload].emplace(who.value(), now);
  checker_.on_acknowledged(e.index, e.payload, n.raft->current_term());
}

void world::restore_state_machine(sim_node& n, const snapshot& snap) {
  if (snap.meta.index == raft_index{0}) {
    n.applied = raft_index{0};
    n.state_hash = 0;
    return;
  }
  auto colon = snap.data.find(':');
  n.applied = raft_index{std::strtoll(snap.data.c_str(), nullptr, 10)};
  n.state_hash = std::strtoull(snap.data.c_str() + colon + 1, nullptr, 10);
  if (n.applied != snap.meta.index)
    checker_.report("snapshot at " + std::to_string(snap.meta.index.value())
                    + " holds a state machine at " + snap.data);
  checker_.on_snapshot_restored(n.settings.id, n.applied, n.state_hash);
  ++snapshots_installed;
}

void world::send(message m) {
  auto delay = static_cast<int64_t>(rng.below(static_cast<uint64_t>(sky.max_delay_ticks) + 1));
  network.push_back({std::move(m), now + delay});
}

void world::tick_all() {
  for (auto& n : nodes) {
    if (!n.raft)
      continue;
    // The pause after a failed write is a tick here.
    if (auto p = n.drive->retry(); p.persist != nullptr) {
      trace(name(n) + " tries its failed write again");
      start_write(n, *p.persist);
    }
    if (rng.chance(static_cast<uint64_t>(sky.skip_tick_percent), 100))
      continue;
    n.raft->tick();
    drive(n);
  }
  check(nullptr);
}

void world::crash(size_t i) {
  auto& n = nodes[i];
  trace(name(n) + " crashes; what had not landed on its disk is lost");
  checker_.on_crash(n.raft.get());
  n.drive.reset();
  n.raft.reset();
  n.disk = n.durable_disk;
  n.saved = n.durable_saved;
  n.last_role = role::follower;
  check(nullptr);
}

void world::restart(size_t i) {
  auto& n = nodes[i];
  trace(name(n) + " restarts from its disk");
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
  n.drive = std::make_unique<driver>(*n.raft, n.saved, driving_);
  restore_state_machine(n, n.disk.last_snapshot());
  checker_.on_restart(n.settings.id);
  check(n.raft.get());
}

void world::compact(size_t i) {
  auto& n = nodes[i];
  if (!n.raft || n.drive->writing() != nullptr)
    return; // the contract: compact between advance() and the next ready
  auto meta = n.raft->applied_snapshot_meta();
  if (!meta || meta->index.value() < n.disk.first_index().value() + 4)
    return;
  if (meta->index != n.applied) {
    checker_.report(name(n) + " core applied " + std::to_string(meta->index.value())
                    + " but its state machine " + std::to_string(n.applied.value()));
    return;
  }
  trace(name(n) + " compacts up to " + std::to_string(meta->index.value()));
  // With no write out, the durable disk holds what the readable one does.
  snapshot snap{*meta, encode_state(n.applied, n.state_hash)};
  n.durable_disk.compact(snap);
  n.disk.compact(std::move(snap));
  n.raft->compacted(meta->index);
}

void world::note_roles() {
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto& n = nodes[i];
    if (!n.raft || n.raft->role() == n.last_role)
      continue;
    n.last_role = n.raft->role();
    if (n.last_role == role::leader)
      ++elections_won;
    trace("node " + std::to_string(i + 1) + " is " + to_string(n.last_role) + " in term "
          + std::to_string(n.raft->current_term().value()));
  }
}

} // namespace strom::raft::sim
