// The receiving side of replication: AppendEntries (Figure 2), heartbeats,
// and InstallSnapshot (Figure 13). Every answer goes out only after the
// ready holding what it acknowledges was persisted.

#include "actors/raft/core.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

void core::handle_append_entries(const message& m) {
  // Rule 1 (reply false if term < currentTerm, §5.1) is step_term's.
  auto response = make(message_type::append_response, m.from);
  if (m.index < log_.committed()) {
    // Our committed prefix already matches the leader's: say how far it goes.
    response.index = log_.committed();
    send(std::move(response));
    return;
  }
  // Rule 2: reply false if log doesn't contain an entry at prevLogIndex
  // whose term matches prevLogTerm (§5.3).
  if (!log_.matches(m.index, m.log_term)) {
    reject_append(m);
    return;
  }
  auto last_new = raft_index{m.index.value() + static_cast<int64_t>(m.entries.size())};
  if (auto conflict = log_.find_conflict(m.entries)) {
    // Rule 3: if an existing entry conflicts with a new one (same index,
    // different terms), delete it and all that follow (§5.3).
    STROM_CHECK(*conflict > log_.committed());
    if (*conflict <= log_.last_index())
      note_truncated(*conflict);
    // Rule 4: append any new entries not already in the log.
    auto skip = static_cast<std::ptrdiff_t>(conflict->value() - m.index.value() - 1);
    std::vector<entry> fresh(m.entries.begin() + skip, m.entries.end());
    note_appended(fresh);
    log_.truncate_and_append(std::move(fresh));
  }
  // Rule 5: if leaderCommit > commitIndex, set commitIndex =
  // min(leaderCommit, index of last new entry).
  log_.commit_to(std::min(m.commit, last_new));
  response.index = last_new;
  send(std::move(response));
}

void core::reject_append(const message& m) {
  auto response = make(message_type::append_response, m.from);
  response.reject = true;
  response.index = m.index;
  // Fast backtracking (§5.3, end): name the term we hold at the rejected
  // index and the first index we hold of it, so the leader can skip the
  // whole term in one round trip instead of one entry per round trip.
  if (m.index > log_.last_index()) {
    response.conflict_term = term_id{0};
    response.conflict_index = log_.last_index().next();
  } else {
    auto term = log_.term_at(m.index);
    STROM_CHECK(term.has_value());
    auto first = m.index;
    while (first.value() - 1 > log_.committed().value()
           && log_.term_at(first.prev()) == term)
      first = first.prev();
    response.conflict_term = *term;
    response.conflict_index = first;
  }
  send(std::move(response));
}

void core::handle_heartbeat(const message& m) {
  // The leader sends min(its commit, our match), which we hold.
  log_.commit_to(std::min(m.commit, log_.last_index()));
  send(make(message_type::heartbeat_response, m.from));
  maybe_quiesce_follower(m);
}

void core::handle_snapshot(const message& m) {
  const auto& meta = m.snap.meta;
  auto response = make(message_type::append_response, m.from);
  if (meta.index <= log_.committed()) {
    response.index = log_.committed(); // already past it
    send(std::move(response));
    return;
  }
  if (log_.matches(meta.index, meta.term)) {
    // Figure 13 rule 6: if an entry has the snapshot's last index and term,
    // retain the entries that follow it.
    log_.commit_to(meta.index);
    response.index = meta.index;
    send(std::move(response));
    return;
  }
  // Figure 13 rules 7 and 8: discard the entire log; reset the state
  // machine from the snapshot (the driver does, from the ready).
  note_truncated(log_.first_index());
  persisted_index_ = raft_index{0};
  log_.restore(m.snap);
  memberships_.assign(1, {meta.index, meta.voters});
  response.index = meta.index;
  send(std::move(response));
}

} // namespace strom::raft
