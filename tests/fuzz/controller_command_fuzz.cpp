// Controller commands as every node applies them from raft group 0's log
// (actors/controller/commands.hpp, topic_table.hpp): each decodes or is
// bad_request, validate() agrees with apply(), and any sequence leaves a
// table whose snapshot restores to the same snapshot. A command that
// decodes encodes again to the same bytes after a second round trip.
//
// Input: commands, each a length (uint16) and that many bytes.

#include "actors/controller/topic_table.hpp"
#include "tests/fuzz/support/byte_reader.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

constexpr size_t commands_max = 32;

void check_round_trip(const controller_command& command) {
  auto first = encode_command(command);
  auto again = decode_command(first);
  require(again.has_value(), "a re-encoded command decodes");
  require(encode_command(*again) == first, "a command encodes the same after a round trip");
  (void)describe(command);
}

void apply_checked(topic_table& table, std::string_view bytes) {
  auto command = decode_command(bytes);
  if (!command) {
    require(!table.apply(bytes), "a command that does not decode is not applied");
    return;
  }
  check_round_trip(*command);
  bool valid = table.validate(*command).has_value();
  require(table.apply(*command).has_value() == valid, "validate() agrees with apply()");
}

void check_snapshot(const topic_table& table) {
  auto bytes = table.snapshot();
  auto restored = topic_table::restore(bytes);
  require(restored.has_value(), "a table's snapshot restores");
  require(restored->snapshot() == bytes, "a restored table has the same snapshot");
}

std::string framed(const controller_command& command) {
  auto bytes = encode_command(command);
  return bytes_of(static_cast<uint16_t>(bytes.size())) + bytes;
}

} // namespace

std::vector<std::string> seeds() {
  auto brokers = framed(register_broker_command{node_address{node_id{1}, "10.0.0.1", 9001}}) +
                 framed(register_broker_command{node_address{node_id{2}, "10.0.0.2", 9002}});
  auto create = framed(create_topic_command{"orders", 3, 2, topic_config{}});
  return {brokers + create + framed(add_partitions_command{"orders", 5}) +
            framed(allocate_producer_id_command{}),
          brokers + create + framed(set_broker_alive_command{node_id{2}, false}) +
            framed(delete_topic_command{"orders"})};
}

void run(const uint8_t* data, size_t size) {
  byte_reader in{data, size};
  topic_table table;
  for (size_t i = 0; i < commands_max && !in.empty(); ++i)
    apply_checked(table, in.take_bytes(in.take<uint16_t>()));
  check_snapshot(table);
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
