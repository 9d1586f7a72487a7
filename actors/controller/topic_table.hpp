#pragma once
// The controller's state machine: brokers, topics and each partition's replica
// set, as applied from the committed log of raft group 0. Pure and
// deterministic: every node applying the same commands from the same snapshot
// holds the same table, byte for byte (snapshot() is the proof the tests use).
//
// Role split as Redpanda's controller: the frontend calls validate() before
// proposing (a quick typed answer, nothing proposed); every node calls apply()
// on each committed entry (validation again, since the table may have changed
// between proposal and commit: a concurrent create of the same name fails here
// with the same error on every node); the backend acts on apply's effect
// (starts replicas of created partitions, stops those of deleted ones).
//
// Ids are decided at apply time from counters in the table: topic ids,
// raft group ids of partitions (from 1; 0 is the controller) and producer ids
// are never reused, not even after a delete.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/controller/commands.hpp"
#include "actors/controller/metadata.hpp"
#include "actors/security/security_table.hpp"
#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct topic_table_limits {
  int32_t partition_count_max = 10'000; // per topic
};

// What applying a command changed, for the node's backend and the proposer.
struct apply_effect {
  std::vector<placed_partition> created;
  std::vector<placed_partition> deleted;
  std::optional<strom::producer_id> producer_id; // allocate_producer_id's answer
  // Users or ACLs changed: the authorizer must be built again.
  bool security_changed = false;
  std::vector<acl_binding> acls_deleted; // delete_acls's answer
  // Topics whose config changed: every replica of theirs takes it.
  std::vector<std::string> reconfigured;
};

// Where a raft group belongs.
struct partition_location {
  std::string topic;
  partition_id partition;
};

class topic_table {
public:
  explicit topic_table(topic_table_limits limits = {}) : limits_(limits) {}

  // Would applying the command to the table as it is now succeed? The errors
  // are apply()'s: bad_request (names, counts), invalid_config, topic_exists,
  // unknown_topic, invalid_replication_factor (above the live brokers),
  // not_found (an unknown broker).
  result<void> validate(const controller_command& command) const;

  // Applies one committed command. On error nothing changed.
  result<apply_effect> apply(const controller_command& command);
  result<apply_effect> apply(std::string_view command_bytes);

  // The whole table as bytes (messages/controller.proto ControllerSnapshot),
  // deterministic: equal tables give equal bytes.
  std::string snapshot() const;
  // A table from snapshot bytes; bad_request for bytes that are not a
  // consistent snapshot (the caller's table is untouched).
  static result<topic_table> restore(std::string_view bytes, topic_table_limits limits = {});

  // ---- queries ----
  std::vector<broker_info> brokers() const;           // by id
  const broker_info* broker(node_id id) const;         // nullptr when unknown
  std::vector<node_id> live_brokers() const;           // sorted by id
  std::vector<std::string> list_topics() const;        // sorted by name
  const topic_info* find_topic(std::string_view name) const;
  result<topic_info> describe_topic(std::string_view name) const; // unknown_topic
  // unknown_topic, unknown_partition
  result<partition_assignment> partition(std::string_view topic, partition_id partition) const;
  std::optional<partition_location> find_group(group_id group) const;
  // Every partition with a replica on the node: what its backend must run.
  std::vector<placed_partition> partitions_on(node_id node) const;

  // Users and ACLs.
  const security_table& security() const { return security_; }

  int64_t next_group_id() const { return next_group_id_; }
  producer_id next_producer_id() const { return next_producer_id_; }

private:
  result<void> validate_create(const create_topic_command& c) const;
  result<void> validate_add(const add_partitions_command& c) const;
  result<void> validate_register(const register_broker_command& c) const;
  // The topic's config with the command's changes; errors as validate().
  result<topic_config> altered_config(const alter_topic_config_command& c) const;
  result<void> check_replication_factor(int32_t replication_factor) const;
  result<void> validate_security(const upsert_user_command& c) const;
  result<void> validate_security(const delete_user_command& c) const;
  result<void> validate_security(const create_acls_command& c) const;
  result<void> validate_security(const delete_acls_command& c) const;

  apply_effect apply_create(const create_topic_command& c);
  apply_effect apply_delete(const delete_topic_command& c);
  apply_effect apply_add(const add_partitions_command& c);
  apply_effect apply_register(const register_broker_command& c);
  apply_effect apply_set_alive(const set_broker_alive_command& c);
  apply_effect apply_allocate_producer_id(const allocate_producer_id_command& c);
  apply_effect apply_security(const controller_command& command);
  apply_effect apply_alter_config(const alter_topic_config_command& c);
  // Places and appends `count` partitions to the topic, allocating group ids.
  std::vector<placed_partition> grow(topic_info& topic, int32_t count, int64_t start_index,
                                     int64_t replica_shift);

  topic_table_limits limits_;
  std::map<node_id, broker_info> brokers_;
  std::map<std::string, topic_info, std::less<>> topics_;
  std::map<group_id, partition_location> groups_;
  int64_t next_topic_id_ = 1;
  int64_t next_group_id_ = 1; // group 0 is the controller
  producer_id next_producer_id_{0};
  // Partitions placed so far: the round-robin start of the next topic, so
  // leaders stay spread across topics, not only within one.
  int64_t placement_cursor_ = 0;
  security_table security_;

  friend class topic_table_snapshot;
};

} // namespace strom
