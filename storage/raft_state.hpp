#pragma once
// Raft's persistent state per group (Figure 2 of the paper: currentTerm,
// votedFor; plus the commit index and the latest snapshot), checked with a
// CRC32C on read like log entries.

#include <optional>
#include <string>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"

namespace strom::storage {

struct hard_state {
  term_id current_term;
  std::optional<node_id> voted_for;
  raft_index commit_index;

  friend bool operator==(const hard_state& a, const hard_state& b) {
    return a.current_term == b.current_term && a.voted_for == b.voted_for &&
           a.commit_index == b.commit_index;
  }
};

struct snapshot_record {
  raft_index last_included_index;
  term_id last_included_term;
  // The state machine's bytes, stored exactly as given.
  std::string data;
};

class raft_state_store {
public:
  explicit raft_state_store(env& environment) : env_(environment) {}

  // None when the group never saved one (a fresh replica).
  result<std::optional<hard_state>> load_hard_state(group_id group) const;
  result<std::optional<snapshot_record>> load_snapshot(group_id group) const;

  static result<std::optional<hard_state>> load_hard_state(const databases& dbs, MDB_txn* t,
                                                           group_id group);
  // Writes take the caller's write transaction (the writer's, in a node).
  static result<void> save_hard_state(const databases& dbs, MDB_txn* t, group_id group,
                                      const hard_state& state);
  static result<void> save_snapshot(const databases& dbs, MDB_txn* t, group_id group,
                                    const snapshot_record& snapshot);

private:
  env& env_;
};

} // namespace strom::storage
