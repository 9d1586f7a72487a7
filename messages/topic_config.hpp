#pragma once
// A topic's settings, by Kafka's names: what a topic is created with and what
// `topic alter --config` changes later. The controller replicates them; every
// node applies them to its replicas without a restart. Plain data and pure
// functions: the front doors, the controller and the console share them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/record_batch.hpp"
#include "messages/result.hpp"

namespace strom {

// Kafka's cleanup.policy: a list of "delete" and "compact".
enum class cleanup_policy : uint8_t {
  deletion = 0,   // retention drops old records
  compaction = 1, // the latest record of each key is kept
  compaction_and_deletion = 2,
};

// Kafka's defaults, except where raft decides (see min_insync_replicas).
struct topic_config {
  int64_t retention_bytes = -1;                  // -1: no limit
  int64_t retention_ms = 7LL * 24 * 3600 * 1000; // -1: keep forever
  int64_t batch_bytes_max = static_cast<int64_t>(default_batch_bytes_max);
  cleanup_policy cleanup = cleanup_policy::deletion;
  // acks=all waits for a majority in any case (raft's commit); this raises
  // it: a produce is answered once this many replicas hold it, and refused
  // (not_enough_replicas) while fewer are in sync.
  int32_t min_insync_replicas = 1;
  // Kafka's message.timestamp.type (record_batch.hpp's timestamp_type).
  timestamp_type timestamps = timestamp_type::create_time;
  int64_t delete_retention_ms = 24LL * 3600 * 1000; // how long a tombstone stays

  friend bool operator==(const topic_config& a, const topic_config& b) {
    return a.retention_bytes == b.retention_bytes && a.retention_ms == b.retention_ms
           && a.batch_bytes_max == b.batch_bytes_max && a.cleanup == b.cleanup
           && a.min_insync_replicas == b.min_insync_replicas && a.timestamps == b.timestamps
           && a.delete_retention_ms == b.delete_retention_ms;
  }
  friend bool operator!=(const topic_config& a, const topic_config& b) { return !(a == b); }

  template <class Inspector>
  friend auto inspect(Inspector& f, topic_config& x) {
    return f(x.retention_bytes, x.retention_ms, x.batch_bytes_max, x.cleanup,
             x.min_insync_replicas, x.timestamps, x.delete_retention_ms);
  }
};

// One change of `topic alter`, as Kafka's IncrementalAlterConfigs: set a key,
// reset it to the cluster's default (remove), or add a value to / take one
// from a list key (cleanup.policy).
enum class config_op : uint8_t { set = 0, remove = 1, append = 2, subtract = 3 };

struct config_change {
  std::string key;
  config_op op = config_op::set;
  std::string value; // unused by remove

  template <class Inspector>
  friend auto inspect(Inspector& f, config_change& x) {
    return f(x.key, x.op, x.value);
  }
};

// A key and its value as text ("retention.ms", "604800000").
using config_text = std::pair<std::string, std::string>;

// The largest max.message.bytes a topic may have: what one raft entry and
// one frame of every door carry.
inline constexpr int64_t topic_batch_bytes_limit = int64_t{64} << 20;

// Every key strom knows, in the order describe shows them.
const std::vector<std::string_view>& topic_config_keys();
bool is_topic_config_key(std::string_view key);
// Kafka's type of the key for DescribeConfigs: "long", "int", "list", "string".
std::string_view topic_config_type(std::string_view key);

// The config's value of every key, as text, in topic_config_keys() order.
std::vector<config_text> config_texts(const topic_config& config);
// One key's value as text; nothing for an unknown key.
std::optional<std::string> config_text_of(const topic_config& config, std::string_view key);

// Sets one key from its text. invalid_config naming the key and the value for
// an unknown key or a value that is not one of the key's.
result<void> set_config(topic_config& config, std::string_view key, std::string_view value);

// Applies one change; `defaults` gives what remove resets to.
result<void> apply_config_change(topic_config& config, const config_change& change,
                                 const topic_config& defaults);

// `defaults` for a topic of `replication_factor` replicas: min.insync.replicas
// is its majority, what raft's commit waits for anyway.
topic_config defaults_for_replicas(topic_config defaults, int32_t replication_factor);

// A whole config for a topic of `replication_factor` replicas: every value in
// its key's range and min.insync.replicas at most the replicas.
// invalid_config naming the key.
result<void> validate_topic_config(const topic_config& config, int32_t replication_factor);

// "key=value" into a change (set); invalid_config for text without '='.
result<config_change> parse_config_assignment(std::string_view text);

std::string_view to_string(config_op op);

} // namespace strom
