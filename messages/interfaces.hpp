#pragma once
// Typed actor interfaces: who sends what to whom.

#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/cluster_types.hpp"
#include "messages/group_messages.hpp"
#include "messages/metadata_types.hpp"
#include "messages/partition_types.hpp"
#include "messages/raft/message_bundle.hpp"
#include "messages/security/acl.hpp"
#include "messages/security/scram_credential.hpp"
#include "messages/security/user_summary.hpp"

namespace strom {

struct replica_status {
  group_id group;
  node_id id;
  std::string role;
  term_id term;
  node_id leader;
  raft_index commit;
  raft_index applied;
  raft_index last;
  std::vector<node_id> voters;
  // What the state machine says of itself (a count, a digest), for tests and tools.
  std::string machine;
  // The last index the stored snapshot covers (0: none); the log starts after it.
  raft_index snapshot;
  // The first entry the log still holds: retention and snapshots move it.
  raft_index first;

  template <class Inspector>
  friend auto inspect(Inspector& f, replica_status& x) {
    return f(x.group, x.id, x.role, x.term, x.leader, x.commit, x.applied, x.last, x.voters,
             x.machine, x.snapshot, x.first);
  }
};

// One replica of one raft group on this node.
//   router (peer replica)   -> replica: raft(group, message), one-way
//   client, broker, tests   -> replica: propose(payloads) -> index, once applied
//                                       status -> replica_status
//                                       transfer(to), leadership transfer
//   broker (a partition's)  -> replica: produce(request) -> base offset, per acks
//                                       fetch(request) -> committed batches
//                                       list_offsets(timestamp or spec) -> offset
//   its own timer           -> replica: tick(generation), expire(parked fetch)
//   the storage writer      -> replica: persisted(sequence, ok)
//   the controller backend  -> replica: alter_configs(config), its topic's new
//                                       config (a partition takes it at once)
using replica_actor = caf::typed_actor<
  caf::reacts_to<raft_atom, group_id, raft::message>,
  caf::replies_to<propose_atom, std::vector<std::string>>::with<raft_index>,
  caf::replies_to<status_atom>::with<replica_status>,
  caf::replies_to<transfer_atom, node_id>::with<void>,
  caf::replies_to<produce_atom, produce_request>::with<produce_reply>,
  caf::replies_to<fetch_atom, fetch_request>::with<fetch_reply>,
  caf::replies_to<list_offsets_atom, int64_t>::with<record_offset>,
  caf::replies_to<offset_for_time_atom, int64_t>::with<timed_offset>,
  caf::reacts_to<tick_atom>,
  caf::reacts_to<retry_write_atom>,
  caf::reacts_to<wake_atom>,
  caf::reacts_to<expire_atom, uint64_t>,
  caf::reacts_to<persisted_atom, uint64_t, bool>,
  caf::reacts_to<compacted_atom, raft_index, bool>,
  caf::reacts_to<alter_configs_atom, topic_config>>;

// Carries raft messages to the replica of `group` on node `to`: the broker
// (across nodes) or a local_router (replicas sharing one actor system).
using raft_router_actor =
  caf::typed_actor<caf::reacts_to<raft_atom, node_id, group_id, raft::message>>;

// The metadata every client asks for and the topic operations, answered by
// the controller service of a node (the broker forwards them there).
//   metadata(topics) -> those topics (all when empty), brokers, controller
//   create_topic(spec), add_partitions(name, count) -> the topic as created
//   alter_configs(name, changes) -> the topic with its new config
//   delete_topic(name) -> the topic as it was; producer_id -> a new
//   idempotent producer id, from this node's block; producer_ids(count) ->
//   the first of a block of count ids, for a node (run by the leader)
//   controller leader -> metadata_push(index, table snapshot), to nodes that
//                        hold no controller replica, when they come up;
//                        then metadata_delta(previous, index, command): each
//                        applied command, the index of the one before it
//                        named, so that a gap shows
//   such a node       -> metadata_sync(node): it saw a gap; the whole table
//   every node        -> leaders_push(from, reports): the groups `from` leads,
//                        when that changes and every few seconds
//   upsert_user(name, credential), delete_user(name), create_acls(bindings),
//   delete_acls(filter) -> the bindings removed: run by the controller
//   leader, as topic operations; list_users, list_acls(filter): this node's
//   copy of the table
using metadata_actor = caf::typed_actor<
  caf::replies_to<metadata_atom, std::vector<std::string>>::with<cluster_metadata>,
  caf::replies_to<create_topic_atom, topic_spec>::with<topic_metadata>,
  caf::replies_to<delete_topic_atom, std::string>::with<topic_metadata>,
  caf::replies_to<add_partitions_atom, std::string, int32_t>::with<topic_metadata>,
  caf::replies_to<alter_configs_atom, std::string, std::vector<config_change>>::with<
    topic_metadata>,
  caf::replies_to<producer_id_atom>::with<int64_t>,
  caf::replies_to<producer_ids_atom, int32_t>::with<int64_t>,
  caf::reacts_to<metadata_push_atom, raft_index, std::string>,
  caf::reacts_to<metadata_delta_atom, raft_index, raft_index, std::string>,
  caf::reacts_to<metadata_sync_atom, node_id>,
  caf::reacts_to<leaders_push_atom, node_id, std::vector<leader_report>>,
  caf::replies_to<upsert_user_atom, std::string, scram_credential>::with<void>,
  caf::replies_to<delete_user_atom, std::string>::with<void>,
  caf::replies_to<list_users_atom>::with<std::vector<user_summary>>,
  caf::replies_to<create_acls_atom, std::vector<acl_binding>>::with<void>,
  caf::replies_to<delete_acls_atom, acl_filter>::with<std::vector<acl_binding>>,
  caf::replies_to<list_acls_atom, acl_filter>::with<std::vector<acl_binding>>>;

// What a consumer-group coordinator answers, routed by the broker to its
// node's group service: a node answers not_coordinator for a group whose
// partition of __consumer_offsets it does not lead (the client looks the
// leader up again), coordinator_not_available while it loads one.
// What a member of a group asks (and a session passes on).
using group_member_requests_actor = caf::typed_actor<
  caf::replies_to<join_group_atom, join_group_request>::with<join_group_reply>,
  caf::replies_to<sync_group_atom, member_ref>::with<sync_group_reply>,
  caf::replies_to<heartbeat_atom, member_ref>::with<void>,
  caf::replies_to<leave_group_atom, member_ref>::with<void>,
  caf::replies_to<commit_offsets_atom, commit_offsets_request>::with<void>,
  caf::replies_to<fetch_offsets_atom, fetch_offsets_request>::with<committed_offsets>>;

using group_requests_actor = group_member_requests_actor::extend<
  // A Kafka group's sync: the leader's carries every member's assignment.
  caf::replies_to<sync_group_atom, member_ref, std::vector<member_assignment>>::with<
    sync_group_reply>,
  caf::replies_to<list_groups_atom>::with<std::vector<group_overview>>,
  caf::replies_to<describe_group_atom, std::string>::with<group_description>,
  caf::replies_to<delete_group_atom, std::string>::with<void>>;

// The node's group service: group_requests_actor, plus what the controller
// service tells it of this node's replicas of __consumer_offsets.
//   controller service -> coordinator(partition, replica, leads): the local
//                         replica of that partition leads it now or no longer
//                         (a null replica: it is gone)
//   its own timer      -> tick
using group_service_actor = group_requests_actor::extend<
  caf::reacts_to<coordinator_atom, partition_id, replica_actor, bool>,
  caf::reacts_to<tick_atom>>;

// A consumer's actor, to which its sessions push.
//   session -> consumer: push(records) as they commit, within its credit;
//                        push_error(partition, error): that partition's
//                        subscription ended (not_leader: look the leader up
//                        again; offset_out_of_range: reset)
using consumer_sink_actor = caf::typed_actor<
  caf::reacts_to<push_atom, pushed_records>,
  caf::reacts_to<push_error_atom, topic_partition, caf::error>>;

// One per connected client on a broker: it monitors the client, and when the
// client goes away it ends the client's group memberships at once and stops
// pushing. Group requests pass through it to the node's group service.
//   client -> session: group_member_requests_actor's messages
//                      subscribe(entries): push these partitions (led here)
//                      from their offsets, replacing any earlier position
//                      unsubscribe(partitions)
//                      credit(bytes): the client may take that many more
//                      bytes of pushes (it grants more as it consumes)
using session_actor = group_member_requests_actor::extend<
  caf::replies_to<subscribe_atom, std::vector<subscription_entry>>::with<void>,
  caf::replies_to<unsubscribe_atom, std::vector<topic_partition>>::with<void>,
  caf::reacts_to<credit_atom, uint64_t>>;

// The door every peer broker and client knocks on, published on the node's
// manifest port.
//   peer link   -> broker: ping(from, cluster name, the sender's broker) ->
//                          ping_reply; the broker hands the sender's broker
//                          to its link for that peer (net/cluster/peer_link.hpp)
//   console     -> broker: members -> the membership view of this node
//   peer broker -> broker: raft(group, message), for the local replica of group
//                          raft(bundle): many groups' messages (heartbeats and
//                          their answers, coalesced per node pair)
//   client      -> broker: propose(group, payloads), status(group), produce,
//                          fetch, list_offsets: to the local replica of group
//   client      -> broker: metadata_actor's messages, to the controller service
//   client      -> broker: group_requests_actor's messages, to the group service
//                          open_session(consumer, client id) -> its session
using broker_actor = metadata_actor::extend_with<group_requests_actor>::extend<
  caf::replies_to<open_session_atom, consumer_sink_actor, std::string>::with<session_actor>,
  // The sender's broker as an untyped handle: a type cannot name itself.
  caf::replies_to<ping_atom, node_id, std::string, caf::actor>::with<ping_reply>,
  caf::replies_to<members_atom>::with<std::vector<member_info>>,
  caf::replies_to<usage_atom>::with<node_usage>,
  caf::reacts_to<raft_atom, group_id, raft::message>,
  caf::reacts_to<raft_atom, raft::message_bundle>,
  caf::replies_to<propose_atom, group_id, std::vector<std::string>>::with<raft_index>,
  caf::replies_to<status_atom, group_id>::with<replica_status>,
  caf::replies_to<produce_atom, group_id, produce_request>::with<produce_reply>,
  caf::replies_to<fetch_atom, group_id, fetch_request>::with<fetch_reply>,
  caf::replies_to<list_offsets_atom, group_id, int64_t>::with<record_offset>,
  caf::replies_to<offset_for_time_atom, group_id, int64_t>::with<timed_offset>>;

// The node's controller service: the metadata_actor messages, plus what the
// node's own actors tell it; never published.
//   controller replica -> service: applied(index, command bytes), in log order;
//                                  metadata_push(index, snapshot) on restore
//   any local replica  -> service: leader(group, leader, term) on a change
//   broker             -> service: peer_up / peer_down, as its links report
using controller_service_actor = metadata_actor::extend<
  caf::reacts_to<applied_atom, raft_index, std::string>,
  caf::reacts_to<leader_atom, group_id, node_id, term_id>,
  caf::reacts_to<peer_up_atom, node_id, broker_actor>,
  caf::reacts_to<peer_down_atom, node_id, std::string>,
  caf::reacts_to<tick_atom>>;

// What the node's own actors tell its broker; never published.
//   link    -> broker: peer_up(id, its broker) / peer_down(id, reason)
//   replica -> broker: raft(to, group, message), to the replica on node `to`
//   node    -> broker: register(group, replica), where a local replica lives
//                      (a null handle: it is gone); register(service)
//   session -> broker: leave(members, rounds) of a client that went away,
//                      sent to every node's group service (the coordinator
//                      may have moved since the session last saw it), and
//                      again, `rounds` times in all, a few seconds apart (a
//                      coordinator moving right then loses what it took in)
//   itself  -> broker: outbox_flush: send the coalesced heartbeats
using local_broker_actor = broker_actor::extend<
  caf::reacts_to<peer_up_atom, node_id, broker_actor>,
  caf::reacts_to<peer_down_atom, node_id, std::string>,
  caf::reacts_to<raft_atom, node_id, group_id, raft::message>,
  caf::reacts_to<register_atom, group_id, replica_actor>,
  caf::reacts_to<register_atom, controller_service_actor>,
  caf::reacts_to<register_atom, group_service_actor>,
  caf::reacts_to<register_atom, node_id, caf::actor>, // the link to a peer
  caf::reacts_to<leave_group_atom, std::vector<member_ref>, int32_t>,
  caf::reacts_to<outbox_flush_atom>>;

} // namespace strom
