#include "messages/unix_clock.hpp"
#include "storage/log_store.hpp"

#include <chrono>
#include <limits>

#include "storage/chunk_walk.hpp"
#include "storage/entry_codec.hpp"
#include "storage/keys.hpp"
#include "storage/log_meta.hpp"
#include "storage/mdb_cursor.hpp"
#include "storage/sparse_index.hpp"

namespace strom::storage {

namespace {

std::string group_text(group_id group) { return "group " + std::to_string(group.value()); }

bool holds(const group_log& log, raft_index index) {
  return !log.empty() && index >= log.first_index && index <= log.last_index;
}

result<void> check_batch(group_id group, const std::vector<log_entry>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].index.value() <= 0)
      return error{errc::bad_request, where(group, entries[i].index.value()) +
                                          ": raft indexes start at 1"};
    if (i > 0 && entries[i].index != entries[i - 1].index.next())
      return error{errc::bad_request, where(group, entries[i].index.value()) +
                                          ": entries of one append must be consecutive"};
  }
  return {};
}

// Decides where the batch goes: after the last entry, into an empty log, or
// over a conflicting suffix (which it then removes).
result<void> make_room_for(const databases& dbs, MDB_txn* t, group_id group, raft_index first) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  if (log->empty() || first == log->last_index.next())
    return {};
  if (first > log->last_index)
    return error{errc::bad_request, where(group, first.value()) + ": would leave a gap after " +
                                        std::to_string(log->last_index.value())};
  if (first < log->first_index)
    return error{errc::bad_request, where(group, first.value()) +
                                        ": lies before the log's first entry " +
                                        std::to_string(log->first_index.value())};
  return log_store::truncate_suffix(dbs, t, group, first);
}

// Starts a new chunk at `first` unless the append continues the tail chunk
// (nothing written since it, so the sequences stay consecutive); every
// unindexed_chunks_max-th chunk gets sparse index records.
result<void> open_chunk(const databases& dbs, MDB_txn* t, group_id group, group_log& log,
                        raft_index first, uint64_t next_seq) {
  if (!log.empty() && log.tail_seq + 1 == next_seq)
    return {};
  uint64_t prev = log.tail_seq;
  log.tail_chunk_seq = next_seq;
  log.tail_prev_seq = prev;
  if (prev == 0) {
    log.chunks_unindexed = 0;
    return {};
  }
  if (++log.chunks_unindexed < unindexed_chunks_max)
    return {};
  log.chunks_unindexed = 0;
  return put_chunk_records(dbs, t, group, first, prev, log.offset_max);
}

result<void> put_entry(const databases& dbs, MDB_txn* t, group_id group, const log_entry& e,
                       int64_t timestamp_ms, uint64_t seq, const chain_link& link) {
  auto key = make_sequence_key(seq);
  MDB_val k = as_val(key);
  // MDB_APPEND: sequences only grow, so LMDB fills the last page and starts a
  // new one instead of splitting. MDB_RESERVE lets us encode straight into the
  // page: one copy of the payload.
  MDB_val v{entry_header_bytes + e.payload.size(), nullptr};
  if (int rc = mdb_put(t, dbs.entries, &k, &v, MDB_RESERVE | MDB_APPEND); rc != 0)
    return mdb_error(rc, "append " + where(group, e.index.value()));
  encode_entry(static_cast<uint8_t*>(v.mv_data), e, timestamp_ms, link);
  return {};
}

// What an entry removal needs: its sequence, payload size and last offset.
struct doomed_entry {
  uint64_t seq = 0;
  uint64_t payload_bytes = 0;
  std::optional<record_offset> last_offset;
};

result<std::vector<doomed_entry>> collect(const databases& dbs, MDB_txn* t, group_id group,
                                          const group_log& log, raft_index from, raft_index to) {
  std::vector<doomed_entry> out;
  auto visited = visit_entries(dbs, t, group, log, from, to,
                               [&](uint64_t seq, raft_index, const MDB_val& v) -> result<bool> {
                                 auto header = parse_header(v);
                                 out.push_back({seq, header ? header->payload_bytes : v.mv_size,
                                                header ? header->last_offset : std::nullopt});
                                 return true;
                               });
  if (!visited)
    return visited.error();
  return out;
}

result<void> remove_entries(const databases& dbs, MDB_txn* t, group_id group,
                            const std::vector<doomed_entry>& doomed, log_stats& stats) {
  for (const auto& d : doomed) {
    auto key = make_sequence_key(d.seq);
    MDB_val k = as_val(key);
    if (int rc = mdb_del(t, dbs.entries, &k, nullptr); rc != 0)
      return mdb_error(rc, "delete " + group_text(group) + " sequence " + std::to_string(d.seq));
    stats.payload_bytes -= std::min(stats.payload_bytes, d.payload_bytes);
    stats.entries -= std::min<uint64_t>(stats.entries, 1);
  }
  return {};
}

