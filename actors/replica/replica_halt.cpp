// A replica on a failed store. Once the node's writer has failed a commit or
// an fsync with an I/O error, nothing it wrote since can be trusted (after a
// failed fsync the kernel may call lost pages clean), so the replica stops
// taking part: no votes, no appends, no acks, no leadership. A leader first
// hands over to its most caught-up follower, which then campaigns at once
// even in a quiet group, so the partition moves to a replica on a sound
// disk. It stays halted until the node restarts.

#include <spdlog/spdlog.h>

#include "actors/replica/replica_internal.hpp"
#include "messages/error_category.hpp"

namespace strom::replica_detail {

namespace {

// The voter, other than this one, whose log matches the leader's furthest.
std::optional<node_id> most_caught_up_follower(const raft::core& core) {
  std::optional<node_id> best;
  raft_index best_match{0};
  for (auto voter : core.voters().voters) {
    const auto* pr = core.progress_of(voter);
    if (voter == core.id() || pr == nullptr)
      continue;
    if (!best || pr->match > best_match) {
      best = voter;
      best_match = pr->match;
    }
  }
  return best;
}

void hand_over(replica_ptr self) {
  auto& core = *self->state.core;
  if (core.role() != raft::role::leader)
    return;
  auto to = most_caught_up_follower(core);
  if (!to || !core.transfer_leadership(*to))
    return;
  auto plan = self->state.driver->next();
  send_all(self, plan.send);
}

} // namespace

bool halt_if_store_failed(replica_ptr self) {
  auto& st = self->state;
  if (st.halted)
    return true;
  auto failure = st.settings.writer->failure();
  if (!failure)
    return false;
  st.halted = true;
  spdlog::critical("group {}: the store failed ({}); this replica stops taking part (no "
                   "votes, appends or leadership) until the node restarts on a sound disk",
                   st.settings.group.value(), failure->describe());
  hand_over(self);
  auto why = halted_error(self);
  for (auto& [index, w] : st.waiting)
    w.promise.deliver(why);
  st.waiting.clear();
  release_halted(self, why);
  return true;
}

caf::error halted_error(replica_ptr self) {
  auto failure = self->state.settings.writer->failure();
  return make_error(errc::storage_io,
                    "node " + std::to_string(self->state.settings.self.value())
                      + " stopped its replicas: its store failed"
                      + (failure ? " (" + failure->describe() + ")" : std::string{}));
}

} // namespace strom::replica_detail
