#pragma once
// A hand-driven cluster for the unit tests (etcd's raft_test.go network):
// every node has a memory_log as its disk, the test decides which messages
// get through, and settle() runs readies and deliveries until nothing moves.

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "actors/raft/core.hpp"
#include "actors/raft/memory_log.hpp"

namespace strom::raft::testing {

struct node {
  config settings;
  memory_log disk;
  hard_state saved;
  std::unique_ptr<core> raft;
  std::vector<entry> applied; // what the state machine applied, in order
};

// Entries 1..n with the given terms, e.g. Figure 7's logs.
std::vector<entry> log_with_terms(const std::vector<int64_t>& terms);

config test_config(int id, const std::vector<int>& voters);

// Messages as a peer would send them: a vote request, and an append of
// entries after index 0.
message vote_request(int from, int to, int64_t term);
message append(int from, int to, int64_t term, std::vector<entry> entries);

class network {
public:
  explicit network(const std::vector<int>& ids,
                   std::function<void(config&)> tweak = {});

  core& raft(int id) { return *nodes_.at(id).raft; }
  node& at(int id) { return nodes_.at(id); }

  // Replaces a node's disk by log and hard state, and restarts it from them.
  void load(int id, const std::vector<entry>& log, hard_state state);
  // Loses what the node did not persist and starts it again from its disk.
  void restart(int id);

  // Runs readies and delivers messages until quiet. Returns deliveries made.
  size_t settle(size_t max_deliveries = 100000);
  // Runs every node's ready once, without delivering anything.
  void run_readies();
  // Steps m into its target and runs the ready that makes: its answers,
  // undelivered, for the test to hand on.
  std::vector<message> hand(message m);
  void tick(int id, int times = 1);
  void tick_all(int times = 1);

  void isolate(int id) { isolated_.insert(id); }
  void cut(int a, int b) { cuts_.insert({std::min(a, b), std::max(a, b)}); }
  void heal() { isolated_.clear(); cuts_.clear(); }
  // Messages for which this returns true are dropped.
  std::function<bool(const message&)> drop_if;

  // Every message that was delivered, in order.
  const std::vector<message>& delivered() const { return delivered_; }
  size_t pending() const { return in_flight_.size(); }
  // The one node that is leader in the highest term, or -1.
  int leader() const;

private:
  // Persists, applies and advances the node's ready; returns its messages.
  std::vector<message> run_ready(node& n);
  void process_ready(node& n);
  bool passes(const message& m) const;

  std::map<int, node> nodes_;
  std::deque<message> in_flight_;
  std::vector<message> delivered_;
  std::set<int> isolated_;
  std::set<std::pair<int, int>> cuts_;
};

} // namespace strom::raft::testing
