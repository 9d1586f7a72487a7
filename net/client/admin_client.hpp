#pragma once
// A blocking admin client for scripts, the console and tests: it tries the
// bootstrap endpoints in turn, keeps the first broker that answers, and on a
// failure drops it so that the next call connects afresh (to another node if
// this one went away); a query (members, status, metadata) is asked again of
// the next node at once. Every request is bounded by the timeout.
//
// Consumer-group calls (admin_groups.cpp) go to the group's coordinator, the
// leader of its partition of __consumer_offsets, and retry while the
// coordinator moves or loads, within the timeout.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/broker_handles.hpp"
#include "net/client/endpoint.hpp"
#include "net/client/group_lag.hpp"
#include "net/client/leader_session.hpp"
#include "net/client/offset_reset.hpp"

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
  // Sets, resets (remove) or adds to a topic's config keys, by Kafka's names.
  caf::expected<topic_metadata> alter_configs(std::string name,
                                              std::vector<config_change> changes);
  caf::expected<producer_id> allocate_producer_id();

  // Users and ACLs, changed by the controller leader
  // wherever the node in use is; the lists are that node's copy.
  caf::expected<void> upsert_user(std::string name, scram_credential credential);
  caf::expected<void> delete_user(std::string name);
  caf::expected<std::vector<user_summary>> list_users();
  caf::expected<void> create_acls(std::vector<acl_binding> acls);
  // The bindings removed.
  caf::expected<std::vector<acl_binding>> delete_acls(acl_filter filter);
  caf::expected<std::vector<acl_binding>> list_acls(acl_filter filter = {});

  // The node coordinating `group` now (coordinator_not_available while
  // __consumer_offsets has no leader for it or does not exist yet).
  caf::expected<node_address> find_coordinator(const std::string& group);
  // The groups of every live broker, merged, by name.
  caf::expected<std::vector<group_overview>> list_groups();
  caf::expected<group_description> describe_group(const std::string& group);
  // Refused (non_empty_group) while the group has members.
  caf::expected<void> delete_group(const std::string& group);
  caf::expected<committed_offsets> fetch_offsets(const std::string& group);
  // A commit from outside the group (an empty member, generation -1) is
  // accepted only while the group has no members.
  caf::expected<void> commit_offsets(const commit_offsets_request& request);
  // Commits the target offsets for a group without members (refused with
  // non_empty_group otherwise); answers what was committed.
  caf::expected<committed_offsets> reset_offsets(const offset_reset& reset);
  // The group's partitions with their log end offsets (a partition whose
  // leader does not answer keeps an unknown log end).
  std::vector<partition_lag> group_lag(const group_description& group);
  // spec: earliest_offset_spec, latest_offset_spec or a timestamp in ms;
  // asked of the partition's leader.
  caf::expected<record_offset> list_offsets(const std::string& topic, partition_id p,
                                            int64_t spec);

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
  // The same for queries: asked again of another node if this one went away.
  template <class Result, class... Ts>
  caf::expected<Result> ask_any_node(const Ts&... xs);
  // A request to the coordinator of `group`, looked up afresh on each try.
  template <class Result, class... Ts>
  caf::expected<Result> ask_coordinator(const std::string& group, const Ts&... xs);
  template <class Result, class... Ts>
  caf::expected<Result> ask_coordinator_once(const std::string& group, const Ts&... xs);
  caf::expected<record_offset> reset_offset_of(const offset_reset& reset, partition_id p);
  caf::error refuse_if_active(const std::string& group);

  caf::actor_system& sys_;
  std::vector<endpoint> bootstrap_;
  std::chrono::milliseconds timeout_ms_;
  broker_actor broker_;
  size_t current_ = 0;
  broker_handles nodes_;     // coordinators and every broker, by address
  leader_session leaders_;   // partition leaders, for list_offsets
};

} // namespace strom
