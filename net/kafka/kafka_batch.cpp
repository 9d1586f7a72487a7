#include "net/kafka/kafka_batch.hpp"

#include "messages/crc32c.hpp"
#include "messages/kafka_records.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// base_offset + batch_length: what precedes the bytes batch_length counts.
constexpr size_t batch_prefix_bytes = 12;
// partition_leader_epoch + magic + crc: between batch_length and the bytes
// the CRC covers.
constexpr size_t crc_prefix_bytes = 9;
// Kafka's attribute bits a strom batch keeps: compression and timestamp type.
constexpr uint32_t kept_attributes = 0xf;

strom::error corrupt(const std::string& what) {
  return {errc::bad_request, "invalid Kafka record batch: " + what};
}

// The CRC-covered part of one batch (attributes..end) into a strom batch.
result<std::string> covered_to_strom(std::string_view covered) {
  wire_reader r{covered, false};
  batch_header h;
  auto attributes = r.int16();
  if (attributes & (batch_attribute_transactional | batch_attribute_control))
    return corrupt("transactional and control batches are not taken");
  h.attributes = static_cast<uint32_t>(attributes) & kept_attributes;
  auto last_offset_delta = r.int32();
  h.base_timestamp_ms = r.int64();
  h.max_timestamp_ms = r.int64();
  h.producer.producer_id = r.int64();
  h.producer.producer_epoch = r.int16();
  h.producer.base_sequence = r.int32();
  h.records_count = r.int32();
  if (r.failed())
    return corrupt(r.failure());
  if (h.records_count < 1 || last_offset_delta != h.records_count - 1)
    return corrupt("last_offset_delta " + std::to_string(last_offset_delta) + " with "
                   + std::to_string(h.records_count) + " records");
  return wrap_kafka_records(h, covered.substr(r.position()));
}

// One batch from the front of `rest`; `rest` then starts after it.
result<std::string> take_batch(std::string_view& rest) {
  wire_reader r{rest, false};
  r.int64(); // base_offset: the leader assigns it
  auto length = r.int32();
  r.int32(); // partition_leader_epoch
  auto magic = r.int8();
  auto crc = static_cast<uint32_t>(r.int32());
  if (r.failed())
    return corrupt(r.failure());
  if (magic != batch_magic_v2)
    return corrupt("magic " + std::to_string(magic) + " (only 2 is taken)");
  if (length < static_cast<int32_t>(crc_prefix_bytes)
      || static_cast<size_t>(length) > rest.size() - batch_prefix_bytes)
    return corrupt("batch_length " + std::to_string(length) + " with "
                   + std::to_string(rest.size()) + " bytes");
  auto covered = rest.substr(batch_prefix_bytes + crc_prefix_bytes,
                             static_cast<size_t>(length) - crc_prefix_bytes);
  rest.remove_prefix(batch_prefix_bytes + static_cast<size_t>(length));
  if (crc32c(covered) != crc)
    return corrupt("CRC mismatch");
  return covered_to_strom(covered);
}

// A strom batch's records in Kafka's encoding: as stored when they came
// through this door (their CRC known), else encoded from strom's records.
struct kafka_records {
  std::string encoded; // empty when the stored bytes are used as they are
  std::string_view bytes;
  uint32_t crc = 0;
};

result<kafka_records> kafka_records_of(const raw_batch& raw, std::string_view batch) {
  if (raw.header.attributes & batch_attribute_kafka_records)
    return kafka_records{{}, raw.records, raw.header.records_crc};
  auto decoded = decode_record_batch(batch);
  if (!decoded)
    return decoded.error();
  kafka_records out;
  out.encoded = encode_kafka_records(*decoded, raw.header.base_offset,
                                     raw.header.base_timestamp_ms);
  out.bytes = out.encoded;
  out.crc = crc32c(out.bytes);
  return out;
}

// Appends the v2 framing and the records: the CRC over attributes..end is
// the header's CRC combined with the records' own, so the records are
// copied once and never read for a checksum again.
void append_framed(std::string& out, const batch_header& h, const kafka_records& records) {
  wire_writer covered{false};
  covered.int16(static_cast<int16_t>(h.attributes & kept_attributes));
  // A compacted batch spans more offsets than it holds records (maybe none):
  // Kafka's clients move past it by last_offset_delta, as after Kafka's own.
  covered.int32(h.last_offset_delta());
  covered.int64(h.base_timestamp_ms);
  covered.int64(h.max_timestamp_ms);
  covered.int64(h.producer.producer_id);
  covered.int16(h.producer.producer_epoch);
  covered.int32(h.producer.base_sequence);
  covered.int32(h.records_count);
  auto crc = crc32c_combine(crc32c(covered.bytes_so_far()), records.crc, records.bytes.size());
  wire_writer head{false};
  head.int64(h.base_offset.value());
  head.int32(static_cast<int32_t>(crc_prefix_bytes + covered.size() + records.bytes.size()));
  head.int32(static_cast<int32_t>(h.term.value()));
  head.int8(batch_magic_v2);
  head.int32(static_cast<int32_t>(crc));
  out += head.bytes_so_far();
  out += covered.bytes_so_far();
  out.append(records.bytes.data(), records.bytes.size());
}

} // namespace

result<std::vector<std::string>> kafka_batches_to_strom(std::string_view records) {
  if (records.empty())
    return corrupt("no batch");
  std::vector<std::string> out;
  while (!records.empty()) {
    auto batch = take_batch(records);
    if (!batch)
      return batch.error();
    out.push_back(std::move(*batch));
  }
  return out;
}

result<void> append_kafka_batch(std::string& out, std::string_view batch) {
  auto raw = read_raw_batch(batch);
  if (!raw)
    return raw.error();
  auto records = kafka_records_of(*raw, batch);
  if (!records)
    return records.error();
  append_framed(out, raw->header, *records);
  return {};
}

result<std::string> strom_batch_to_kafka(std::string_view batch) {
  std::string out;
  if (auto ok = append_kafka_batch(out, batch); !ok)
    return ok.error();
  return out;
}

} // namespace strom::kafka
