#include "net/kafka/api_table.hpp"

namespace strom::kafka {

const std::vector<api_range>& supported_apis() {
  static const std::vector<api_range> apis{
    // Produce from v0 and Fetch from v2: librdkafka compresses with gzip,
    // snappy and lz4 only for a broker whose ranges include those versions;
    // the records are magic 2 all the same (see produce_api.hpp).
    {api_key::produce, 0, 9, 9},
    {api_key::fetch, 2, 12, 12},
    {api_key::list_offsets, 1, 6, 6},
    {api_key::metadata, 0, 9, 9},
    {api_key::offset_commit, 0, 8, 8},
    {api_key::offset_fetch, 0, 7, 6},
    {api_key::find_coordinator, 0, 4, 3},
    {api_key::join_group, 0, 7, 6},
    {api_key::sync_group, 0, 5, 4},
    {api_key::heartbeat, 0, 4, 4},
    {api_key::leave_group, 0, 4, 4},
    // Never flexible: Kafka cannot bump SaslHandshake for clients up to 2.4 (KAFKA-9577).
    // v0 is listed as librdkafka needs it to be, but after a v0 handshake a client would send
    // bare SASL frames, which the door does not read: it closes such a connection.
    {api_key::sasl_handshake, 0, 1, INT16_MAX},
    {api_key::api_versions, 0, 3, 3},
    {api_key::create_topics, 0, 6, 5},
    {api_key::delete_topics, 0, 5, 4},
    {api_key::create_partitions, 0, 3, 2},
    {api_key::init_producer_id, 0, 3, 2},
    {api_key::describe_configs, 0, 4, 4},
    {api_key::alter_configs, 0, 2, 2},
    {api_key::incremental_alter_configs, 0, 1, 1},
    {api_key::sasl_authenticate, 0, 2, 2},
    {api_key::describe_groups, 0, 5, 5},
    {api_key::list_groups, 0, 4, 3},
    {api_key::delete_groups, 0, 2, 2},
  };
  return apis;
}

std::optional<api_range> api_of(int16_t key) {
  for (const auto& api : supported_apis())
    if (static_cast<int16_t>(api.key) == key)
      return api;
  return std::nullopt;
}

bool is_flexible(api_key key, int16_t version) {
  auto api = api_of(static_cast<int16_t>(key));
  return api && is_flexible(*api, version);
}

} // namespace strom::kafka
