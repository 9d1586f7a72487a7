// The records of __consumer_offsets as a new coordinator reads them back
// (actors/group/group_records.hpp, group_replay.hpp): each decodes or is
// bad_request, and a sequence of them replays into a coordinator's state
// without a crash. A record that decodes encodes again to one that decodes
// and encodes to the same bytes.
//
// Input: records, each a flags byte (bit 0: it has a value), a key length
// and a value length (uint16 each), then the key and the value.

#include "actors/group/group_replay.hpp"
#include "tests/fuzz/support/byte_reader.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

constexpr size_t records_max = 32;

group_record encoded(const group_record_content& content) {
  struct encoder {
    group_record operator()(const group_snapshot& s) { return encode_group(s); }
    group_record operator()(const group_deleted& d) { return encode_group_tombstone(d.group); }
    group_record operator()(const offset_commit& c) { return encode_offset(c); }
    group_record operator()(const offset_deleted& d) { return encode_offset_tombstone(d.key); }
    group_record operator()(const coordinator_marker& m) { return encode_marker(m); }
  };
  return std::visit(encoder{}, content);
}

void check_round_trip(const group_record_content& content) {
  auto first = encoded(content);
  auto again = decode_group_record(first);
  require(again.has_value(), "a re-encoded record decodes");
  auto second = encoded(*again);
  require(first.key == second.key && first.value == second.value,
          "a record encodes the same after a round trip");
}

group_record take_record(byte_reader& in) {
  bool has_value = in.take<uint8_t>() & 1;
  auto key_bytes = in.take<uint16_t>();
  auto value_bytes = in.take<uint16_t>();
  group_record record{in.take_bytes(key_bytes), std::nullopt};
  if (has_value)
    record.value = in.take_bytes(value_bytes);
  return record;
}

std::string framed(const group_record& record) {
  auto value = record.value.value_or("");
  return bytes_of<uint8_t>(record.value ? 1 : 0) +
         bytes_of(static_cast<uint16_t>(record.key.size())) +
         bytes_of(static_cast<uint16_t>(value.size())) + record.key + value;
}

group_snapshot a_group() {
  member_snapshot member;
  member.id = member_id{"consumer-1-abc"};
  member.client_id = "consumer-1";
  member.session_timeout_ms = 10000;
  member.rebalance_timeout_ms = 30000;
  member.protocols = {"range"};
  member.subscription = {"orders"};
  member.assignment = {topic_partition{"orders", partition_id{0}}};
  group_snapshot group;
  group.group = "billing";
  group.generation = generation_id{3};
  group.protocol = "range";
  group.leader = member.id;
  group.members = {member};
  group.partitions = {{"orders", 2}};
  group.next_member_number = 2;
  return group;
}

} // namespace

std::vector<std::string> seeds() {
  offset_key key{"billing", topic_partition{"orders", partition_id{1}}};
  auto group = framed(encode_group(a_group()));
  offset_commit commit{key, committed_offset{record_offset{42}, "m", 5}};
  auto offset = framed(encode_offset(commit));
  auto marker = framed(encode_marker(coordinator_marker{node_id{2}, 7}));
  return {marker + group + offset, group + framed(encode_group_tombstone("billing")),
          offset + framed(encode_offset_tombstone(key))};
}

void run(const uint8_t* data, size_t size) {
  byte_reader in{data, size};
  coordinator_state state;
  for (size_t i = 0; i < records_max && !in.empty(); ++i) {
    auto record = take_record(in);
    if (auto content = decode_group_record(record))
      check_round_trip(*content);
    (void)replay_record(state, record, 1'700'000'000'000);
  }
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
