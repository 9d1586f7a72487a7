#include "net/kafka/produce_api.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First versions with each field (ProduceRequest/Response.json).
constexpr int16_t throttle_from = 1;
constexpr int16_t log_append_time_from = 2;
constexpr int16_t log_start_offset_from = 5;
constexpr int16_t record_errors_from = 8;
constexpr int16_t transactional_id_from = 3;

produce_topic read_topic(wire_reader& r) {
  produce_topic t;
  t.name = r.string();
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    produce_partition p;
    p.index = r.int32();
    p.records = r.nullable_bytes();
    r.tagged_fields();
    t.partitions.push_back(std::move(p));
  }
  r.tagged_fields();
  return t;
}

void write_outcome(wire_writer& w, int16_t version, const produce_outcome& p) {
  w.int32(p.index);
  w.int16(wire(p.error));
  w.int64(p.base_offset);
  if (version >= log_append_time_from)
    w.int64(p.log_append_time_ms);
  if (version >= log_start_offset_from)
    w.int64(p.log_start_offset);
  if (version >= record_errors_from) {
    w.array_length(0); // record_errors: a batch fails whole here
    w.nullable_string(p.message);
  }
  w.tagged_fields();
}

} // namespace

result<produce_request_body> read_produce_request(int16_t version, bool flexible,
                                                  std::string_view body) {
  wire_reader r{body, flexible};
  produce_request_body out;
  if (version >= transactional_id_from)
    out.transactional_id = r.nullable_string();
  out.acks = r.int16();
  out.timeout_ms = r.int32();
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i)
    out.topics.push_back(read_topic(r));
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "Produce: " + r.failure()};
  return out;
}

std::string write_produce_response(int16_t version, bool flexible,
                                   const std::vector<produce_topic_outcome>& topics) {
  wire_writer w{flexible};
  w.array_length(static_cast<int64_t>(topics.size()));
  for (const auto& t : topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (const auto& p : t.partitions)
      write_outcome(w, version, p);
    w.tagged_fields();
  }
  if (version >= throttle_from)
    w.int32(0); // throttle_time_ms
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
