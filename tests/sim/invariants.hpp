#pragma once
// The safety properties of Raft (Figure 3 of the paper), checked by the
// simulator after every step against everything any node ever showed:
//   election safety     at most one leader per term;
//   log matching        two logs with an entry of the same index and term
//                       are identical up to it;
//   leader completeness an entry committed in term T is in the log of every
//                       leader of a term after T;
//   state machine safety no two nodes apply different entries at one index;
// and the client's view: a proposal reported committed (applied) is in the
// log of every later leader.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/raft/core.hpp"

namespace strom::raft::sim {

uint64_t hash_entry(const entry& e);

class invariants {
public:
  bool ok() const { return failure_.empty(); }
  const std::string& failure() const { return failure_; }
  // A failure the simulator found itself (liveness, driver contract).
  void report(std::string what) { fail(std::move(what)); }

  // Entries a node starts writing (a leader's may reach others first): two
  // different entries with one index and term break log matching.
  void on_persist(const std::vector<entry>& entries);
  // A node's state machine applied e, and its hash of all it applied is prefix.
  void on_apply(node_id who, const entry& e, uint64_t prefix);
  void on_snapshot_restored(node_id who, raft_index index, uint64_t prefix);
  // A client was told its proposal committed (the node applied it).
  void on_acknowledged(raft_index index, const std::string& payload, term_id term);
  // A node restarted: its commit index starts again from its disk.
  void on_restart(node_id who) { commit_seen_.erase(who); }
  // A node crashed: its core is gone.
  void on_crash(const core* gone);
  // After every step: live are the running cores, acted the one that moved.
  void check(const std::vector<const core*>& live, const core* acted);

private:
  struct committed_entry {
    term_id term;
    term_id known_in_term; // lowest term in which some node knew it committed
  };
  struct acknowledged {
    raft_index index;
    std::string payload;
    term_id term;
  };
  void fail(std::string what);
  void check_leaders(const std::vector<const core*>& live);
  void check_commits(const std::vector<const core*>& live);
  void check_log_matching(const core& a, const core& b);
  void check_completeness(const core& leader);
  void check_entry_in_leader(const core& leader, raft_index index, term_id term);
  void check_ack_in_leader(const core& leader, const acknowledged& ack);
  void record_commit(raft_index index, term_id term, term_id known_in_term);

  std::string failure_;
  std::map<term_id, node_id> leader_of_term_;
  std::map<std::pair<int64_t, int64_t>, uint64_t> entry_hash_; // (index, term) -> hash
  std::map<int64_t, std::pair<uint64_t, uint64_t>> applied_;   // index -> (entry, prefix)
  std::map<int64_t, committed_entry> committed_;
  std::vector<acknowledged> acknowledged_;
  std::map<node_id, raft_index> commit_seen_;
  std::vector<const core*> leaders_; // the live leaders at the last check
};

} // namespace strom::raft::sim
