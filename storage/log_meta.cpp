#include "storage/log_meta.hpp"

#include <string_view>

#include "storage/entry_codec.hpp"
#include "storage/keys.hpp"
#include "storage/mdb_cursor.hpp"

namespace strom::storage {

namespace {

// log_meta value: payload bytes, entries, flags, dropped last offset, first
// index, last index, tail seq, tail chunk seq, tail prev seq, offset max,
// chunks unindexed.
constexpr size_t meta_value_bytes = 8 + 8 + 1 + 8 * 8 + 4;
constexpr uint8_t meta_has_dropped = 1;
constexpr uint8_t meta_has_offset_max = 2;

constexpr std::string_view next_sequence_key = "next_sequence";

std::string group_text(group_id group) { return "group " + std::to_string(group.value()); }

} // namespace

result<group_log> load_group_log(const databases& dbs, MDB_txn* t, group_id group) {
  auto key = make_group_key(group);
  MDB_val k = as_val(key), v;
  int rc = mdb_get(t, dbs.log_meta, &k, &v);
  if (rc == MDB_NOTFOUND)
    return group_log{};
  if (rc != 0)
    return mdb_error(rc, "read log metadata of " + group_text(group));
  if (v.mv_size != meta_value_bytes)
    return error{errc::storage_corrupt, "log metadata of " + group_text(group) +
                                            " has the wrong size"};
  const uint8_t* in = val_bytes(v);
  group_log out;
  out.stats.payload_bytes = static_cast<uint64_t>(get_be64(in));
  out.stats.entries = static_cast<uint64_t>(get_be64(in + 8));
  uint8_t flags = in[16];
  if (flags & meta_has_dropped)
    out.stats.dropped_last_offset = record_offset{get_be64(in + 17)};
  out.first_index = raft_index{get_be64(in + 25)};
  out.last_index = raft_index{get_be64(in + 33)};
  out.tail_seq = static_cast<uint64_t>(get_be64(in + 41));
  out.tail_chunk_seq = static_cast<uint64_t>(get_be64(in + 49));
  out.tail_prev_seq = static_cast<uint64_t>(get_be64(in + 57));
  if (flags & meta_has_offset_max)
    out.offset_max = record_offset{get_be64(in + 65)};
  out.chunks_unindexed = get_be32(in + 73);
  return out;
}

result<void> save_group_log(const databases& dbs, MDB_txn* t, group_id group,
                            const group_log& log) {
  uint8_t value[meta_value_bytes];
  put_be64(value, static_cast<int64_t>(log.stats.payload_bytes));
  put_be64(value + 8, static_cast<int64_t>(log.stats.entries));
  value[16] = static_cast<uint8_t>((log.stats.dropped_last_offset ? meta_has_dropped : 0) |
                                   (log.offset_max ? meta_has_offset_max : 0));
  put_be64(value + 17, log.stats.dropped_last_offset ? log.stats.dropped_last_offset->value() : 0);
  put_be64(value + 25, log.first_index.value());
  put_be64(value + 33, log.last_index.value());
  put_be64(value + 41, static_cast<int64_t>(log.tail_seq));
  put_be64(value + 49, static_cast<int64_t>(log.tail_chunk_seq));
  put_be64(value + 57, static_cast<int64_t>(log.tail_prev_seq));
  put_be64(value + 65, log.offset_max ? log.offset_max->value() : 0);
  put_be32(value + 73, log.chunks_unindexed);
  auto key = make_group_key(group);
  MDB_val k = as_val(key);
  MDB_val v{sizeof value, value};
  if (int rc = mdb_put(t, dbs.log_meta, &k, &v, 0); rc != 0)
    return mdb_error(rc, "save log metadata of " + group_text(group));
  return {};
}

result<uint64_t> load_next_sequence(const databases& dbs, MDB_txn* t) {
  MDB_val k = as_val(next_sequence_key), v;
  int rc = mdb_get(t, dbs.format, &k, &v);
  if (rc == MDB_NOTFOUND)
    return uint64_t{1};
  if (rc != 0)
    return mdb_error(rc, "read the next write sequence");
  if (v.mv_size != 8)
    return error{errc::storage_corrupt, "the next write sequence has the wrong size"};
  return static_cast<uint64_t>(get_be64(val_bytes(v)));
}

result<void> save_next_sequence(const databases& dbs, MDB_txn* t, uint64_t next) {
  uint8_t bytes[8];
  put_be64(bytes, static_cast<int64_t>(next));
  MDB_val k = as_val(next_sequence_key);
  MDB_val v{sizeof bytes, bytes};
  if (int rc = mdb_put(t, dbs.format, &k, &v, 0); rc != 0)
    return mdb_error(rc, "save the next write sequence");
  return {};
}

} // namespace strom::storage
