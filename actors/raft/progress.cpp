#include "actors/raft/progress.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

void inflights::add(raft_index last_index, size_t bytes) {
  STROM_CHECK(sent_.empty() || sent_.back().last_index < last_index);
  sent_.push_back({last_index, bytes});
  bytes_ += bytes;
}

void inflights::free_to(raft_index index) {
  while (!sent_.empty() && sent_.front().last_index <= index)
    free_first();
}

void inflights::free_first() {
  if (sent_.empty())
    return;
  bytes_ -= sent_.front().bytes;
  sent_.pop_front();
}

void inflights::reset() {
  sent_.clear();
  bytes_ = 0;
}

const char* to_string(progress_state state) {
  switch (state) {
    case progress_state::probe: return "probe";
    case progress_state::replicate: return "replicate";
    case progress_state::snapshot: return "snapshot";
  }
  return "unknown";
}

void progress::become_probe() {
  // After a snapshot the follower holds at least what the snapshot covered.
  auto from_snapshot = state == progress_state::snapshot
                         ? pending_snapshot.value() + 1 : 0;
  state = progress_state::probe;
  next = raft_index{std::max(match.value() + 1, from_snapshot)};
  probe_sent = false;
  pending_snapshot = raft_index{0};
  in_flight.reset();
}

void progress::become_replicate() {
  state = progress_state::replicate;
  next = match.next();
  probe_sent = false;
  in_flight.reset();
}

void progress::become_snapshot(raft_index snapshot_index) {
  state = progress_state::snapshot;
  pending_snapshot = snapshot_index;
  snapshot_elapsed_ticks = 0;
  probe_sent = false;
  in_flight.reset();
}

bool progress::maybe_update(raft_index index) {
  bool updated = match < index;
  if (updated) {
    match = index;
    probe_sent = false;
  }
  next = std::max(next, index.next());
  return updated;
}

bool progress::maybe_decrease_to(raft_index rejected, raft_index next_hint) {
  if (state == progress_state::replicate) {
    // Rejections of appends at or below match were overtaken by acknowledgements.
    if (rejected <= match)
      return false;
    next = match.next();
    return true;
  }
  // A probe answers only the one append it sent: next - 1.
  if (next.value() - 1 != rejected.value())
    return false;
  auto candidate = std::min(rejected, next_hint);
  next = std::max(candidate, match.next());
  probe_sent = false;
  return true;
}

void progress::sent_entries(raft_index last_index, size_t bytes) {
  switch (state) {
    case progress_state::replicate:
      if (last_index >= next) {
        in_flight.add(last_index, bytes);
        next = last_index.next();
      }
      break;
    case progress_state::probe:
      probe_sent = true;
      break;
    case progress_state::snapshot:
      STROM_CHECK(false); // nothing is appended while a snapshot is out
  }
}

bool progress::is_paused(size_t max_inflight_messages, size_t max_inflight_bytes) const {
  switch (state) {
    case progress_state::probe: return probe_sent;
    case progress_state::replicate:
      return in_flight.full(max_inflight_messages, max_inflight_bytes);
    case progress_state::snapshot: return true;
  }
  return true;
}

} // namespace strom::raft
