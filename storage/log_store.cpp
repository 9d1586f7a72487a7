#include "storage/log_store.hpp"

#include <chrono>
#include <cstring>
#include <limits>

#include "storage/crc32c.hpp"
#include "storage/entry_codec.hpp"
#include "storage/keys.hpp"
#include "storage/mdb_cursor.hpp"

namespace strom::storage {

namespace {

constexpr int64_t position_min = std::numeric_limits<int64_t>::min();
constexpr int64_t position_max = std::numeric_limits<int64_t>::max();
// log_meta value: payload bytes, entries, flags, dropped last offset.
constexpr size_t meta_value_bytes = 8 + 8 + 1 + 8;

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string where(group_id group, int64_t index) {
  return "group " + std::to_string(group.value()) + " index " + std::to_string(index);
}

result<log_entry> decode_entry(group_id group, int64_t index, const MDB_val& value) {
  auto header = parse_header(value);
  if (!header)
    return error{errc::storage_corrupt, where(group, index) + ": entry shorter than its header"};
  const uint8_t* in = val_bytes(value);
  uint32_t stored = get_be32(in);
  uint32_t computed = crc32c_extend(0, in + 4, value.mv_size - 4);
  if (stored != computed)
    return error{errc::storage_corrupt, where(group, index) + ": crc32c mismatch (stored " +
                                            std::to_string(stored) + ", computed " +
                                            std::to_string(computed) + ")"};
  log_entry out;
  out.index = raft_index{index};
  out.term = header->term;
  out.timestamp_ms = header->timestamp_ms;
  out.last_offset = header->last_offset;
  out.kind = header->kind;
  out.payload.assign(reinterpret_cast<const char*>(in) + entry_header_bytes,
                     header->payload_bytes);
  return out;
}

void encode_entry(uint8_t* out, const log_entry& entry, int64_t timestamp_ms) {
  put_be64(out + 4, entry.term.value());
  put_be64(out + 12, timestamp_ms);
  put_be64(out + 20, entry.last_offset ? entry.last_offset->value() : 0);
  out[28] = static_cast<uint8_t>((entry.last_offset ? flag_has_last_offset : 0) |
                                 ((entry.kind << flag_kind_shift) & flag_kind_mask));
  std::memcpy(out + entry_header_bytes, entry.payload.data(), entry.payload.size());
  size_t total = entry_header_bytes + entry.payload.size();
  put_be32(out, crc32c_extend(0, out + 4, total - 4));
}

result<void> write_stats(const databases& dbs, MDB_txn* t, group_id group,
                         const log_stats& stats) {
  uint8_t value[meta_value_bytes];
  put_be64(value, static_cast<int64_t>(stats.payload_bytes));
  put_be64(value + 8, static_cast<int64_t>(stats.entries));
  value[16] = stats.dropped_last_offset ? flag_has_last_offset : 0;
  put_be64(value + 17, stats.dropped_last_offset ? stats.dropped_last_offset->value() : 0);
  auto key = make_group_key(group);
  MDB_val k = as_val(key);
  MDB_val v{sizeof value, value};
  if (int rc = mdb_put(t, dbs.log_meta, &k, &v, 0); rc != 0)
    return mdb_error(rc, "save log stats of group " + std::to_string(group.value()));
  return {};
}

// Removes the entry under the cursor and its offset-index key; updates stats.
result<void> remove_current(const databases& dbs, MDB_txn* t, cursor& at, group_id group,
                            int64_t index, const MDB_val& value, log_stats& stats) {
  auto header = parse_header(value);
  uint64_t payload_bytes = header ? header->payload_bytes : value.mv_size;
  if (header && header->last_offset) {
    auto key = make_position_key(group, header->last_offset->value());
    MDB_val k = as_val(key);
    MDB_val v;
    // Only if the offset key still names this entry (a later entry may own it).
    if (mdb_get(t, dbs.offset_index, &k, &v) == 0 && v.mv_size == 8 &&
        get_be64(val_bytes(v)) == index)
      if (int rc = mdb_del(t, dbs.offset_index, &k, nullptr); rc != 0)
        return mdb_error(rc, "delete offset key of " + where(group, index));
  }
  if (int rc = at.del(); rc != 0)
    return mdb_error(rc, "delete " + where(group, index));
  stats.payload_bytes -= std::min(stats.payload_bytes, payload_bytes);
  stats.entries -= std::min<uint64_t>(stats.entries, 1);
  return {};
}

result<void> check_batch(group_id group, const std::vector<log_entry>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].index.value() <= 0)
      return error{errc::bad_request, where(group, entries[i].index.value()) +
                                          ": raft indexes start at 1"};
    if (i > 0 && entries[i].index.value() != entries[i - 1].index.value() + 1)
      return error{errc::bad_request, where(group, entries[i].index.value()) +
                                          ": entries of one append must be consecutive"};
  }
  return {};
}

