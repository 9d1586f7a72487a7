#pragma once
// The cluster manifest: which nodes form the cluster and the defaults every
// topic starts from. Parsed and validated as a whole, so that an operator sees
// every mistake at once, each with its file, line and field.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "messages/security_config.hpp"
#include "messages/types.hpp"
#include "storage/storage_config.hpp"

namespace strom {

using storage::fsync_policy;

const char* to_string(fsync_policy policy);

struct node_spec {
  node_id id;
  std::string host;
  uint16_t port = 0;
  // Absolute: a relative path in the file is resolved against the file's folder.
  std::string data_dir;
  bool controller = false;
  // Front doors; a door whose port is absent stays closed.
  std::optional<uint16_t> http_port;
  std::optional<uint16_t> grpc_port;
  std::optional<uint16_t> text_port;
  std::optional<uint16_t> kafka_port; // Kafka's wire protocol (net/kafka)
  // The C++ client library's door (net/client_door): how applications
  // reach a secured cluster, authenticated call by call.
  std::optional<uint16_t> client_port;

  node_address address() const { return {id, host, port}; }
};

struct cluster_defaults {
  int32_t partitions = 1;
  int32_t replication_factor = 1;
  fsync_policy fsync = fsync_policy::always;
  int64_t fsync_interval_ms = 10;
  // Per partition; -1 keeps everything.
  int64_t retention_bytes = -1;
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;
  // LMDB's map: address space, not disk (the file is sparse).
  uint64_t map_size_bytes = uint64_t{64} << 30;
  // Kafka's auto.create.topics.enable: a Kafka client's Metadata request
  // for a topic that does not exist creates it with these defaults. Off:
  // a typo in a client's topic name should not make a topic.
  bool auto_create_topics = false;
  // The controller's group snapshots its table and drops the log before it
  // after this many commands, or sooner after this many bytes of them
  // (Kafka's metadata.log.max.record.bytes.between.snapshots): a restart
  // replays at most that much, and a node that is far behind gets the table.
  int64_t controller_snapshot_entries = 10000;
  int64_t controller_snapshot_bytes = int64_t{4} << 20;
  // Log compaction's share of the disk (Kafka's
  // log.cleaner.io.max.bytes.per.second): bytes read and rewritten per second.
  int64_t compaction_bytes_per_s = int64_t{32} << 20;
};

struct manifest {
  std::string path;
  std::string cluster_name;
  std::vector<node_spec> nodes;
  cluster_defaults defaults;
  // Absent: plaintext links and open doors (messages/security_config.hpp).
  std::optional<security_config> security;

  const node_spec* find(node_id id) const;
  std::vector<node_address> addresses() const;
};

struct manifest_error {
  std::string file;
  int line = 0; // 1-based; 0 when the file itself could not be read
  std::string field;
  std::string message;

  std::string to_string() const;
};

struct manifest_outcome {
  std::optional<manifest> value;
  std::vector<manifest_error> errors;

  explicit operator bool() const { return value.has_value(); }
};

manifest_outcome parse_manifest_file(const std::string& path);

// A path the manifest names, relative to the manifest's own folder unless
// absolute.
std::string resolve_manifest_path(const std::string& manifest_path, const std::string& path);
// `path` names the text in errors and anchors relative data dirs.
manifest_outcome parse_manifest_text(const std::string& text, const std::string& path);

// Exit status of every command given an invalid manifest.
inline constexpr int manifest_invalid_exit_status = 2;

} // namespace strom
