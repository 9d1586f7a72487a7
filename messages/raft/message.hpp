#pragma once
// The one message type replicas exchange. All messages are one-way: a
// response is just another message, and the core matches it to what it sent
// by (term, index). Fields are plain values so the driver can serialize them.
// The raft group is not here: the driver routes by group.

#include <cstdint>
#include <string>
#include <vector>

#include "messages/raft/entry.hpp"
#include "messages/raft/hard_state.hpp"
#include "messages/raft/snapshot.hpp"
#include "messages/types.hpp"

namespace strom::raft {

enum class message_type : uint8_t {
  pre_vote,           // "would you vote for me?" without changing terms (dissertation §9.6)
  pre_vote_response,
  vote,               // RequestVote (§5.2)
  vote_response,
  append,             // AppendEntries (§5.3)
  append_response,
  snapshot,           // InstallSnapshot (§7)
  heartbeat,          // AppendEntries without entries or log check, carrying commit
  heartbeat_response,
  timeout_now,        // leadership transfer: start an election now (dissertation §3.10)
};

const char* to_string(message_type type);

struct message {
  message_type type = message_type::append;
  node_id from = no_node;
  node_id to = no_node;
  term_id term; // sender's current term (a granted pre-vote answers with the asked term)
  // vote, pre_vote: candidate's last log term; append: term of the entry at index.
  term_id log_term;
  // vote, pre_vote: candidate's last log index; append: index before entries;
  // append_response: follower's last matching index, or the rejected index when reject.
  raft_index index;
  raft_index commit; // append, heartbeat: leader's commit index
  std::vector<entry> entries;
  bool reject = false; // responses: the request was refused
  // append_response with reject: the follower's term at the rejected index
  // (0 when its log is shorter) and the first index it holds of that term.
  term_id conflict_term;
  raft_index conflict_index;
  bool transfer = false; // vote, pre_vote: part of a leadership transfer, ignores leases
  raft::snapshot snap;   // snapshot: the snapshot to install
  bool quiesce = false;  // heartbeat: the group is idle; stop the election timer

  template <class Inspector>
  friend auto inspect(Inspector& f, message& x) {
    return f(x.type, x.from, x.to, x.term, x.log_term, x.index, x.commit, x.entries,
             x.reject, x.conflict_term, x.conflict_index, x.transfer, x.snap, x.quiesce);
  }
};

// One line a person can read in a trace.
std::string to_string(const message& m);

} // namespace strom::raft
