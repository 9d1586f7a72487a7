#include "storage/chunk_walk.hpp"

#include <algorithm>

#include "storage/keys.hpp"
#include "storage/mdb_cursor.hpp"
#include "storage/sparse_index.hpp"

namespace strom::storage {

namespace {

// The chunk of the entry at `seq`, clamped to the log's first index.
struct chunk_view {
  entry_header last;
  uint64_t last_seq = 0;
  raft_index first;
};

result<chunk_view> chunk_ending_at(const databases& dbs, MDB_txn* t, group_id group,
                                   const group_log& log, uint64_t seq) {
  auto header = header_at(dbs, t, group, seq);
  if (!header)
    return header.error();
  if (header->link.chunk_pos >= seq)
    return error{errc::storage_corrupt, where(group, header->index.value()) +
                                            ": chunk position past the first sequence"};
  // Raft indexes start at 1, so a chunk's first index is too (and a corrupt
  // index can no longer overflow the subtraction below).
  if (header->link.chunk_pos >= header->index.value())
    return error{errc::storage_corrupt, where(group, header->index.value()) +
                                            ": chunk position past the first index"};
  auto first = raft_index{header->index.value() - header->link.chunk_pos};
  return chunk_view{*header, seq, std::max(first, log.first_index)};
}

// The chunk's predecessor in the chain, checked to lie before it.
result<uint64_t> previous_chunk(group_id group, const chunk_view& chunk) {
  uint64_t prev = chunk.last.link.prev_seq;
  if (prev == 0 || prev >= chunk.last_seq - chunk.last.link.chunk_pos)
    return error{errc::storage_corrupt, where(group, chunk.first.value()) +
                                            ": the chain of chunks is broken before it"};
  return prev;
}

uint64_t seq_of(const chunk_view& chunk, raft_index index) {
  return chunk.last_seq - static_cast<uint64_t>(chunk.last.index.value() - index.value());
}

// Visits the entries of one span through a cursor (consecutive sequences).
result<bool> visit_span(cursor& at, group_id group, const chunk_span& span, raft_index to,
                        const entry_visitor& visit) {
  auto key = make_sequence_key(span.first_seq);
  MDB_val k = as_val(key), v;
  int rc = at.get(k, v, MDB_SET_KEY);
  for (int64_t i = span.first.value(); i <= std::min(span.last, to).value(); ++i) {
    uint64_t expected = span.first_seq + static_cast<uint64_t>(i - span.first.value());
    if (rc == 0 && key_sequence(val_bytes(k)) != expected)
      rc = MDB_NOTFOUND;
    if (rc == MDB_NOTFOUND)
      return error{errc::storage_corrupt, where(group, i) + ": missing from the entries"};
    if (rc != 0)
      return mdb_error(rc, "read " + where(group, i));
    auto more = visit(expected, raft_index{i}, v);
    if (!more || !*more)
      return more;
    rc = at.get(k, v, MDB_NEXT);
  }
  return true;
}

} // namespace

result<entry_header> header_at(const databases& dbs, MDB_txn* t, group_id group, uint64_t seq) {
  auto key = make_sequence_key(seq);
  MDB_val k = as_val(key), v;
  std::string what = "group " + std::to_string(group.value()) + " sequence " + std::to_string(seq);
  int rc = mdb_get(t, dbs.entries, &k, &v);
  if (rc == MDB_NOTFOUND)
    return error{errc::storage_corrupt, what + ": the entry a chunk chain names is missing"};
  if (rc != 0)
    return mdb_error(rc, "read " + what);
  auto header = parse_header(v);
  if (!header)
    return error{errc::storage_corrupt, what + ": entry shorter than its header"};
  return *header;
}

result<std::vector<chunk_span>> spans_from(const databases& dbs, MDB_txn* t, group_id group,
                                           const group_log& log, raft_index index) {
  auto start = index_walk_start(dbs, t, group, index);
  if (!start)
    return start.error();
  uint64_t seq = start->value_or(log.tail_seq);
  std::vector<chunk_span> out;
  for (;;) {
    auto chunk = chunk_ending_at(dbs, t, group, log, seq);
    if (!chunk)
      return chunk.error();
    if (chunk->last.index < index)
      return error{errc::storage_corrupt, where(group, index.value()) +
                                              ": the chain of chunks skips it"};
    auto first = std::max(chunk->first, index);
    out.push_back({first, chunk->last.index, seq_of(*chunk, first)});
    if (chunk->first <= index)
      break;
    auto prev = previous_chunk(group, *chunk);
    if (!prev)
      return prev.error();
    seq = *prev;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

result<void> visit_entries(const databases& dbs, MDB_txn* t, group_id group,
                           const group_log& log, raft_index from, raft_index to,
                           const entry_visitor& visit) {
  auto at = cursor::open(t, dbs.entries);
  if (!at)
    return at.error();
  to = std::min(to, log.last_index);
  while (from <= to) {
    auto spans = spans_from(dbs, t, group, log, from);
    if (!spans)
      return spans.error();
    for (const auto& span : *spans) {
      auto more = visit_span(*at, group, span, to, visit);
      if (!more)
        return more.error();
      if (!*more)
        return {};
    }
    // Done at `to`; stopping there also keeps next() from overflowing a
    // corrupt chunk that claims to end at the largest index.
    if (spans->back().last >= to)
      break;
    from = spans->back().last.next();
  }
  return {};
}

result<raft_index> first_reaching(const databases& dbs, MDB_txn* t, group_id group,
                                  const group_log& log, record_offset offset) {
  auto start = offset_walk_start(dbs, t, group, offset);
  if (!start)
    return start.error();
  auto reaches = [&](const entry_header& h) { return h.link.offset_max && *h.link.offset_max >= offset; };
  auto chunk = chunk_ending_at(dbs, t, group, log, start->value_or(log.tail_seq));
  if (!chunk)
    return chunk.error();
  if (!reaches(chunk->last))
    return error{errc::storage_corrupt, where(group, chunk->last.index.value()) +
                                            ": offset index points below the offset"};
  // Back while the previous chunk still reaches the offset.
  while (chunk->first > log.first_index) {
    auto prev = previous_chunk(group, *chunk);
    if (!prev)
      return prev.error();
    auto before = chunk_ending_at(dbs, t, group, log, *prev);
    if (!before)
      return before.error();
    if (!reaches(before->last))
      break;
    chunk = std::move(before);
  }
  // Offset maxima only grow along the log: bisect the chunk.
  int64_t low = chunk->first.value(), high = chunk->last.index.value();
  while (low < high) {
    int64_t mid = low + (high - low) / 2;
    auto header = header_at(dbs, t, group, seq_of(*chunk, raft_index{mid}));
    if (!header)
      return header.error();
    if (reaches(*header))
      high = mid;
    else
      low = mid + 1;
  }
  return raft_index{low};
}

} // namespace strom::storage
