// A controller snapshot as a node restores it (a new node catching up, a
// restart; actors/controller/topic_table_snapshot.cpp): any bytes restore
// to a table or give bad_request. A restored table snapshots to bytes that
// restore to the same snapshot, and takes commands afterwards without a
// crash (a snapshot consistent enough to restore must be one to go on from).

#include "actors/controller/topic_table.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

void apply_some(topic_table& table) {
  (void)table.apply(register_broker_command{node_address{node_id{9}, "10.0.0.9", 9009}});
  (void)table.apply(create_topic_command{"fuzzed", 2, 1, topic_config{}});
  for (const auto& name : table.list_topics()) {
    (void)table.apply(add_partitions_command{name, 4});
    (void)table.apply(delete_topic_command{name});
  }
  (void)table.apply(allocate_producer_id_command{});
}

} // namespace

std::vector<std::string> seeds() {
  topic_table table;
  (void)table.apply(register_broker_command{node_address{node_id{1}, "10.0.0.1", 9001}});
  (void)table.apply(register_broker_command{node_address{node_id{2}, "10.0.0.2", 9002}});
  (void)table.apply(create_topic_command{"orders", 3, 2, topic_config{}});
  (void)table.apply(create_topic_command{"gone", 1, 1, topic_config{}});
  (void)table.apply(delete_topic_command{"gone"});
  (void)table.apply(allocate_producer_id_command{});
  return {topic_table{}.snapshot(), table.snapshot()};
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strom;
  auto restored = topic_table::restore(fuzz::as_text(data, size));
  if (!restored)
    return 0;
  auto bytes = restored->snapshot();
  auto again = topic_table::restore(bytes);
  fuzz::require(again.has_value(), "a restored table's snapshot restores");
  fuzz::require(again->snapshot() == bytes, "a snapshot restores to the same snapshot");
  fuzz::apply_some(*restored);
  return 0;
}