// Decides where the batch goes: after the last entry, into an empty log, or
// over a conflicting suffix (which it then removes).
result<void> make_room_for(const databases& dbs, MDB_txn* t, group_id group, raft_index first) {
  auto last = log_store::last_index(dbs, t, group);
  if (!last)
    return last.error();
  if (!*last || first.value() == (*last)->value() + 1)
    return {};
  if (first > **last)
    return error{errc::bad_request, where(group, first.value()) + ": would leave a gap after " +
                                        std::to_string((*last)->value())};
  auto head = log_store::first_index(dbs, t, group);
  if (!head)
    return head.error();
  if (*head && first < **head)
    return error{errc::bad_request, where(group, first.value()) +
                                        ": lies before the log's first entry " +
                                        std::to_string((*head)->value())};
  return log_store::truncate_suffix(dbs, t, group, first);
}

result<void> put_entry(const databases& dbs, MDB_txn* t, group_id group, const log_entry& e,
                       int64_t timestamp_ms) {
  auto key = make_position_key(group, e.index.value());
  MDB_val k = as_val(key);
  // MDB_RESERVE lets us encode straight into the page: one copy of the payload.
  MDB_val v{entry_header_bytes + e.payload.size(), nullptr};
  if (int rc = mdb_put(t, dbs.log, &k, &v, MDB_RESERVE); rc != 0)
    return mdb_error(rc, "append " + where(group, e.index.value()));
  encode_entry(static_cast<uint8_t*>(v.mv_data), e, timestamp_ms);
  if (!e.last_offset)
    return {};
  auto offset_key = make_position_key(group, e.last_offset->value());
  MDB_val ok = as_val(offset_key);
  uint8_t index_bytes[8];
  put_be64(index_bytes, e.index.value());
  MDB_val ov{sizeof index_bytes, index_bytes};
  if (int rc = mdb_put(t, dbs.offset_index, &ok, &ov, 0); rc != 0)
    return mdb_error(rc, "index offset of " + where(group, e.index.value()));
  return {};
}

} // namespace

// --- reads inside a transaction ----------------------------------------------

result<log_stats> log_store::stats(const databases& dbs, MDB_txn* t, group_id group) {
  auto key = make_group_key(group);
  MDB_val k = as_val(key);
  MDB_val v;
  int rc = mdb_get(t, dbs.log_meta, &k, &v);
  if (rc == MDB_NOTFOUND)
    return log_stats{};
  if (rc != 0)
    return mdb_error(rc, "read log stats of group " + std::to_string(group.value()));
  if (v.mv_size != meta_value_bytes)
    return error{errc::storage_corrupt, "log stats of group " + std::to_string(group.value()) +
                                            " have the wrong size"};
  const uint8_t* in = val_bytes(v);
  log_stats out;
  out.payload_bytes = static_cast<uint64_t>(get_be64(in));
  out.entries = static_cast<uint64_t>(get_be64(in + 8));
  if (in[16] & flag_has_last_offset)
    out.dropped_last_offset = record_offset{get_be64(in + 17)};
  return out;
}

result<std::optional<raft_index>> log_store::first_index(const databases& dbs, MDB_txn* t,
                                                         group_id group) {
  auto at = cursor::open(t, dbs.log);
  if (!at)
    return at.error();
  auto key = make_position_key(group, position_min);
  MDB_val k = as_val(key), v;
  int rc = at->get(k, v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
    return std::optional<raft_index>{};
  if (rc != 0)
    return mdb_error(rc, "first index of group " + std::to_string(group.value()));
  return std::optional<raft_index>{raft_index{key_position(val_bytes(k))}};
}

result<std::optional<raft_index>> log_store::last_index(const databases& dbs, MDB_txn* t,
                                                        group_id group) {
  auto at = cursor::open(t, dbs.log);
  if (!at)
    return at.error();
  // Step onto the first key past the group, then one back.
  auto key = make_position_key(group, position_max);
  MDB_val k = as_val(key), v;
  int rc = at->get(k, v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND)
    rc = at->get(k, v, MDB_LAST);
  else if (rc == 0)
    rc = at->get(k, v, MDB_PREV);
  if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
    return std::optional<raft_index>{};
  if (rc != 0)
    return mdb_error(rc, "last index of group " + std::to_string(group.value()));
  return std::optional<raft_index>{raft_index{key_position(val_bytes(k))}};
}

// --- reads with their own transaction ----------------------------------------

result<std::vector<log_entry>> log_store::read(group_id group, raft_index from, raft_index to,
                                               uint64_t max_bytes) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto at = cursor::open(r->handle(), env_.dbs().log);
  if (!at)
    return at.error();
  std::vector<log_entry> out;
  uint64_t bytes = 0;
  auto key = make_position_key(group, from.value());
  MDB_val k = as_val(key), v;
  for (int rc = at->get(k, v, MDB_SET_RANGE); rc != MDB_NOTFOUND; rc = at->get(k, v, MDB_NEXT)) {
    if (rc != 0)
      return mdb_error(rc, "read " + where(group, from.value()));
    int64_t index = key_position(val_bytes(k));
    if (key_group(val_bytes(k)) != group || index > to.value())
      break;
    uint64_t payload_bytes = v.mv_size - std::min(v.mv_size, entry_header_bytes);
    if (!out.empty() && bytes + payload_bytes > max_bytes)
      break;
    auto decoded = decode_entry(group, index, v);
    if (!decoded)
      return decoded.error();
    bytes += payload_bytes;
    out.push_back(std::move(*decoded));
  }
  return out;
}

