#include "messages/record_batch_compact.hpp"

#include <algorithm>
#include <limits>

#include "messages/kafka_records.hpp"

namespace strom {
namespace {

// The log checked the batch when it went in: no size limit on reading it back.
const batch_limits any_size{std::numeric_limits<size_t>::max()};

// The records bytes of the compacted batch: compressed with the batch's own
// codec when it had one.
result<std::string> records_bytes(const batch_header& h, const std::vector<stored_record>& kept) {
  auto plain = encode_kafka_records(kept, h.base_offset, h.base_timestamp_ms);
  if (!(h.attributes & batch_attribute_kafka_records))
    return plain;
  auto codec = compression_codec_of_bits(h.attributes);
  if (!codec || *codec == compression_codec::none)
    return plain;
  return compress(*codec, plain);
}

} // namespace

result<std::optional<std::string>> compact_record_batch(std::string_view batch,
                                                        const record_keep& keep) {
  auto header = read_batch_header(batch);
  if (!header)
    return header.error();
  auto records = decode_record_batch(batch, any_size);
  if (!records)
    return records.error();
  std::vector<stored_record> kept;
  std::copy_if(records->begin(), records->end(), std::back_inserter(kept), keep);
  if (kept.size() == records->size())
    return std::optional<std::string>{};
  // A LogAppendTime batch reads every record at the header's time, which
  // the decoding put in; the records' own deltas mean nothing, so none.
  if (header->timestamps() == timestamp_type::log_append_time)
    for (auto& r : kept)
      r.timestamp_ms = header->base_timestamp_ms;
  auto compacted = *header;
  compacted.compacted_last_delta = header->last_offset_delta();
  compacted.records_count = static_cast<int32_t>(kept.size());
  if (!(header->attributes & batch_attribute_kafka_records))
    compacted.attributes &= ~batch_attribute_compression_mask;
  auto bytes = records_bytes(*header, kept);
  if (!bytes)
    return bytes.error();
  auto wrapped = wrap_kafka_records(compacted, *bytes);
  if (!wrapped)
    return wrapped.error();
  return std::optional<std::string>{std::move(*wrapped)};
}

} // namespace strom
