#include "net/kafka/group_offsets_api.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First (and last) versions of fields (OffsetCommit/OffsetFetch/FindCoordinator JSON).
constexpr int16_t key_type_from = 1;
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
    t.partitions.push_back(std::move(p));
  }
  return t;
}

} // namespace

result<find_coordinator_request> read_find_coordinator(int16_t version, std::string_view body) {
  wire_reader r{body, false};
  find_coordinator_request out;
  out.key = r.string();
  if (version >= key_type_from)
    out.key_type = r.int8();
  if (r.failed())
    return error{errc::bad_request, "FindCoordinator: " + r.failure()};
  return out;
}

std::string write_find_coordinator(int16_t version, error_code error,
                                   const std::optional<std::string>& message,
                                   const kafka_broker& coordinator) {
  wire_writer w{false};
  if (version >= key_type_from)
    w.int32(0); // throttle
  w.int16(wire(error));
  if (version >= key_type_from)
    w.nullable_string(message);
  w.int32(coordinator.node_id);
  w.string(coordinator.host);
  w.int32(coordinator.port);
  return w.take();
}

result<offset_commit_request> read_offset_commit(int16_t version, std::string_view body) {
  wire_reader r{body, false};
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
  if (r.failed())
    return error{errc::bad_request, "OffsetCommit: " + r.failure()};
  return out;
}

std::string write_offset_commit(int16_t version, const offset_commit_request& request,
                                error_code error) {
  wire_writer w{false};
  if (version >= commit_throttle_from)
    w.int32(0);
  w.array_length(static_cast<int64_t>(request.topics.size()));
  for (const auto& t : request.topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (const auto& p : t.partitions) {
      w.int32(p.partition);
      w.int16(wire(error));
    }
  }
  return w.take();
}

result<offset_fetch_request> read_offset_fetch(int16_t version, std::string_view body) {
  wire_reader r{body, false};
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
      out.topics->emplace_back(std::move(name), std::move(partitions));
    }
  }
  if (r.failed())
    return error{errc::bad_request, "OffsetFetch: " + r.failure()};
  return out;
}

std::string write_offset_fetch(int16_t version, const std::vector<fetched_topic>& topics,
                               error_code error) {
  wire_writer w{false};
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
    }
  }
  if (version >= fetch_error_from)
    w.int16(wire(error));
  return w.take();
}

} // namespace strom::kafka
