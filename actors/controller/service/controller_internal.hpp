#pragma once
// What the controller service's files share, each a file with one purpose
// (Redpanda's controller split):
//   controller_frontend.cpp   requests in: metadata and topic operations,
//                             proposed on the controller leader, forwarded
//                             from any other node
//   controller_backend.cpp    committed commands applied: the table, this
//                             node's partition replicas, the table pushed to
//                             nodes without a controller replica, and which
//                             groups this node leads, told to every node
//   controller_metadata_feed.cpp  the table to nodes without a controller
//                             replica: whole when they come up, then command
//                             by command
//   controller_liveness.cpp   on the controller leader: brokers' liveness in
//                             the table, and __consumer_offsets created
//   controller_security.cpp   users and ACLs, changed as topics are
//   controller_producer_ids.cpp  producer ids, handed out from this node's block
//   controller_service.cpp    the messages, each handed to its part
// Internal to the service.

#include <functional>
#include <string>
#include <vector>

#include "actors/controller/service/controller_service.hpp"

namespace strom::controller_detail {

using self_ptr = controller_service_ptr;
using effect_handler = std::function<void(result<apply_effect>)>;

node_id self_id(self_ptr self);
bool leads_controller(self_ptr self);
// CAF's own errors (a timeout, a lost node) mean the controller did not answer.
strom::error from_caf(const caf::error& err);

// controller_frontend.cpp
// Proposes commands to group 0 (this node leads it) and reports the outcome
// of applying the last one.
void propose(self_ptr self, std::vector<controller_command> commands, effect_handler done);
caf::result<cluster_metadata> metadata(self_ptr self, const std::vector<std::string>& names);
caf::result<topic_metadata> create_topic(self_ptr self, topic_spec& spec);
caf::result<topic_metadata> add_partitions(self_ptr self, std::string& name, int32_t count);
caf::result<topic_metadata> delete_topic(self_ptr self, std::string& name);
caf::result<topic_metadata> alter_configs(self_ptr self, std::string& name,
                                          std::vector<config_change>& changes);

// controller_producer_ids.cpp
// A producer id from this node's block, a new block asked for when it is used up.
caf::result<int64_t> allocate_producer_id(self_ptr self);
// On the controller leader (forwarded there from elsewhere): a block of
// `count` ids for a node, its first one.
caf::result<int64_t> allocate_producer_ids(self_ptr self, int32_t count);

// controller_security.cpp
caf::result<void> upsert_user(self_ptr self, std::string& name, scram_credential& c);
caf::result<void> delete_user(self_ptr self, std::string& name);
caf::result<void> create_acls(self_ptr self, std::vector<acl_binding>& acls);
caf::result<std::vector<acl_binding>> delete_acls(self_ptr self, acl_filter& filter);
std::vector<user_summary> list_users(self_ptr self);
std::vector<acl_binding> list_acls(self_ptr self, const acl_filter& filter);

// controller_backend.cpp
void on_applied(self_ptr self, raft_index index, const std::string& bytes);
// One committed command into this node's table, and what follows from it
// (replicas started or stopped, security published, waiters answered).
result<apply_effect> take_command(self_ptr self, raft_index index, const std::string& bytes);
// The whole table from a snapshot, and what follows from it.
void take_table(self_ptr self, topic_table table);
void on_leader(self_ptr self, group_id group, node_id leader, term_id term);
void on_peer_up(self_ptr self, node_id peer, broker_actor& remote);
void on_peer_down(self_ptr self, node_id peer);
void push_leaders_on_tick(self_ptr self);

// controller_topic_settings.cpp
// The replica of `group` (a partition here) runs with its topic's config as
// the table has it: retention in the writer, the rest in the replica. A new
// replica (not in partition_configs yet) got its config at spawn.
void configure_partition(self_ptr self, group_id group, const replica_actor& replica);
// As configure_partition, for every partition on this node.
void configure_partitions(self_ptr self);
// The replica of `group` stopped for good.
void forget_partition_config(self_ptr self, group_id group);

// controller_metadata_feed.cpp
// The whole table to `node` (without a controller replica), from the leader.
void push_to(self_ptr self, node_id node);
// The whole table to every node without a controller replica, from the leader.
void push_table(self_ptr self);
// The command applied at index, after the one at previous, from the leader
// to every node without a controller replica.
void send_delta(self_ptr self, raft_index previous, raft_index index, const std::string& bytes);
void on_push(self_ptr self, raft_index index, const std::string& bytes);
void on_delta(self_ptr self, raft_index previous, raft_index index, const std::string& bytes);
void on_sync_request(self_ptr self, node_id node);

// controller_liveness.cpp
void check_liveness(self_ptr self);

} // namespace strom::controller_detail
