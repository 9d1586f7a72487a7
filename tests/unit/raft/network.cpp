#include "tests/unit/raft/network.hpp"

#include <algorithm>
#include <string>

namespace strom::raft::testing {

std::vector<entry> log_with_terms(const std::vector<int64_t>& terms) {
  std::vector<entry> log;
  for (size_t i = 0; i < terms.size(); ++i) {
    auto index = static_cast<int64_t>(i + 1);
    log.push_back(entry{term_id{terms[i]}, raft_index{index}, entry_type::normal,
                        "t" + std::to_string(terms[i]) + "i" + std::to_string(index)});
  }
  return log;
}

config test_config(int id, const std::vector<int>& voters) {
  config cfg;
  cfg.id = node_id{id};
  for (auto v : voters)
    cfg.initial_voters.emplace_back(v);
  cfg.election_tick = 10;
  cfg.heartbeat_tick = 1;
  cfg.seed = 42;
  return cfg;
}

message vote_request(int from, int to, int64_t term) {
  message m;
  m.type = message_type::vote;
  m.from = node_id{from};
  m.to = node_id{to};
  m.term = term_id{term};
  return m;
}

message append(int from, int to, int64_t term, std::vector<entry> entries) {
  message m;
  m.type = message_type::append;
  m.from = node_id{from};
  m.to = node_id{to};
  m.term = term_id{term};
  m.entries = std::move(entries);
  return m;
}

network::network(const std::vector<int>& ids, std::function<void(config&)> tweak) {
  for (auto id : ids) {
    auto& n = nodes_[id];
    n.settings = test_config(id, ids);
    if (tweak)
      tweak(n.settings);
    n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
  }
}

void network::load(int id, const std::vector<entry>& log, hard_state state) {
  auto& n = nodes_.at(id);
  n.disk = memory_log{};
  n.disk.append(log);
  n.saved = state;
  n.applied.clear();
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
}

void network::restart(int id) {
  auto& n = nodes_.at(id);
  n.applied.clear();
  n.raft = std::make_unique<core>(n.settings, n.disk, n.saved);
}

std::vector<message> network::run_ready(node& n) {
  auto rd = n.raft->take_ready();
  if (rd.hard_state)
    n.saved = *rd.hard_state;
  if (rd.snapshot) {
    n.disk.install_snapshot(*rd.snapshot);
    n.applied.clear(); // the state machine now is the snapshot
  }
  n.disk.append(rd.entries);
  for (auto& e : rd.committed_entries)
    n.applied.push_back(std::move(e));
  n.raft->advance();
  return std::move(rd.messages);
}

void network::process_ready(node& n) {
  for (auto& m : run_ready(n))
    in_flight_.push_back(std::move(m));
}

std::vector<message> network::hand(message m) {
  auto& n = nodes_.at(m.to.value());
  n.raft->step(std::move(m));
  return run_ready(n);
}

void network::run_readies() {
  for (auto& [id, n] : nodes_)
    if (n.raft->has_ready())
      process_ready(n);
}

bool network::passes(const message& m) const {
  int from = m.from.value();
  int to = m.to.value();
  if (isolated_.count(from) != 0 || isolated_.count(to) != 0)
    return false;
  if (cuts_.count({std::min(from, to), std::max(from, to)}) != 0)
    return false;
  return !(drop_if && drop_if(m));
}

size_t network::settle(size_t max_deliveries) {
  size_t deliveries = 0;
  for (;;) {
    run_readies();
    if (in_flight_.empty() || deliveries >= max_deliveries)
      return deliveries;
    auto m = std::move(in_flight_.front());
    in_flight_.pop_front();
    if (!passes(m) || nodes_.count(m.to.value()) == 0)
      continue;
    delivered_.push_back(m);
    ++deliveries;
    nodes_.at(m.to.value()).raft->step(std::move(m));
  }
}

void network::tick(int id, int times) {
  for (int i = 0; i < times; ++i) {
    nodes_.at(id).raft->tick();
    settle();
  }
}

void network::tick_all(int times) {
  for (int i = 0; i < times; ++i) {
    for (auto& [id, n] : nodes_)
      n.raft->tick();
    settle();
  }
}

int network::leader() const {
  int found = -1;
  term_id best{-1};
  for (const auto& [id, n] : nodes_) {
    if (n.raft->role() != role::leader)
      continue;
    if (n.raft->current_term() > best) {
      best = n.raft->current_term();
      found = id;
    }
  }
  return found;
}

} // namespace strom::raft::testing