// The log holds nothing any more; the next append starts a new chain.
void mark_empty(group_log& log) {
  log.tail_seq = 0;
  log.tail_chunk_seq = 0;
  log.tail_prev_seq = 0;
  log.chunks_unindexed = 0;
}

// Makes entry `last` the tail after a truncation.
result<void> retail(const databases& dbs, MDB_txn* t, group_id group, group_log& log,
                    raft_index last) {
  auto spans = spans_from(dbs, t, group, log, last);
  if (!spans)
    return spans.error();
  uint64_t seq = spans->front().first_seq;
  auto header = header_at(dbs, t, group, seq);
  if (!header)
    return header.error();
  log.last_index = last;
  log.tail_seq = seq;
  log.tail_chunk_seq = seq - header->link.chunk_pos;
  log.tail_prev_seq = header->link.prev_seq;
  log.offset_max = header->link.offset_max;
  // The chunks after the last record may have been cut: index the next one.
  log.chunks_unindexed = unindexed_chunks_max - 1;
  return {};
}

} // namespace

// --- reads inside a transaction ----------------------------------------------

result<log_stats> log_store::stats(const databases& dbs, MDB_txn* t, group_id group) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  return log->stats;
}

result<std::optional<raft_index>> log_store::first_index(const databases& dbs, MDB_txn* t,
                                                         group_id group) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  return log->empty() ? std::optional<raft_index>{} : std::optional<raft_index>{log->first_index};
}

result<std::optional<raft_index>> log_store::last_index(const databases& dbs, MDB_txn* t,
                                                        group_id group) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  return log->empty() ? std::optional<raft_index>{} : std::optional<raft_index>{log->last_index};
}

result<uint64_t> log_store::sequence_of(const databases& dbs, MDB_txn* t, group_id group,
                                        raft_index index) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  if (!holds(*log, index))
    return error{errc::not_found, "read " + where(group, index.value()) + ": not in the log"};
  auto spans = spans_from(dbs, t, group, *log, index);
  if (!spans)
    return spans.error();
  return spans->front().first_seq;
}

// --- reads with their own transaction ----------------------------------------

result<std::vector<log_entry>> log_store::read(group_id group, raft_index from, raft_index to,
                                               uint64_t max_bytes) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto log = load_group_log(env_.dbs(), r->handle(), group);
  if (!log)
    return log.error();
  std::vector<log_entry> out;
  if (log->empty())
    return out;
  uint64_t bytes = 0;
  auto visit = [&](uint64_t, raft_index index, const MDB_val& v) -> result<bool> {
    uint64_t payload_bytes = v.mv_size - std::min(v.mv_size, entry_header_bytes);
    if (!out.empty() && bytes + payload_bytes > max_bytes)
      return false;
    auto decoded = decode_entry(group, index.value(), v);
    if (!decoded)
      return decoded.error();
    bytes += payload_bytes;
    out.push_back(std::move(*decoded));
    return true;
  };
  auto start = std::max(from, log->first_index);
  if (auto ok = visit_entries(env_.dbs(), r->handle(), group, *log, start, to, visit); !ok)
    return ok.error();
  return out;
}

result<log_entry> log_store::entry(group_id group, raft_index index) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto seq = sequence_of(env_.dbs(), r->handle(), group, index);
  if (!seq)
    return seq.error();
  auto key = make_sequence_key(*seq);
  MDB_val k = as_val(key), v;
  if (int rc = mdb_get(r->handle(), env_.dbs().entries, &k, &v); rc != 0)
    return rc == MDB_NOTFOUND
             ? error{errc::storage_corrupt, where(group, index.value()) + ": missing from the entries"}
             : mdb_error(rc, "read " + where(group, index.value()));
  return decode_entry(group, index.value(), v);
}

result<std::optional<raft_index>> log_store::first_index(group_id group) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  return first_index(env_.dbs(), r->handle(), group);
}

result<std::optional<raft_index>> log_store::last_index(group_id group) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  return last_index(env_.dbs(), r->handle(), group);
}

result<log_stats> log_store::stats(group_id group) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  return stats(env_.dbs(), r->handle(), group);
}

result<raft_index> log_store::find_offset(group_id group, record_offset offset) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto log = load_group_log(env_.dbs(), r->handle(), group);
  if (!log)
    return log.error();
  std::string what = group_text(group) + " offset " + std::to_string(offset.value());
  if (log->stats.dropped_last_offset && offset <= *log->stats.dropped_last_offset)
    return error{errc::offset_out_of_range, what + " was dropped from the log"};
  if (log->empty() || !log->offset_max || *log->offset_max < offset)
    return error{errc::not_found, what + " is past the log's end"};
  return first_reaching(env_.dbs(), r->handle(), group, *log, offset);
}

result<std::vector<group_id>> log_store::groups() const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto at = cursor::open(r->handle(), env_.dbs().log_meta);
  if (!at)
    return at.error();
  std::vector<group_id> out;
  MDB_val k, v;
  for (int rc = at->get(k, v, MDB_FIRST); rc != MDB_NOTFOUND; rc = at->get(k, v, MDB_NEXT)) {
    if (rc != 0)
      return mdb_error(rc, "list groups");
    out.push_back(key_group(val_bytes(k)));
  }
  return out;
}

