// Record batches as a leader reads them from a producer and a consumer from a
// fetch (messages/record_batch.hpp): every entry point gives a batch or a
// typed error. A batch that decodes re-encodes to one that decodes to the
// same records, compacts to one that decodes to the records it kept at
// their offsets, and a batch that validates still validates once stamped.
// Only a compacted batch decodes without validating (a producer may not
// send one).

#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "messages/record_batch_compact.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

std::vector<record> as_produced(const std::vector<stored_record>& stored) {
  std::vector<record> out;
  for (const auto& r : stored)
    out.push_back(record{r.key, r.value, r.headers, r.timestamp_ms});
  return out;
}

bool same_records(const std::vector<stored_record>& a, const std::vector<stored_record>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || a[i].value != b[i].value || a[i].headers != b[i].headers ||
        a[i].timestamp_ms != b[i].timestamp_ms)
      return false;
  return true;
}

void check_round_trip(const std::vector<stored_record>& decoded) {
  auto encoded = encode_record_batch(as_produced(decoded));
  require(encoded.has_value(), "a decoded batch's records encode");
  auto again = decode_record_batch(*encoded);
  require(again.has_value(), "a re-encoded batch decodes");
  require(same_records(decoded, *again), "a re-encoded batch decodes to the same records");
}

bool same_offsets(const std::vector<stored_record>& a, const std::vector<stored_record>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].offset != b[i].offset)
      return false;
  return true;
}

// Keeps every other record: the compacted batch holds exactly those, at
// their offsets, and spans what the batch spanned.
void check_compaction(std::string_view bytes) {
  size_t position = 0;
  std::vector<stored_record> kept;
  auto compacted = compact_record_batch(bytes, [&](const stored_record& r) {
    bool keep = position++ % 2 == 1;
    if (keep)
      kept.push_back(r);
    return keep;
  });
  require(compacted.has_value(), "a batch that decodes compacts");
  if (!*compacted)
    return;
  auto again = decode_record_batch(**compacted);
  require(again.has_value(), "a compacted batch decodes");
  require(same_records(kept, *again) && same_offsets(kept, *again),
          "a compacted batch holds the records kept, at their offsets");
  require(read_batch_header(**compacted)->last_offset() == read_batch_header(bytes)->last_offset(),
          "a compacted batch spans the offsets it spanned");
}

void check_stamp(std::string_view bytes, bool valid) {
  std::string copy{bytes};
  auto stamped = stamp_record_batch(copy, {record_offset{42}, term_id{7}, int64_t{1000}});
  if (!stamped) {
    require(copy == bytes, "a failed stamp leaves the bytes");
    return;
  }
  if (!valid)
    return;
  auto header = validate_record_batch(copy);
  require(header.has_value(), "a stamped valid batch stays valid");
  require(header->base_offset == record_offset{42}, "the stamp sets the base offset");
}

} // namespace

std::vector<std::string> seeds() {
  std::vector<record> three(3);
  three[0] = record{std::string{"user-1"}, std::string{"first"},
                    {{"trace", std::string{"abc"}}, {"empty", std::nullopt}}, 1'700'000'000'000};
  three[1] = record{std::nullopt, std::string{}, {}, 1'700'000'000'500};
  three[2] = record{std::string{}, std::nullopt, {}, 1'699'999'999'000};
  std::vector<std::string> out;
  out.push_back(*encode_record_batch(three));
  out.push_back(*encode_record_batch({three[0]}, producer_identity{5, 1, 10}));
  auto stamped = out[0];
  (void)stamp_record_batch(stamped, {record_offset{100}, term_id{3}, std::nullopt});
  out.push_back(stamped);
  // Kafka-encoded records: uncompressed, then in every codec.
  out.push_back(*wrap_kafka_records(*read_batch_header(out[0]),
                                    encode_kafka_records(three, three[0].timestamp_ms)));
  // Compacted by the log: a gap, and one emptied.
  out.push_back(**compact_record_batch(stamped, [](const stored_record& r) {
    return r.offset.value() != 101;
  }));
  out.push_back(**compact_record_batch(stamped, [](const stored_record&) { return false; }));
  for (auto codec : {compression_codec::gzip, compression_codec::snappy, compression_codec::lz4,
                     compression_codec::zstd})
    out.push_back(*encode_record_batch(three, producer_identity{5, 1, 10}, codec));
  return out;
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strom;
  auto bytes = fuzz::as_text(data, size);
  (void)read_batch_header(bytes);
  auto valid = validate_record_batch(bytes);
  auto decoded = decode_record_batch(bytes);
  auto compacted = decoded && read_batch_header(bytes)->compacted();
  fuzz::require(valid.has_value() == (decoded.has_value() && !compacted),
                "validate and decode agree, but on a compacted batch");
  if (decoded && !decoded->empty())
    fuzz::check_round_trip(*decoded);
  if (decoded)
    fuzz::check_compaction(bytes);
  fuzz::check_stamp(bytes, valid.has_value());
  return 0;
}
