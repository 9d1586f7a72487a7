// The sending side of replication (§5.3): appends paced per follower,
// snapshots for followers behind the start of the log, heartbeats, and the
// commit rule of Figure 2.

#include "actors/raft/core.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

void core::append_entries(std::vector<entry> entries) {
  wake(); // a proposal or a membership change: followers must hear of it
  bool has_config = note_appended(entries);
  log_.truncate_and_append(std::move(entries));
  if (has_config)
    apply_membership_to_progress();
}

void core::send_append(node_id to, progress& pr, bool send_if_empty) {
  if (to == cfg_.id)
    return;
  // One append per pass; in replicate state keep going until the window is
  // full or the follower has everything (pipelining).
  while (!pr.is_paused(cfg_.max_inflight_messages, cfg_.max_inflight_bytes)) {
    auto prev = pr.next.prev();
    auto prev_term = log_.term_at(prev);
    auto entries = log_.entries(pr.next, log_.last_index().next(),
                                cfg_.max_append_bytes);
    if (!prev_term || !entries) {
      send_snapshot(to, pr); // compacted: the follower is behind the start of our log
      return;
    }
    if (entries->empty() && !send_if_empty)
      return;
    auto m = make(message_type::append, to);
    m.index = prev;
    m.log_term = *prev_term;
    m.commit = log_.committed();
    size_t bytes = 0;
    for (const auto& e : *entries)
      bytes += entry_bytes(e);
    auto last = entries->empty() ? prev : entries->back().index;
    m.entries = std::move(*entries);
    send(std::move(m));
    pr.sent_entries(last, bytes);
    if (pr.state != progress_state::replicate || last >= log_.last_index())
      return;
    send_if_empty = false;
  }
}

bool core::send_snapshot(node_id to, progress& pr) {
  auto snap = log_.latest_snapshot();
  STROM_CHECK(snap.meta.index > raft_index{0}); // a compacted log has a snapshot
  auto m = make(message_type::snapshot, to);
  pr.become_snapshot(snap.meta.index);
  m.snap = std::move(snap);
  send(std::move(m));
  return true;
}

void core::broadcast_append(bool send_if_empty) {
  for (auto& [follower, pr] : progress_)
    send_append(follower, pr, send_if_empty);
}

void core::broadcast_heartbeat() {
  for (auto& [follower, pr] : progress_) {
    if (follower == cfg_.id)
      continue;
    auto m = make(message_type::heartbeat, follower);
    // Never more than the follower is known to hold: it cannot check.
    m.commit = std::min(pr.match, log_.committed());
    send(std::move(m));
  }
}

bool core::advance_commit_index() {
  // Figure 2, rules for leaders: if there exists an N > commitIndex such
  // that a majority of matchIndex[i] >= N and log[N].term == currentTerm,
  // set commitIndex = N (§5.3, §5.4).
  std::vector<raft_index> matches;
  for (auto voter : voters())
    matches.push_back(progress_.at(voter).match);
  if (matches.empty())
    return false;
  std::sort(matches.begin(), matches.end(), std::greater<raft_index>{});
  auto n = matches[voters().quorum() - 1];
  if (n <= log_.committed())
    return false;
  // Figure 8: an entry of an earlier term is never committed by counting
  // its replicas, only by committing one of the current term after it.
  if (log_.term_at(n) != current_term_)
    return false;
  log_.commit_to(n);
  step_down_if_removed();
  return true;
}

} // namespace strom::raft
