// A replica's own snapshots (compaction_policy): once enough entries were
// applied since the last one, the state machine's snapshot at the applied
// index is written and the log it covers dropped, in one write; when that
// landed, the core learns its log starts after it. A follower that is
// behind the log's new start gets the snapshot (core::send_snapshot).

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/replica/entry_mapping.hpp"
#include "actors/replica/replica_internal.hpp"

namespace strom::replica_detail {

namespace {

bool compaction_due(const replica_state& st) {
  const auto& policy = st.settings.compaction;
  if (policy.entries_max == 0)
    return false;
  return st.entries_since_snapshot >= policy.entries_max ||
         (policy.bytes_max > 0 && st.bytes_since_snapshot >= policy.bytes_max);
}

storage::write_request compaction_request(const replica_state& st,
                                          const raft::snapshot_meta& meta) {
  storage::write_request req;
  req.group = st.settings.group;
  req.snapshot = to_storage(raft::snapshot{meta, st.settings.machine->snapshot()});
  req.drop_prefix_upto = meta.index;
  return req;
}

} // namespace

void count_applied(replica_state& st, const raft::entry& e) {
  ++st.entries_since_snapshot;
  st.bytes_since_snapshot += e.payload.size();
}

void maybe_compact(replica_ptr self) {
  auto& st = self->state;
  if (st.halted || st.compacting || !compaction_due(st))
    return;
  auto meta = st.core->applied_snapshot_meta();
  if (!meta || meta->index <= st.log->last_snapshot_meta().index)
    return; // a leader's snapshot is being installed, or nothing is new
  // Counted afresh whatever the write does: a failed one is tried again
  // only after as many entries more, not after every entry.
  st.entries_since_snapshot = 0;
  st.bytes_since_snapshot = 0;
  auto me = caf::actor_cast<replica_actor>(self);
  auto index = meta->index;
  auto outcome = st.settings.writer->submit(
    compaction_request(st, *meta), [me, index](result<storage::write_ack> ack) {
      if (!ack)
        spdlog::warn("snapshot at index {}: {}", index.value(), ack.error().describe());
      caf::anon_send(me, compacted_atom::value, index, static_cast<bool>(ack));
    });
  if (!outcome) {
    spdlog::warn("group {}: writer refused a snapshot: {}", st.settings.group.value(),
                 outcome.error().describe());
    return;
  }
  st.compacting = true;
  st.log->compacting(*meta);
}

void on_compacted(replica_ptr self, raft_index index, bool ok) {
  auto& st = self->state;
  st.compacting = false;
  st.log->compacting(std::nullopt);
  if (!ok || st.halted)
    return;
  st.log->forget_snapshot();
  st.core->compacted(index);
  ++st.snapshots_taken;
  spdlog::debug("group {}: snapshot at index {}, the log before it dropped",
                st.settings.group.value(), index.value());
}

} // namespace strom::replica_detail
