#include "net/kafka/fetch_api.hpp"

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First versions with each field (FetchRequest/Response.json).
constexpr int16_t max_bytes_from = 3;
constexpr int16_t isolation_from = 4;
constexpr int16_t sessions_from = 7;
constexpr int16_t log_start_offset_from = 5;
constexpr int16_t leader_epoch_from = 9;
constexpr int16_t rack_from = 11;
constexpr int16_t last_fetched_epoch_from = 12;

fetch_topic_request read_topic(wire_reader& r, int16_t version) {
  fetch_topic_request t;
  t.name = r.string();
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    fetch_partition_request p;
    p.index = r.int32();
    if (version >= leader_epoch_from)
      r.int32(); // current_leader_epoch: strom's leaders fence by term themselves
    p.fetch_offset = r.int64();
    // last_fetched_epoch: Kafka checks it for a diverged follower's log;
    // strom's followers use raft, and a consumer sends -1.
    if (version >= last_fetched_epoch_from)
      r.int32();
    if (version >= log_start_offset_from)
      r.int64(); // log_start_offset: a follower's, and strom's followers use raft
    p.max_bytes = r.int32();
    r.tagged_fields();
    t.partitions.push_back(p);
  }
  r.tagged_fields();
  return t;
}

// Forgotten topics (v7+) only matter to a fetch session, and there is none.
void skip_forgotten(wire_reader& r) {
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    r.string();
    auto partitions = r.array_length();
    for (int32_t j = 0; j < partitions && !r.failed(); ++j)
      r.int32();
    r.tagged_fields();
  }
}

// The records go as a piece of their own, moved, not copied into the rest.
void write_partition(wire_writer& w, int16_t version, fetch_partition_answer& p,
                     std::vector<std::string>& pieces) {
  w.int32(p.index);
  w.int16(wire(p.error));
  w.int64(p.high_watermark);
  if (version >= isolation_from)
    w.int64(p.high_watermark); // last_stable_offset: no transactions, so the watermark
  if (version >= log_start_offset_from)
    w.int64(p.log_start_offset);
  if (version >= isolation_from)
    w.array_length(-1); // aborted_transactions: none
  if (version >= rack_from)
    w.int32(-1); // preferred_read_replica: read from the leader
  w.bytes_length(p.records.size());
  pieces.push_back(w.take());
  pieces.push_back(std::move(p.records));
  // None of v12's tagged fields (diverging epoch, current leader, snapshot
  // id) has anything to say for a log that raft keeps whole.
  w.tagged_fields();
}

} // namespace

result<fetch_request_body> read_fetch_request(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::fetch, version)};
  fetch_request_body out;
  r.int32(); // replica_id: -1 for consumers; strom's replicas do not fetch this way
  out.max_wait_ms = r.int32();
  out.min_bytes = r.int32();
  if (version >= max_bytes_from)
    out.max_bytes = r.int32();
  if (version >= isolation_from)
    out.isolation_level = r.int8();
  if (version >= sessions_from) {
    r.int32(); // session_id
    r.int32(); // session_epoch
  }
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i)
    out.topics.push_back(read_topic(r, version));
  if (version >= sessions_from)
    skip_forgotten(r);
  if (version >= rack_from)
    r.string();
  r.tagged_fields(); // cluster_id (tag 0) among them: a broker's, not a consumer's
  if (r.failed())
    return error{errc::bad_request, "Fetch: " + r.failure()};
  return out;
}

std::vector<std::string> write_fetch_response(int16_t version,
                                              std::vector<fetch_topic_answer>& topics) {
  std::vector<std::string> pieces;
  wire_writer w{is_flexible(api_key::fetch, version)};
  w.int32(0); // throttle_time_ms
  if (version >= sessions_from) {
    w.int16(wire(error_code::none));
    w.int32(0); // session_id: no session, full fetches
  }
  w.array_length(static_cast<int64_t>(topics.size()));
  for (auto& t : topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (auto& p : t.partitions)
      write_partition(w, version, p, pieces);
    w.tagged_fields();
  }
  w.tagged_fields();
  pieces.push_back(w.take());
  return pieces;
}

} // namespace strom::kafka
