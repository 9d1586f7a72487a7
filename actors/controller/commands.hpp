#pragma once
// The controller's commands: what a frontend proposes to raft group 0 and
// every node applies in log order. Encoded as messages/controller.proto's
// ControllerCommand. Commands carry intent only; ids and placement are
// decided when the command is applied (topic_table.hpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/controller/metadata.hpp"
#include "messages/security/acl.hpp"
#include "messages/security/scram_credential.hpp"
#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct create_topic_command {
  std::string name;
  int32_t partition_count = 1;
  int32_t replication_factor = 1;
  topic_config config;
};

struct delete_topic_command {
  std::string name;
};

// Grows a topic to partition_count partitions; Kafka never shrinks one.
struct add_partitions_command {
  std::string name;
  int32_t partition_count = 0;
};

// Changes some of a topic's settings (topic alter --config, Kafka's
// IncrementalAlterConfigs). Only set, append and subtract reach the log: the
// proposer turns a remove into a set of the cluster's default.
struct alter_topic_config_command {
  std::string name;
  std::vector<config_change> changes;
};

// A broker joins, or comes back with a new address; it is alive afterwards.
struct register_broker_command {
  node_address address;
};

struct set_broker_alive_command {
  node_id id;
  bool alive = true;
};

// The largest block of producer ids one command hands out.
inline constexpr int32_t producer_id_block_max = 1000000;

// The next `count` producer ids, for a node to hand out to idempotent
// producers (Kafka's KIP-730 blocks).
struct allocate_producer_id_command {
  int32_t count = 1;
};

// A user, or another mechanism's credential for it (a new one replaces the
// old: a password change).
struct upsert_user_command {
  std::string name;
  scram_credential credential;
};

struct delete_user_command {
  std::string name;
};

struct create_acls_command {
  std::vector<acl_binding> acls;
};

// Removes every binding the filter matches.
struct delete_acls_command {
  acl_filter filter;
};

using controller_command =
  std::variant<create_topic_command, delete_topic_command, add_partitions_command,
               register_broker_command, set_broker_alive_command, allocate_producer_id_command,
               upsert_user_command, delete_user_command, create_acls_command,
               delete_acls_command, alter_topic_config_command>;

// The bytes of a raft entry of group 0.
std::string encode_command(const controller_command& command);

// bad_request for bytes that are not a ControllerCommand, or one with no
// command set, or fields outside their C++ types (a port above 65535).
result<controller_command> decode_command(std::string_view bytes);

// "create_topic orders", for logs and errors.
std::string describe(const controller_command& command);

} // namespace strom
