#include "net/kafka/group_offsets_api.hpp"

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First (and last) versions of fields (OffsetCommit/OffsetFetch/FindCoordinator JSON).
constexpr int16_t key_type_from = 1;
constexpr int16_t coordinator_keys_from = 4;
constexpr int16_t member_from = 1;
constexpr int16_t commit_timestamp_only = 1;
constexpr int16_t retention_from = 2;
constexpr int16_t retention_until = 4;
constexpr int16_t leader_epoch_from = 6;
constexpr int16_t instance_from = 7;
constexpr int16_t commit_throttle_from = 3;
constexpr int16_t fetch_all_from = 2;
constexpr int16_t fetch_error_from = 2;
constexpr int16_t fetch_throttle_from = 3;
constexpr int16_t fetch_epoch_from = 5;
constexpr int16_t require_stable_from = 7;

void write_broker(wire_writer& w, const kafka_broker& b) {
  w.int32(b.node_id);
  w.string(b.host);
  w.int32(b.port);
}

// One entry of FindCoordinator v4+'s list: the key, where, or why not.
void write_coordinator(wire_writer& w, const coordinator_answer& a) {
  w.string(a.key);
  write_broker(w, a.coordinator);
  w.int16(wire(a.error));
  w.nullable_string(a.message);
  w.tagged_fields();
}

offsets_of_topic read_commit_topic(wire_reader& r, int16_t version) {
  offsets_of_topic t;
  t.name = r.string();
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    offset_to_commit p;
    p.partition = r.int32();
    p.offset = r.int64();
    if (version >= leader_epoch_from)
      r.int32(); // committed_leader_epoch
    if (version == commit_timestamp_only)
      r.int64(); // commit_timestamp: the coordinator stamps its own
    p.metadata = r.nullable_string();
    r.tagged_fields();
    t.partitions.push_back(std::move(p));
  }
  r.tagged_fields();
  return t;
}

} // namespace

result<find_coordinator_request> read_find_coordinator(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::find_coordinator, version)};
  find_coordinator_request out;
  if (version < coordinator_keys_from)
    out.keys.push_back(r.string());
  if (version >= key_type_from)
    out.key_type = r.int8();
  if (version >= coordinator_keys_from)
    out.keys = r.string_array();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "FindCoordinator: " + r.failure()};
  return out;
}

std::string write_find_coordinator(int16_t version,
                                   const std::vector<coordinator_answer>& answers) {
  wire_writer w{is_flexible(api_key::find_coordinator, version)};
  if (version >= key_type_from)
    w.int32(0); // throttle
  if (version >= coordinator_keys_from) {
    w.array_length(static_cast<int64_t>(answers.size()));
    for (const auto& a : answers)
      write_coordinator(w, a);
  } else {
    // The reader gives v0-v3 exactly one key; a missing answer reads as
    // "look again" rather than as a coordinator at node -1.
    auto a = answers.empty() ? coordinator_answer{"", error_code::coordinator_not_available,
                                                  std::nullopt, {-1, "", -1}}
                             : answers.front();
    w.int16(wire(a.error));
    if (version >= key_type_from)
      w.nullable_string(a.message);
    write_broker(w, a.coordinator);
  }
  w.tagged_fields();
  return w.take();
}

result<offset_commit_request> read_offset_commit(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::offset_commit, version)};
  offset_commit_request out;
  out.group = r.string();
  if (version >= member_from) {
    out.generation = r.int32();
    out.member = r.string();
  }
  if (version >= instance_from)
    out.instance = r.nullable_string();
  if (version >= retention_from && version <= retention_until)
    r.int64(); // retention_time_ms: offsets live as long as the group's log keeps them
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i)
    out.topics.push_back(read_commit_topic(r, version));
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "OffsetCommit: " + r.failure()};
  return out;
}

std::string write_offset_commit(int16_t version, const offset_commit_request& request,
                                error_code error) {
  wire_writer w{is_flexible(api_key::offset_commit, version)};
  if (version >= commit_throttle_from)
    w.int32(0);
  w.array_length(static_cast<int64_t>(request.topics.size()));
  for (const auto& t : request.topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (const auto& p : t.partitions) {
      w.int32(p.partition);
      w.int16(wire(error));
      w.tagged_fields();
    }
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

result<offset_fetch_request> read_offset_fetch(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::offset_fetch, version)};
  offset_fetch_request out;
  out.group = r.string();
  auto count = r.array_length();
  if (count >= 0 || version < fetch_all_from) {
    out.topics.emplace();
    for (int32_t i = 0; i < count && !r.failed(); ++i) {
      auto name = r.string();
      std::vector<int32_t> partitions;
      for (int32_t j = 0, n = r.array_length(); j < n && !r.failed(); ++j)
        partitions.push_back(r.int32());
      r.tagged_fields();
      out.topics->emplace_back(std::move(name), std::move(partitions));
    }
  }
  // require_stable: strom has no transactions, so every offset is stable.
  if (version >= require_stable_from)
    r.boolean();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "OffsetFetch: " + r.failure()};
  return out;
}

std::string write_offset_fetch(int16_t version, const std::vector<fetched_topic>& topics,
                               error_code error) {
  wire_writer w{is_flexible(api_key::offset_fetch, version)};
  if (version >= fetch_throttle_from)
    w.int32(0);
  // Before v2 the group's error has no field of its own: each partition carries it.
  auto partition_error = version >= fetch_error_from ? error_code::none : error;
  w.array_length(static_cast<int64_t>(topics.size()));
  for (const auto& t : topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (const auto& p : t.partitions) {
      w.int32(p.partition);
      w.int64(p.offset);
      if (version >= fetch_epoch_from)
        w.int32(-1);
      w.nullable_string(p.metadata);
      w.int16(wire(partition_error));
      w.tagged_fields();
    }
    w.tagged_fields();
  }
  if (version >= fetch_error_from)
    w.int16(wire(error));
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
