// A commit log record's payload as the replay after a power cut reads it
// (storage/write_request_codec.hpp): any bytes give requests or
// storage_corrupt, never a crash. Requests that decode encode again to the
// same bytes.

#include <vector>

#include "storage/write_request_codec.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

std::string encoded(const std::vector<storage::write_request>& requests) {
  std::vector<const storage::write_request*> pointers;
  for (const auto& r : requests)
    pointers.push_back(&r);
  std::string out;
  storage::encode_requests(pointers, out);
  return out;
}

} // namespace

std::vector<std::string> seeds() {
  storage::write_request append;
  append.group = group_id{3};
  append.entries.push_back(
    storage::log_entry{raft_index{7}, term_id{2}, "batch bytes", record_offset{41}, 0, 0});
  append.state = storage::hard_state{term_id{2}, node_id{1}, raft_index{6}};
  storage::write_request snapshot;
  snapshot.group = group_id{1};
  snapshot.snapshot = storage::snapshot_record{raft_index{9}, term_id{3}, "state"};
  snapshot.truncate_from = raft_index{0};
  snapshot.drop_prefix_upto = raft_index{9};
  return {encoded({append}), encoded({append, snapshot}), encoded({})};
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strom;
  auto bytes = fuzz::as_text(data, size);
  auto requests = storage::decode_requests(bytes);
  if (requests)
    fuzz::require(fuzz::encoded(*requests) == bytes, "decoded requests encode to the same bytes");
  return 0;
}
