#include "storage/sparse_index.hpp"

#include <limits>
#include <vector>

#include "storage/keys.hpp"
#include "storage/mdb_cursor.hpp"

namespace strom::storage {

namespace {

constexpr int64_t position_min = std::numeric_limits<int64_t>::min();
constexpr int64_t position_max = std::numeric_limits<int64_t>::max();
// offset_index value: previous chunk's last seq, chunk's first index.
constexpr size_t offset_value_bytes = 16;

std::string group_text(group_id group) { return "group " + std::to_string(group.value()); }

result<void> put_record(MDB_txn* t, MDB_dbi db, const position_key& key, MDB_val value,
                        const std::string& what) {
  MDB_val k = as_val(key);
  if (int rc = mdb_put(t, db, &k, &value, 0); rc != 0)
    return mdb_error(rc, what);
  return {};
}

// The value of the first record of `group` at or after `position`.
result<std::optional<MDB_val>> first_at_or_after(MDB_txn* t, MDB_dbi db, group_id group,
                                                 int64_t position) {
  auto at = cursor::open(t, db);
  if (!at)
    return at.error();
  auto key = make_position_key(group, position);
  MDB_val k = as_val(key), v;
  int rc = at->get(k, v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
    return std::optional<MDB_val>{};
  if (rc != 0)
    return mdb_error(rc, "sparse index of " + group_text(group));
  return std::optional<MDB_val>{v};
}

result<std::optional<uint64_t>> start_from(result<std::optional<MDB_val>> found,
                                           size_t value_bytes, group_id group) {
  if (!found)
    return found.error();
  if (!*found)
    return std::optional<uint64_t>{};
  if ((*found)->mv_size != value_bytes)
    return error{errc::storage_corrupt, "sparse index record of " + group_text(group) +
                                            " has the wrong size"};
  return std::optional<uint64_t>{static_cast<uint64_t>(get_be64(val_bytes(**found)))};
}

// Keys of `group`'s records in `db` from one end while `keep_going` says so.
template <class Test>
result<std::vector<position_key>> keys_while(MDB_txn* t, MDB_dbi db, group_id group,
                                             bool from_the_end, Test keep_going) {
  auto at = cursor::open(t, db);
  if (!at)
    return at.error();
  std::vector<position_key> out;
  auto key = make_position_key(group, from_the_end ? position_max : position_min);
  MDB_val k = as_val(key), v;
  int rc = at->get(k, v, MDB_SET_RANGE);
  if (from_the_end)
    rc = rc == MDB_NOTFOUND ? at->get(k, v, MDB_LAST) : (rc == 0 ? at->get(k, v, MDB_PREV) : rc);
  for (; rc == 0; rc = at->get(k, v, from_the_end ? MDB_PREV : MDB_NEXT)) {
    if (key_group(val_bytes(k)) != group || !keep_going(val_bytes(k), v))
      break;
    position_key found;
    std::copy(val_bytes(k), val_bytes(k) + found.size(), found.begin());
    out.push_back(found);
  }
  if (rc != 0 && rc != MDB_NOTFOUND)
    return mdb_error(rc, "sparse index of " + group_text(group));
  return out;
}

result<void> erase_keys(MDB_txn* t, MDB_dbi db, result<std::vector<position_key>> keys,
                        group_id group) {
  if (!keys)
    return keys.error();
  for (auto& key : *keys) {
    MDB_val k = as_val(key);
    if (int rc = mdb_del(t, db, &k, nullptr); rc != 0)
      return mdb_error(rc, "delete sparse index record of " + group_text(group));
  }
  return {};
}

int64_t record_chunk_first(const MDB_val& value) {
  return value.mv_size == offset_value_bytes ? get_be64(val_bytes(value) + 8) : 0;
}

} // namespace

result<void> put_chunk_records(const databases& dbs, MDB_txn* t, group_id group,
                               raft_index chunk_first, uint64_t prev_seq,
                               std::optional<record_offset> offset_max_before) {
  uint8_t value[offset_value_bytes];
  put_be64(value, static_cast<int64_t>(prev_seq));
  put_be64(value + 8, chunk_first.value());
  std::string what = "index chunk at group " + std::to_string(group.value()) + " index " +
                     std::to_string(chunk_first.value());
  if (auto ok = put_record(t, dbs.chunk_index, make_position_key(group, chunk_first.value()),
                           MDB_val{8, value}, what);
      !ok)
    return ok;
  if (!offset_max_before)
    return {};
  return put_record(t, dbs.offset_index, make_position_key(group, offset_max_before->value()),
                    MDB_val{sizeof value, value}, what);
}

result<std::optional<uint64_t>> index_walk_start(const databases& dbs, MDB_txn* t,
                                                 group_id group, raft_index index) {
  return start_from(first_at_or_after(t, dbs.chunk_index, group, index.value() + 1), 8, group);
}

result<std::optional<uint64_t>> offset_walk_start(const databases& dbs, MDB_txn* t,
                                                  group_id group, record_offset offset) {
  return start_from(first_at_or_after(t, dbs.offset_index, group, offset.value()),
                    offset_value_bytes, group);
}

result<void> erase_records_from(const databases& dbs, MDB_txn* t, group_id group,
                                raft_index from) {
  auto by_index = keys_while(t, dbs.chunk_index, group, true, [&](const uint8_t* key, const MDB_val&) {
    return key_position(key) >= from.value();
  });
  if (auto ok = erase_keys(t, dbs.chunk_index, std::move(by_index), group); !ok)
    return ok;
  // Offset records are in chunk order too, so the suffix to delete is at the end.
  auto by_offset = keys_while(t, dbs.offset_index, group, true, [&](const uint8_t*, const MDB_val& v) {
    return record_chunk_first(v) >= from.value();
  });
  return erase_keys(t, dbs.offset_index, std::move(by_offset), group);
}

result<void> erase_records_through(const databases& dbs, MDB_txn* t, group_id group,
                                   raft_index upto) {
  auto by_index = keys_while(t, dbs.chunk_index, group, false, [&](const uint8_t* key, const MDB_val&) {
    return key_position(key) <= upto.value();
  });
  if (auto ok = erase_keys(t, dbs.chunk_index, std::move(by_index), group); !ok)
    return ok;
  auto by_offset = keys_while(t, dbs.offset_index, group, false, [&](const uint8_t*, const MDB_val& v) {
    return record_chunk_first(v) <= upto.value();
  });
  return erase_keys(t, dbs.offset_index, std::move(by_offset), group);
}

} // namespace strom::storage
