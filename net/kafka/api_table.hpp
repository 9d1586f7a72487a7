#pragma once
// The Kafka APIs the door answers, the versions of each it takes, and from
// which version each uses the flexible encoding (KIP-482). ApiVersions
// advertises exactly this table: a client picks min(its max, ours), so an
// API or a version is listed only once it is implemented.

#include <cstdint>
#include <optional>
#include <vector>

namespace strom::kafka {

enum class api_key : int16_t {
  produce = 0,
  fetch = 1,
  list_offsets = 2,
  metadata = 3,
  offset_commit = 8,
  offset_fetch = 9,
  find_coordinator = 10,
  join_group = 11,
  heartbeat = 12,
  leave_group = 13,
  sync_group = 14,
  describe_groups = 15,
  list_groups = 16,
  sasl_handshake = 17,
  api_versions = 18,
  create_topics = 19,
  delete_topics = 20,
  init_producer_id = 22,
  describe_configs = 32,
  alter_configs = 33,
  sasl_authenticate = 36,
  create_partitions = 37,
  delete_groups = 42,
  incremental_alter_configs = 44,
};

struct api_range {
  api_key key;
  int16_t min_version = 0;
  int16_t max_version = 0;
  int16_t flexible_from = INT16_MAX; // the first flexible version
};

// The APIs the door answers, by key.
const std::vector<api_range>& supported_apis();
// The range of `key`, if the door answers it at all.
std::optional<api_range> api_of(int16_t key);

inline bool is_flexible(const api_range& api, int16_t version) {
  return version >= api.flexible_from;
}

// Whether `version` of `key` is flexible, by this table: the codecs ask it
// instead of keeping a threshold of their own.
bool is_flexible(api_key key, int16_t version);

// Request header v2 (with tagged fields) for flexible versions, else v1.
inline bool request_header_flexible(const api_range& api, int16_t version) {
  return is_flexible(api, version);
}

// Response header v1 (with tagged fields) for flexible versions, else v0;
// ApiVersions answers with v0 at every version, so that a client that does
// not know the broker yet can always read it.
inline bool response_header_flexible(const api_range& api, int16_t version) {
  return api.key != api_key::api_versions && is_flexible(api, version);
}

} // namespace strom::kafka
