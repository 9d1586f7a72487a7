#include "storage/write_request_codec.hpp"

#include <cstring>

namespace strom::storage {

namespace {

enum request_flags : uint8_t {
  has_snapshot = 1,
  has_truncate = 2,
  has_state = 4,
  has_drop = 8,
  has_vote = 16,
};
constexpr uint8_t entry_has_last_offset = 1;

template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_bytes(std::string& out, const std::string& bytes) {
  put(out, static_cast<uint64_t>(bytes.size()));
  out.append(bytes);
}

uint8_t flags_of(const write_request& r) {
  uint8_t flags = 0;
  flags |= r.snapshot ? has_snapshot : 0;
  flags |= r.truncate_from ? has_truncate : 0;
  flags |= r.state ? has_state : 0;
  flags |= r.drop_prefix_upto ? has_drop : 0;
  flags |= r.state && r.state->voted_for ? has_vote : 0;
  return flags;
}

void encode_entry(const log_entry& e, std::string& out) {
  put(out, e.index.value());
  put(out, e.term.value());
  put(out, static_cast<uint8_t>(e.last_offset ? entry_has_last_offset : 0));
  put(out, e.last_offset ? e.last_offset->value() : int64_t{0});
  put(out, e.kind);
  put(out, e.timestamp_ms);
  put_bytes(out, e.payload);
}

void encode_request(const write_request& r, std::string& out) {
  put(out, r.group.value());
  uint8_t flags = flags_of(r);
  put(out, flags);
  if (r.snapshot) {
    put(out, r.snapshot->last_included_index.value());
    put(out, r.snapshot->last_included_term.value());
    put_bytes(out, r.snapshot->data);
  }
  if (r.truncate_from)
    put(out, r.truncate_from->value());
  put(out, static_cast<uint64_t>(r.entries.size()));
  for (const auto& e : r.entries)
    encode_entry(e, out);
  if (r.state) {
    put(out, r.state->current_term.value());
    put(out, r.state->voted_for ? r.state->voted_for->value() : int32_t{0});
    put(out, r.state->commit_index.value());
  }
  if (r.drop_prefix_upto)
    put(out, r.drop_prefix_upto->value());
}

// Reads fixed-width fields off the front of a record; ok() turns false,
// for good, at the first read past its end.
class reader {
public:
  explicit reader(std::string_view bytes) : rest_(bytes) {}

  template <class T>
  T get() {
    T value{};
    if (!ok_ || rest_.size() < sizeof value) {
      ok_ = false;
      return value;
    }
    std::memcpy(&value, rest_.data(), sizeof value);
    rest_.remove_prefix(sizeof value);
    return value;
  }

  std::string bytes() {
    auto size = get<uint64_t>();
    if (!ok_ || rest_.size() < size) {
      ok_ = false;
      return {};
    }
    std::string out{rest_.substr(0, size)};
    rest_.remove_prefix(size);
    return out;
  }

  // An element count no larger than what is left could hold.
  uint64_t count(size_t element_bytes_min) {
    auto n = get<uint64_t>();
    if (n > rest_.size() / element_bytes_min)
      ok_ = false;
    return ok_ ? n : 0;
  }

  // What was read holds what the encoder never writes.
  void refuse() { ok_ = false; }
  bool ok() const { return ok_; }
  bool done() const { return rest_.empty(); }

private:
  std::string_view rest_;
  bool ok_ = true;
};

log_entry decode_entry(reader& in) {
  log_entry e;
  e.index = raft_index{in.get<int64_t>()};
  e.term = term_id{in.get<int64_t>()};
  auto flags = in.get<uint8_t>();
  auto last_offset = in.get<int64_t>();
  if (flags & entry_has_last_offset)
    e.last_offset = record_offset{last_offset};
  if ((flags & ~entry_has_last_offset) != 0 || (!e.last_offset && last_offset != 0))
    in.refuse();
  e.kind = in.get<uint8_t>();
  e.timestamp_ms = in.get<int64_t>();
  e.payload = in.bytes();
  return e;
}

// The smallest encoded entry: its fixed fields and an empty payload.
constexpr size_t entry_bytes_min = 8 + 8 + 1 + 8 + 1 + 8 + 8;

write_request decode_request(reader& in) {
  write_request r;
  r.group = group_id{in.get<int64_t>()};
  auto flags = in.get<uint8_t>();
  constexpr uint8_t known = has_snapshot | has_truncate | has_state | has_drop | has_vote;
  if ((flags & ~known) != 0 || ((flags & has_vote) && !(flags & has_state)))
    in.refuse();
  if (flags & has_snapshot) {
    snapshot_record s;
    s.last_included_index = raft_index{in.get<int64_t>()};
    s.last_included_term = term_id{in.get<int64_t>()};
    s.data = in.bytes();
    r.snapshot = std::move(s);
  }
  if (flags & has_truncate)
    r.truncate_from = raft_index{in.get<int64_t>()};
  auto entries = in.count(entry_bytes_min);
  for (uint64_t i = 0; i < entries && in.ok(); ++i)
    r.entries.push_back(decode_entry(in));
  if (flags & has_state) {
    hard_state h{term_id{in.get<int64_t>()}, std::nullopt, raft_index{0}};
    auto vote = in.get<int32_t>();
    if (flags & has_vote)
      h.voted_for = node_id{vote};
    else if (vote != 0)
      in.refuse();
    h.commit_index = raft_index{in.get<int64_t>()};
    r.state = h;
  }
  if (flags & has_drop)
    r.drop_prefix_upto = raft_index{in.get<int64_t>()};
  return r;
}

// The smallest encoded request: group, flags and an entry count.
constexpr size_t request_bytes_min = 8 + 1 + 8;

} // namespace

void encode_requests(const std::vector<const write_request*>& requests, std::string& out) {
  put(out, static_cast<uint64_t>(requests.size()));
  for (const auto* r : requests)
    encode_request(*r, out);
}

result<std::vector<write_request>> decode_requests(std::string_view bytes) {
  reader in{bytes};
  std::vector<write_request> out;
  auto n = in.count(request_bytes_min);
  for (uint64_t i = 0; i < n && in.ok(); ++i)
    out.push_back(decode_request(in));
  if (!in.ok() || !in.done())
    return error{errc::storage_corrupt, "a commit log record does not decode"};
  return out;
}

} // namespace strom::storage
