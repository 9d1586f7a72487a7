#include "storage/compaction.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "messages/record_batch_compact.hpp"
#include "storage/chunk_walk.hpp"
#include "storage/committed_log.hpp"
#include "storage/entry_codec.hpp"
#include "storage/log_meta.hpp"
#include "storage/log_store.hpp"

namespace strom::storage {
namespace {

// What one key costs the map beyond its bytes: the node, its hash slot and
// the offset.
constexpr uint64_t key_overhead_bytes = 64;

// The log checked every batch when it went in.
const batch_limits any_size{std::numeric_limits<size_t>::max()};

// The last committed index the log holds, by the stored commit index or the
// replica's newer word; none when nothing is committed.
result<std::optional<raft_index>> committed_end(const databases& dbs, MDB_txn* t,
                                                group_id group,
                                                std::optional<raft_index> told) {
  auto log = load_committed_log(dbs, t, group);
  if (!log)
    return log.error();
  auto commit = std::max(log->commit.value_or(raft_index{0}), told.value_or(raft_index{0}));
  if (!log->last || commit.value() < 1)
    return std::optional<raft_index>{};
  return std::optional<raft_index>{std::min(commit, *log->last)};
}

// The records of an entry that holds a batch; none for raft's own entries
// (no last offset) and for a payload that is not a batch.
std::optional<std::vector<stored_record>> records_of(const entry_header& h, const MDB_val& v) {
  if (!h.last_offset)
    return std::nullopt;
  std::string_view payload{static_cast<const char*>(v.mv_data) + entry_header_bytes,
                           h.payload_bytes};
  auto records = decode_record_batch(payload, any_size);
  if (!records)
    return std::nullopt;
  return std::move(*records);
}

struct payload_rewrite {
  uint64_t seq;
  entry_header header;
  std::string payload;
};

} // namespace

result<bool> group_compaction::due(const databases& dbs, MDB_txn* t, group_id group,
                                   const compaction_limits& limits, int64_t now_ms,
                                   std::optional<raft_index> commit) const {
  auto end = committed_end(dbs, t, group, commit);
  if (!end)
    return end.error();
  if (!*end)
    return false;
  // A tombstone the last pass kept because it was young may go now.
  if (tombstone_due_ms_ && now_ms >= *tombstone_due_ms_)
    return true;
  if (clean_upto_ && **end <= *clean_upto_)
    return false;
  if (now_ms - last_pass_end_ms_ >= limits.pass_interval_ms)
    return true;
  auto first = log_store::first_index(dbs, t, group);
  if (!first)
    return first.error();
  if (!*first || !clean_upto_ || *clean_upto_ < **first)
    return true;
  // As many entries wait as were compacted: a pass costs no more than twice
  // what it cleans.
  return (*end)->value() - clean_upto_->value() >= clean_upto_->value() - (*first)->value() + 1;
}

result<compaction_step> group_compaction::step(const databases& dbs, MDB_txn* t,
                                               group_id group, const compaction_policy& policy,
                                               const compaction_limits& limits,
                                               int64_t now_ms,
                                               std::optional<raft_index> commit) {
  if (phase_ == phase::idle) {
    auto started = start(dbs, t, group, commit);
    if (!started)
      return started.error();
    if (!*started)
      return compaction_step{};
  }
  if (phase_ == phase::scan)
    return scan(dbs, t, group, limits, now_ms);
  return rewrite(dbs, t, group, policy, limits, now_ms);
}

result<bool> group_compaction::start(const databases& dbs, MDB_txn* t, group_id group,
                                     std::optional<raft_index> commit) {
  auto end = committed_end(dbs, t, group, commit);
  if (!end)
    return end.error();
  auto first = log_store::first_index(dbs, t, group);
  if (!first)
    return first.error();
  if (!*end || !*first || **end < **first)
    return false;
  phase_ = phase::scan;
  next_ = **first;
  end_ = **end;
  last_offset_of_key_.clear();
  key_map_bytes_ = 0;
  tombstone_due_ms_.reset();
  return true;
}

result<compaction_step> group_compaction::scan(const databases& dbs, MDB_txn* t, group_id group,
                                               const compaction_limits& limits, int64_t now_ms) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  compaction_step out;
  if (log->empty() || next_ > log->last_index) {
    finish(now_ms);
    return out;
  }
  next_ = std::max(next_, log->first_index);
  uint64_t entries = 0;
  auto visit = [&](uint64_t, raft_index index, const MDB_val& v) -> result<bool> {
    if (entries >= limits.step_entries_max || out.bytes_read >= limits.step_bytes_max)
      return false;
    if (key_map_bytes_ >= limits.key_map_bytes_max) {
      end_ = index.prev(); // the map is full: this pass ends before the entry
      return false;
    }
    auto header = parse_header(v);
    if (!header)
      return false;
    if (auto records = records_of(*header, v))
      for (const auto& r : *records)
        if (r.key) {
          auto [it, added] = last_offset_of_key_.insert_or_assign(*r.key, r.offset.value());
          key_map_bytes_ += added ? it->first.size() + key_overhead_bytes : 0;
        }
    ++entries;
    out.bytes_read += header->payload_bytes;
    next_ = index.next();
    return true;
  };
  if (next_ <= end_)
    if (auto ok = visit_entries(dbs, t, group, *log, next_, end_, visit); !ok)
      return ok.error();
  if (next_ > end_) {
    phase_ = phase::rewrite;
    next_ = log->first_index;
  }
  out.more = true;
  return out;
}