// --- writes ------------------------------------------------------------------

result<void> log_store::append(const databases& dbs, MDB_txn* t, group_id group,
                               const std::vector<log_entry>& entries) {
  if (entries.empty())
    return {};
  if (auto ok = check_batch(group, entries); !ok)
    return ok;
  if (auto ok = make_room_for(dbs, t, group, entries.front().index); !ok)
    return ok;
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  auto next = load_next_sequence(dbs, t);
  if (!next)
    return next.error();
  if (auto ok = open_chunk(dbs, t, group, *log, entries.front().index, *next); !ok)
    return ok;
  if (log->empty())
    log->first_index = entries.front().index;
  int64_t stamp = unix_now_ms();
  uint64_t seq = *next;
  for (const auto& e : entries) {
    if (e.last_offset && (!log->offset_max || *log->offset_max < *e.last_offset))
      log->offset_max = e.last_offset;
    chain_link link{static_cast<uint32_t>(seq - log->tail_chunk_seq), log->tail_prev_seq,
                    log->offset_max};
    if (auto ok = put_entry(dbs, t, group, e, e.timestamp_ms != 0 ? e.timestamp_ms : stamp, seq,
                            link);
        !ok)
      return ok;
    log->stats.payload_bytes += e.payload.size();
    log->stats.entries += 1;
    ++seq;
  }
  log->last_index = entries.back().index;
  log->tail_seq = seq - 1;
  if (auto ok = save_group_log(dbs, t, group, *log); !ok)
    return ok;
  return save_next_sequence(dbs, t, seq);
}

result<void> log_store::truncate_suffix(const databases& dbs, MDB_txn* t, group_id group,
                                        raft_index from) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  if (log->empty() || from > log->last_index)
    return save_group_log(dbs, t, group, *log);
  auto start = std::max(from, log->first_index);
  auto doomed = collect(dbs, t, group, *log, start, log->last_index);
  if (!doomed)
    return doomed.error();
  if (start > log->first_index) {
    if (auto ok = retail(dbs, t, group, *log, start.prev()); !ok)
      return ok;
  } else {
    mark_empty(*log);
    // New entries may reuse the removed offsets: count only what was dropped.
    log->offset_max = log->stats.dropped_last_offset;
  }
  if (auto ok = remove_entries(dbs, t, group, *doomed, log->stats); !ok)
    return ok;
  if (auto ok = erase_records_from(dbs, t, group, start); !ok)
    return ok;
  return save_group_log(dbs, t, group, *log);
}

result<void> log_store::replace_payload(const databases& dbs, MDB_txn* t, group_id group,
                                        uint64_t seq, const entry_header& header,
                                        std::string_view payload) {
  log_entry e{header.index, header.term, std::string{payload}, header.last_offset, header.kind,
              header.timestamp_ms};
  auto key = make_sequence_key(seq);
  MDB_val k = as_val(key);
  MDB_val v{entry_header_bytes + e.payload.size(), nullptr};
  if (int rc = mdb_put(t, dbs.entries, &k, &v, MDB_RESERVE); rc != 0)
    return mdb_error(rc, "rewrite " + where(group, header.index.value()));
  encode_entry(static_cast<uint8_t*>(v.mv_data), e, header.timestamp_ms, header.link);
  return {};
}

result<uint64_t> log_store::drop_prefix(const databases& dbs, MDB_txn* t, group_id group,
                                        raft_index upto, uint64_t entries_max) {
  auto log = load_group_log(dbs, t, group);
  if (!log)
    return log.error();
  auto last = std::min(upto, log->last_index);
  if (entries_max > 0)
    last = std::min(last, raft_index{log->first_index.value() +
                                     static_cast<int64_t>(entries_max) - 1});
  if (log->empty() || last < log->first_index) {
    if (auto ok = save_group_log(dbs, t, group, *log); !ok)
      return ok.error();
    return uint64_t{0};
  }
  auto doomed = collect(dbs, t, group, *log, log->first_index, last);
  if (!doomed)
    return doomed.error();
  for (const auto& d : *doomed)
    if (d.last_offset &&
        (!log->stats.dropped_last_offset || *log->stats.dropped_last_offset < *d.last_offset))
      log->stats.dropped_last_offset = d.last_offset;
  if (auto ok = remove_entries(dbs, t, group, *doomed, log->stats); !ok)
    return ok.error();
  if (auto ok = erase_records_through(dbs, t, group, last); !ok)
    return ok.error();
  if (last == log->last_index)
    mark_empty(*log);
  else
    log->first_index = last.next();
  if (auto ok = save_group_log(dbs, t, group, *log); !ok)
    return ok.error();
  return static_cast<uint64_t>(doomed->size());
}

} // namespace strom::storage
