#pragma once
// A blocking admin client for scripts, the console and tests: it tries the
// bootstrap endpoints in turn, keeps the first broker that answers, and on a
// failure drops it so that the next call connects afresh (to another node if
// this one went away). Every call is bounded by the timeout.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

class admin_client {
public:
  admin_client(caf::actor_system& sys, std::vector<endpoint> bootstrap,
               std::chrono::milliseconds timeout_ms);

  // Connects if not connected; tells which endpoint answers.
  caf::expected<endpoint> connect();
  caf::expected<std::vector<member_info>> members();
  // The replica of `group` on the node in use.
  caf::expected<replica_status> status(group_id group);
  // Proposes through the node in use; answers once committed and applied there.
  caf::expected<raft_index> propose(group_id group, std::vector<std::string> payloads);
  // Metadata of the named topics (all when empty), brokers and controller.
  caf::expected<cluster_metadata> metadata(std::vector<std::string> topics = {});
  // Topic operations, run by the controller leader wherever the node in use is.
  caf::expected<topic_metadata> create_topic(topic_spec spec);
  caf::expected<topic_metadata> delete_topic(std::string name);
  caf::expected<topic_metadata> add_partitions(std::string name, int32_t partition_count);
  caf::expected<int64_t> allocate_producer_id();
  // The broker in use (connecting first); for callers that pipeline requests.
  caf::expected<broker_actor> broker();

  bool connected() const { return static_cast<bool>(broker_); }
  // The endpoint of the broker in use, if any.
  std::optional<endpoint> current() const;

  // What the client was made with, for the producers and readers that a
  // tool built on it starts in the same actor system.
  caf::actor_system& system() const { return sys_; }
  const std::vector<endpoint>& bootstrap() const { return bootstrap_; }
  std::chrono::milliseconds timeout_ms() const { return timeout_ms_; }

private:
  caf::expected<broker_actor> connect_to(const endpoint& e);
  // One request to the broker in use; a failure drops the connection.
  template <class Result, class... Ts>
  caf::expected<Result> ask(Ts&&... xs);

  caf::actor_system& sys_;
  std::vector<endpoint> bootstrap_;
  std::chrono::milliseconds timeout_ms_;
  broker_actor broker_;
  size_t current_ = 0;
};

} // namespace strom
