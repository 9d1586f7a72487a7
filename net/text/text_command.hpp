#pragma once
// The commands of the line protocol, as the parser gives them to a session.
// net/text/README.md has the syntax a person types.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "messages/types.hpp"

namespace strom {

// CRTP topic [partitions]
struct create_topic_command {
  std::string topic;
  int32_t partitions = 0; // 0: the manifest's default
};

// PUBS topic [key=K] "message"
struct publish_command {
  std::string topic;
  std::optional<std::string> key; // nullopt: no key (sticky partition)
  std::string value;
};

// SUBS topic group [p,p,...]
struct subscribe_command {
  std::string topic;
  std::string group;
  // Empty: join the group, which shares the topic's partitions among its
  // members; else exactly these, from the group's committed offsets,
  // without membership (Kafka's assign() with a group id).
  std::vector<partition_id> partitions;
};

// Where CONS starts.
struct start_offset {
  enum class kind { offset, earliest, latest };
  kind where = kind::offset;
  record_offset offset{0}; // with kind::offset
};

// CONS topic partition offset|earliest|latest
struct consume_command {
  std::string topic;
  partition_id partition{0};
  start_offset start;
};

// STOP: ends the stream of SUBS or CONS.
struct stop_command {};

// HELP [command]
struct help_command {
  std::string about; // upper case; empty: the list of commands
};

// QUIT: answers, then closes the connection.
struct quit_command {};

// DELT topic
struct delete_topic_command {
  std::string topic;
};

// AUTH user password (over TLS): the session's principal from then on.
struct auth_command {
  std::string user;
  std::string password;
};

using text_command =
  std::variant<create_topic_command, publish_command, subscribe_command, consume_command,
               stop_command, help_command, quit_command, delete_topic_command, auth_command>;

// Commands that change what later lines see (a topic, the stream) run
// alone: after every earlier answer is out, and before any later line.
// Publishes and help are pipelined, their answers still in line order.
bool runs_alone(const text_command& command);

} // namespace strom
