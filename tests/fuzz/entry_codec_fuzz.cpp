// One log entry as storage reads it back from LMDB (storage/entry_codec.hpp):
// any bytes give a header or nothing, an entry or storage_corrupt. An entry
// that decodes encodes again to one that decodes to the same fields.

#include <vector>

#include "storage/entry_codec.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

using storage::chain_link;
using storage::entry_header_bytes;
using storage::log_entry;

std::string encoded(const log_entry& entry, const chain_link& link) {
  std::string out(entry_header_bytes + entry.payload.size(), '\0');
  storage::encode_entry(reinterpret_cast<uint8_t*>(out.data()), entry, entry.timestamp_ms, link);
  return out;
}

MDB_val as_val(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

bool same_entry(const log_entry& a, const log_entry& b) {
  return a.index == b.index && a.term == b.term && a.payload == b.payload &&
         a.last_offset == b.last_offset && a.kind == b.kind && a.timestamp_ms == b.timestamp_ms;
}

bool same_link(const chain_link& a, const chain_link& b) {
  return a.chunk_pos == b.chunk_pos && a.prev_seq == b.prev_seq && a.offset_max == b.offset_max;
}

void check_round_trip(const log_entry& entry, const chain_link& link) {
  auto bytes = encoded(entry, link);
  auto again = storage::decode_entry(group_id{1}, entry.index.value(), as_val(bytes));
  require(again.has_value(), "a re-encoded entry decodes");
  require(same_entry(entry, *again), "a re-encoded entry decodes to the same fields");
  auto header = storage::parse_header(as_val(bytes));
  require(header && same_link(header->link, link), "a re-encoded entry keeps its link");
}

} // namespace

std::vector<std::string> seeds() {
  log_entry batch{raft_index{7}, term_id{2}, "batch bytes", record_offset{41}, 0,
                  1'700'000'000'000};
  log_entry no_op{raft_index{1}, term_id{1}, "", std::nullopt, 1, 1'700'000'000'000};
  return {encoded(batch, chain_link{3, 12, record_offset{41}}), encoded(no_op, chain_link{})};
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strom;
  auto value = fuzz::as_val(fuzz::as_text(data, size));
  auto header = storage::parse_header(value);
  int64_t index = header ? header->index.value() : 0;
  auto entry = storage::decode_entry(group_id{1}, index, value);
  fuzz::require(!entry || header, "an entry that decodes has a header");
  if (entry)
    fuzz::check_round_trip(*entry, header->link);
  return 0;
}