result<log_entry> log_store::entry(group_id group, raft_index index) const {
  auto r = env_.begin_read();
  if (!r)
    return r.error();
  auto key = make_position_key(group, index.value());
  MDB_val k = as_val(key), v;
  if (int rc = mdb_get(r->handle(), env_.dbs().log, &k, &v); rc != 0)
    return mdb_error(rc, "read " + where(group, index.value()));
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
  auto held = stats(env_.dbs(), r->handle(), group);
  if (!held)
    return held.error();
  std::string what = "group " + std::to_string(group.value()) + " offset " +
                     std::to_string(offset.value());
  if (held->dropped_last_offset && offset <= *held->dropped_last_offset)
    return error{errc::offset_out_of_range, what + " was dropped from the log"};
  auto at = cursor::open(r->handle(), env_.dbs().offset_index);
  if (!at)
    return at.error();
  auto key = make_position_key(group, offset.value());
  MDB_val k = as_val(key), v;
  int rc = at->get(k, v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
    return error{errc::not_found, what + " is past the log's end"};
  if (rc != 0)
    return mdb_error(rc, "find " + what);
  if (v.mv_size != 8)
    return error{errc::storage_corrupt, "offset index of " + what + " has the wrong size"};
  return raft_index{get_be64(val_bytes(v))};
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
  auto held = stats(dbs, t, group);
  if (!held)
    return held.error();
  int64_t stamp = now_ms();
  for (const auto& e : entries) {
    if (auto ok = put_entry(dbs, t, group, e, e.timestamp_ms != 0 ? e.timestamp_ms : stamp); !ok)
      return ok;
    held->payload_bytes += e.payload.size();
    held->entries += 1;
  }
  return write_stats(dbs, t, group, *held);
}

result<void> log_store::truncate_suffix(const databases& dbs, MDB_txn* t, group_id group,
                                        raft_index from) {
  auto held = stats(dbs, t, group);
  if (!held)
    return held.error();
  auto at = cursor::open(t, dbs.log);
  if (!at)
    return at.error();
  for (;;) {
    // Seek afresh after each delete rather than rely on cursor-after-delete rules.
    auto key = make_position_key(group, from.value());
    MDB_val k = as_val(key), v;
    int rc = at->get(k, v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
      break;
    if (rc != 0)
      return mdb_error(rc, "truncate " + where(group, from.value()));
    if (auto ok = remove_current(dbs, t, *at, group, key_position(val_bytes(k)), v, *held); !ok)
      return ok;
  }
  return write_stats(dbs, t, group, *held);
}

result<uint64_t> log_store::drop_prefix(const databases& dbs, MDB_txn* t, group_id group,
                                        raft_index upto, uint64_t entries_max) {
  auto held = stats(dbs, t, group);
  if (!held)
    return held.error();
  auto at = cursor::open(t, dbs.log);
  if (!at)
    return at.error();
  uint64_t dropped = 0;
  while (entries_max == 0 || dropped < entries_max) {
    auto key = make_position_key(group, position_min);
    MDB_val k = as_val(key), v;
    int rc = at->get(k, v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND || (rc == 0 && key_group(val_bytes(k)) != group))
      break;
    if (rc != 0)
      return mdb_error(rc, "drop prefix of group " + std::to_string(group.value()));
    int64_t index = key_position(val_bytes(k));
    if (index > upto.value())
      break;
    if (auto header = parse_header(v); header && header->last_offset)
      if (!held->dropped_last_offset || *held->dropped_last_offset < *header->last_offset)
        held->dropped_last_offset = header->last_offset;
    if (auto ok = remove_current(dbs, t, *at, group, index, v, *held); !ok)
      return ok.error();
    ++dropped;
  }
  if (auto ok = write_stats(dbs, t, group, *held); !ok)
    return ok.error();
  return dropped;
}

} // namespace strom::storage
