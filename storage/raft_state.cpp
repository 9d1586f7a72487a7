#include "storage/raft_state.hpp"

#include <cstring>

#include "messages/crc32c.hpp"
#include "storage/keys.hpp"
#include "storage/mdb_cursor.hpp"

namespace strom::storage {

namespace {

// hard_state value: crc u32, term i64, has_vote u8, vote i64, commit i64.
constexpr size_t hard_state_bytes = 4 + 8 + 1 + 8 + 8;
// snapshot value: crc u32, index i64, term i64, then the data.
constexpr size_t snapshot_header_bytes = 4 + 8 + 8;

std::string group_text(group_id group) { return "group " + std::to_string(group.value()); }

result<void> check_crc(const MDB_val& value, const std::string& what) {
  const uint8_t* in = val_bytes(value);
  if (get_be32(in) != crc32c_extend(0, in + 4, value.mv_size - 4))
    return error{errc::storage_corrupt, what + ": crc32c mismatch"};
  return {};
}

// Reads one value by group key; nullopt value.mv_data when absent.
result<MDB_val> get_by_group(MDB_txn* t, MDB_dbi db, group_id group, const std::string& what) {
  auto key = make_group_key(group);
  MDB_val k = as_val(key), v{0, nullptr};
  int rc = mdb_get(t, db, &k, &v);
  if (rc != 0 && rc != MDB_NOTFOUND)
    return mdb_error(rc, "read " + what);
  return v;
}

} // namespace

result<std::optional<hard_state>> raft_state_store::load_hard_state(const databases& dbs,
                                                                    MDB_txn* t, group_id group) {
  std::string what = "hard state of " + group_text(group);
  auto v = get_by_group(t, dbs.hard_state, group, what);
  if (!v)
    return v.error();
  if (v->mv_data == nullptr)
    return std::optional<hard_state>{};
  if (v->mv_size != hard_state_bytes)
    return error{errc::storage_corrupt, what + " has the wrong size"};
  if (auto ok = check_crc(*v, what); !ok)
    return ok.error();
  const uint8_t* in = val_bytes(*v);
  hard_state out;
  out.current_term = term_id{get_be64(in + 4)};
  if (in[12] != 0)
    out.voted_for = node_id{static_cast<int32_t>(get_be64(in + 13))};
  out.commit_index = raft_index{get_be64(in + 21)};
  return std::optional<hard_state>{out};
}

result<std::optional<hard_state>> raft_state_store::load_hard_state(group_id group) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  return load_hard_state(env_.dbs(), r->handle(), group);
}

result<std::optional<snapshot_record>> raft_state_store::load_snapshot(group_id group) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  std::string what = "snapshot of " + group_text(group);
  auto v = get_by_group(r->handle(), env_.dbs().snapshot, group, what);
  if (!v)
    return v.error();
  if (v->mv_data == nullptr)
    return std::optional<snapshot_record>{};
  if (v->mv_size < snapshot_header_bytes)
    return error{errc::storage_corrupt, what + " is shorter than its header"};
  if (auto ok = check_crc(*v, what); !ok)
    return ok.error();
  const uint8_t* in = val_bytes(*v);
  snapshot_record out;
  out.last_included_index = raft_index{get_be64(in + 4)};
  out.last_included_term = term_id{get_be64(in + 12)};
  out.data.assign(reinterpret_cast<const char*>(in) + snapshot_header_bytes,
                  v->mv_size - snapshot_header_bytes);
  return std::optional<snapshot_record>{std::move(out)};
}

result<void> raft_state_store::save_hard_state(const databases& dbs, MDB_txn* t, group_id group,
                                               const hard_state& state) {
  uint8_t value[hard_state_bytes];
  put_be64(value + 4, state.current_term.value());
  value[12] = state.voted_for ? 1 : 0;
  put_be64(value + 13, state.voted_for ? state.voted_for->value() : 0);
  put_be64(value + 21, state.commit_index.value());
  put_be32(value, crc32c_extend(0, value + 4, hard_state_bytes - 4));
  auto key = make_group_key(group);
  MDB_val k = as_val(key), v{sizeof value, value};
  if (int rc = mdb_put(t, dbs.hard_state, &k, &v, 0); rc != 0)
    return mdb_error(rc, "save hard state of " + group_text(group));
  return {};
}

result<void> raft_state_store::save_snapshot(const databases& dbs, MDB_txn* t, group_id group,
                                             const snapshot_record& snapshot) {
  auto key = make_group_key(group);
  MDB_val k = as_val(key), v{snapshot_header_bytes + snapshot.data.size(), nullptr};
  if (int rc = mdb_put(t, dbs.snapshot, &k, &v, MDB_RESERVE); rc != 0)
    return mdb_error(rc, "save snapshot of " + group_text(group));
  auto out = static_cast<uint8_t*>(v.mv_data);
  put_be64(out + 4, snapshot.last_included_index.value());
  put_be64(out + 12, snapshot.last_included_term.value());
  std::memcpy(out + snapshot_header_bytes, snapshot.data.data(), snapshot.data.size());
  put_be32(out, crc32c_extend(0, out + 4, v.mv_size - 4));
  return {};
}

} // namespace strom::storage
