#include "storage/compactor.hpp"

#include <algorithm>

namespace strom::storage {

compactor::compactor(compaction_limits limits, uint64_t bytes_per_s)
    : limits_(limits), bytes_per_s_(std::max<uint64_t>(bytes_per_s, 1)) {}

void compactor::set_policy(group_id group, const compaction_policy& policy) {
  if (!policy.enabled) {
    groups_.erase(group);
    if (running_ == group)
      running_.reset();
    return;
  }
  auto [it, added] = groups_.try_emplace(group, group_state{policy, {}});
  bool changed = it->second.policy.tombstone_retention_ms != policy.tombstone_retention_ms;
  // A new tombstone retention may free tombstones now: a fresh pass.
  if (changed) {
    it->second = group_state{policy, {}};
    if (running_ == group)
      running_.reset();
  }
  if (added || changed)
    next_look_ = clock::now();
}

bool compactor::ready(clock::time_point now) const {
  return !groups_.empty() && now >= next_at();
}

compactor::clock::time_point compactor::next_at() const {
  if (groups_.empty())
    return clock::time_point::max();
  if (!running_)
    return next_look_;
  if (budget_bytes_ > 0)
    return refilled_at_;
  // Time for the bucket to climb back above zero.
  auto wait_s = -budget_bytes_ / static_cast<double>(bytes_per_s_);
  return refilled_at_ + std::chrono::duration_cast<clock::duration>(
                          std::chrono::duration<double>(wait_s) + std::chrono::milliseconds(1));
}

void compactor::refill(clock::time_point now) {
  std::chrono::duration<double> elapsed = now - refilled_at_;
  refilled_at_ = now;
  double cap = static_cast<double>(limits_.step_bytes_max);
  double earned = elapsed.count() * static_cast<double>(bytes_per_s_);
  budget_bytes_ = std::min(cap, budget_bytes_ + earned);
}

result<std::optional<group_id>> compactor::find_due(const databases& dbs, MDB_txn* t,
                                                    int64_t now_ms,
                                                    const commit_lookup& commit_of) {
  auto start = groups_.upper_bound(last_);
  for (size_t seen = 0; seen < groups_.size(); ++seen, ++start) {
    if (start == groups_.end())
      start = groups_.begin();
    auto due = start->second.work.due(dbs, t, start->first, limits_, now_ms,
                                      commit_of(start->first));
    if (!due)
      return due.error();
    if (*due)
      return std::optional<group_id>{start->first};
  }
  return std::optional<group_id>{};
}

result<void> compactor::step(const databases& dbs, MDB_txn* t, clock::time_point now,
                             int64_t now_ms, const commit_lookup& commit_of) {
  refill(now);
  auto group = running_;
  if (!group) {
    next_look_ = now + std::chrono::milliseconds(limits_.pass_interval_ms / 4 + 1);
    auto due = find_due(dbs, t, now_ms, commit_of);
    if (!due)
      return due.error();
    if (!*due)
      return {};
    group = *due;
  }
  auto& state = groups_.at(*group);
  bool was_running = state.work.running();
  auto step = state.work.step(dbs, t, *group, state.policy, limits_, now_ms, commit_of(*group));
  if (!step)
    return step.error();
  last_ = *group;
  running_ = state.work.running() ? group : std::nullopt;
  budget_bytes_ -= static_cast<double>(step->bytes_read + step->bytes_written);
  counters_.passes += was_running && !state.work.running() ? 1 : 0;
  counters_.batches_rewritten += step->batches_rewritten;
  counters_.records_removed += step->records_removed;
  counters_.bytes_read += step->bytes_read;
  counters_.bytes_written += step->bytes_written;
  return {};
}

} // namespace strom::storage
