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

world::world(uint64_t seed, std::ostream* trace) : rng(seed), trace_(trace) {}

void world::add_node(config settings) {
  auto& n = nodes.emplace_back();
  n.settings = std::move(settings);
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
}

void world::trace(const std::string& line) {
  if (trace_ != nullptr)
    *trace_ << "t=" << now << " " << line << "\n";
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
    int kind; // 0 deliver, 1 take a ready, 2 finish writing a ready
    size_t index;
  };
  std::vector<action> actions;
  for (size_t i = 0; i < network.size(); ++i)
    if (network[i].deliver_at <= now)
      actions.push_back({0, i});
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto& n = nodes[i];
    if (!n.raft)
      continue;
    if (n.pending && n.disk_done_at <= now)
      actions.push_back({2, i});
    else if (!n.pending && n.raft->has_ready())
      actions.push_back({1, i});
  }
  if (actions.empty())
    return false;
  auto chosen = actions[rng.below(actions.size())];
  ++steps;
  switch (chosen.kind) {
    case 0: deliver(chosen.index); break;
    case 1: take_ready(chosen.index); break;
    default: finish_ready(chosen.index); break;
  }
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
}

void world::take_ready(size_t i) {
  auto& n = nodes[i];
  n.pending = n.raft->take_ready();
  bool slow = rng.chance(static_cast<uint64_t>(sky.slow_disk_percent), 100);
  n.disk_done_at = now + (slow ? 1 : 0);
  const auto& rd = *n.pending;
  checker_.on_persist(rd.entries);
  if (trace_ != nullptr) {
    std::string line = "node " + std::to_string(i + 1) + " ready:";
    if (rd.hard_state)
      line += " term=" + std::to_string(rd.hard_state->current_term.value()) + " vote="
              + std::to_string(rd.hard_state->voted_for.value()) + " commit="
              + std::to_string(rd.hard_state->commit.value());
    if (rd.snapshot)
      line += " snapshot=" + std::to_string(rd.snapshot->meta.index.value());
    if (!rd.entries.empty())
      line += " entries=" + std::to_string(rd.entries.front().index.value()) + ".."
              + std::to_string(rd.entries.back().index.value());
    if (!rd.committed_entries.empty())
      line += " apply=" + std::to_string(rd.committed_entries.front().index.value()) + ".."
              + std::to_string(rd.committed_entries.back().index.value());
    line += " messages=" + std::to_string(rd.messages.size()) + (slow ? " (slow disk)" : "");
    trace(line);
  }
}

void world::finish_ready(size_t i) {
  auto& n = nodes[i];
  auto rd = std::move(*n.pending);
  n.pending.reset();
  // 1. persist
  if (rd.hard_state)
    n.saved = *rd.hard_state;
  if (rd.snapshot)
    n.disk.install_snapshot(*rd.snapshot);
  n.disk.append(rd.entries);
  if (rng.chance(static_cast<uint64_t>(sky.crash_mid_ready_percent), 100)) {
    trace("node " + std::to_string(i + 1) + " crashes after persisting, before sending");
    crash(i);
    return;
  }
  // 2. send
  for (auto& m : rd.messages)
    send(std::move(m));
  // 3. apply
  if (rd.snapshot)
    restore_state_machine(n, *rd.snapshot);
  for (const auto& e : rd.committed_entries)
    apply(n, e);
  // 4. advance
  n.raft->advance();
  check(n.raft.get());
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
    if (!n.raft || rng.chance(static_cast<uint64_t>(sky.skip_tick_percent), 100))
      continue;
    n.raft->tick();
  }
  check(nullptr);
}

void world::crash(size_t i) {
  auto& n = nodes[i];
  trace("node " + std::to_string(i + 1) + " crashes; unpersisted state is lost");
  checker_.on_crash(n.raft.get());
  n.raft.reset();
  n.pending.reset();
  n.last_role = role::follower;
  check(nullptr);
}

void world::restart(size_t i) {
  auto& n = nodes[i];
  trace("node " + std::to_string(i + 1) + " restarts from its disk");
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
  restore_state_machine(n, n.disk.last_snapshot());
  checker_.on_restart(n.settings.id);
  check(n.raft.get());
}

void world::compact(size_t i) {
  auto& n = nodes[i];
  if (!n.raft || n.pending)
    return; // the contract: compact between advance() and the next take_ready()
  auto meta = n.raft->applied_snapshot_meta();
  if (!meta || meta->index.value() < n.disk.first_index().value() + 4)
    return;
  if (meta->index != n.applied) {
    checker_.report("node " + std::to_string(i + 1) + " core applied "
                    + std::to_string(meta->index.value()) + " but its state machine "
                    + std::to_string(n.applied.value()));
    return;
  }
  trace("node " + std::to_string(i + 1) + " compacts up to " + std::to_string(meta->index.value()));
  n.disk.compact(snapshot{*meta, encode_state(n.applied, n.state_hash)});
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
