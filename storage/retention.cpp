#include "storage/retention.hpp"

#include <algorithm>

#include "storage/chunk_walk.hpp"
#include "storage/committed_log.hpp"
#include "storage/entry_codec.hpp"
#include "storage/log_meta.hpp"
#include "storage/log_store.hpp"

namespace strom::storage {

namespace {

bool past_retention(const retention_policy& policy, const entry_header& header,
                    uint64_t bytes_held, int64_t now_ms) {
  if (policy.retention_bytes_max > 0 && bytes_held > policy.retention_bytes_max)
    return true;
  return policy.retention_age_ms_max > 0 &&
         header.timestamp_ms < now_ms - policy.retention_age_ms_max;
}

// The highest index retention may remove: committed, and not the last entry.
result<std::optional<raft_index>> removable_upto(const databases& dbs, MDB_txn* t,
                                                 group_id group) {
  auto log = load_committed_log(dbs, t, group);
  if (!log)
    return log.error();
  if (!log->commit || !log->last)
    return std::optional<raft_index>{};
  auto bound = std::min(log->commit->value(), log->last->value() - 1);
  return std::optional<raft_index>{raft_index{bound}};
}

struct chunk_plan {
  raft_index last;
  term_id last_term;
  uint64_t entries = 0;
};

// Walks the front of the log and returns the last entry to drop (and how
// many entries that is), without changing anything.
result<chunk_plan> plan_chunk(const databases& dbs, MDB_txn* t, group_id group,
                              const retention_policy& policy, raft_index upto, int64_t now_ms,
                              uint64_t entries_max) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  chunk_plan plan;
  if (log->empty())
    return plan;
  uint64_t bytes_held = log->stats.payload_bytes;
  auto visit = [&](uint64_t, raft_index index, const MDB_val& v) -> result<bool> {
    if (plan.entries >= entries_max)
      return false;
    auto header = parse_header(v);
    if (!header || !past_retention(policy, *header, bytes_held, now_ms))
      return false;
    bytes_held -= std::min(bytes_held, header->payload_bytes);
    plan = {index, header->term, plan.entries + 1};
    return true;
  };
  if (auto ok = visit_entries(dbs, t, group, *log, log->first_index, upto, visit); !ok)
    return ok.error();
  return plan;
}

} // namespace

result<retention_step> retain_chunk(const databases& dbs, MDB_txn* t, group_id group,
                                    const retention_policy& policy, int64_t now_ms,
                                    uint64_t entries_max) {
  if (policy.unlimited() || entries_max == 0)
    return retention_step{};
  auto upto = removable_upto(dbs, t, group);
  if (!upto)
    return upto.error();
  if (!*upto)
    return retention_step{};
  auto plan = plan_chunk(dbs, t, group, policy, **upto, now_ms, entries_max);
  if (!plan)
    return plan.error();
  if (plan->entries == 0)
    return retention_step{};
  auto dropped = log_store::drop_prefix(dbs, t, group, plan->last, plan->entries);
  if (!dropped)
    return dropped.error();
  retention_step step;
  step.dropped = *dropped;
  step.more = *dropped == entries_max;
  step.dropped_last_index = plan->last;
  step.dropped_last_term = plan->last_term;
  auto first = log_store::first_index(dbs, t, group);
  if (!first)
    return first.error();
  step.first_index = *first;
  return step;
}

} // namespace strom::storage
