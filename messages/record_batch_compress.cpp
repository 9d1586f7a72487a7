// A producer's batch compressed: its records in Kafka's encoding (strom's
// RecordSet has no compression attribute of its own), compressed as one
// stream, wrapped by the batch encoder. The uncompressed encoding stays the
// fast path for `none`.

#include "messages/kafka_records.hpp"
#include "messages/record_batch_scan.hpp"

namespace strom {

result<std::string> encode_record_batch(const std::vector<record>& records,
                                        const producer_identity& producer,
                                        compression_codec codec) {
  if (codec == compression_codec::none)
    return encode_record_batch(records, producer);
  if (auto ok = detail::check_encodable(records); !ok)
    return ok.error();
  auto header = detail::producer_header(records, producer);
  auto compressed = compress(codec, encode_kafka_records(records, header.base_timestamp_ms));
  if (!compressed)
    return compressed.error();
  header.attributes = static_cast<uint32_t>(codec);
  return wrap_kafka_records(header, *compressed);
}

} // namespace strom