result<compaction_step> group_compaction::rewrite(const databases& dbs, MDB_txn* t,
                                                  group_id group,
                                                  const compaction_policy& policy,
                                                  const compaction_limits& limits,
                                                  int64_t now_ms) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  compaction_step out;
  if (log->empty() || next_ > std::min(end_, log->last_index)) {
    finish(now_ms);
    return out;
  }
  next_ = std::max(next_, log->first_index);
  std::vector<payload_rewrite> rewrites;
  uint64_t entries = 0;
  int64_t tombstone_cutoff_ms = now_ms - policy.tombstone_retention_ms;
  auto visit = [&](uint64_t seq, raft_index index, const MDB_val& v) -> result<bool> {
    if (entries >= limits.step_entries_max || out.bytes_read >= limits.step_bytes_max)
      return false;
    auto header = parse_header(v);
    if (!header)
      return false;
    ++entries;
    out.bytes_read += header->payload_bytes;
    next_ = index.next();
    if (!header->last_offset)
      return true;
    bool tombstones_expired = header->timestamp_ms <= tombstone_cutoff_ms;
    auto keep = [&](const stored_record& r) {
      // The log's last record stays, even a tombstone past its time: a
      // reader at the end always finds it, and so reaches the high
      // watermark (a log that ended in a batch with no record left would
      // keep every consumer one offset short of it). The next record
      // appended makes the next pass due.
      if (r.offset == log->offset_max)
        return true;
      bool kept = keeps(r, tombstones_expired);
      out.records_removed += kept ? 0 : 1;
      if (kept && r.key && !r.value)
        note_young_tombstone(header->timestamp_ms + policy.tombstone_retention_ms);
      return kept;
    };
    std::string_view payload{static_cast<const char*>(v.mv_data) + entry_header_bytes,
                             header->payload_bytes};
    auto compacted = compact_record_batch(payload, keep);
    if (compacted && *compacted)
      rewrites.push_back({seq, *header, std::move(**compacted)});
    return true;
  };
  if (auto ok = visit_entries(dbs, t, group, *log, next_, std::min(end_, log->last_index), visit);
      !ok)
    return ok.error();
  for (const auto& r : rewrites) {
    if (auto ok = log_store::replace_payload(dbs, t, group, r.seq, r.header, r.payload); !ok)
      return ok.error();
    log->stats.payload_bytes -= std::min(log->stats.payload_bytes, r.header.payload_bytes);
    log->stats.payload_bytes += r.payload.size();
    out.bytes_written += r.payload.size();
    out.batches_rewritten += 1;
  }
  if (!rewrites.empty())
    if (auto ok = save_group_log(dbs, t, group, *log); !ok)
      return ok.error();
  out.more = true;
  return out;
}

// A record goes when a later one of its key is in the log; a tombstone, the
// last of its key, once its retention has passed.
bool group_compaction::keeps(const stored_record& r, bool tombstones_expired) const {
  if (!r.key)
    return true;
  auto last = last_offset_of_key_.find(*r.key);
  if (last == last_offset_of_key_.end() || last->second < r.offset.value())
    return true;
  if (last->second > r.offset.value())
    return false;
  return r.value.has_value() || !tombstones_expired;
}

void group_compaction::note_young_tombstone(int64_t due_ms) {
  tombstone_due_ms_ = std::min(tombstone_due_ms_.value_or(due_ms), due_ms);
}

void group_compaction::finish(int64_t now_ms) {
  if (phase_ == phase::rewrite)
    clean_upto_ = end_;
  phase_ = phase::idle;
  last_offset_of_key_.clear();
  key_map_bytes_ = 0;
  last_pass_end_ms_ = now_ms;
}

} // namespace strom::storage
