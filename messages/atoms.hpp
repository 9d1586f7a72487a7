#pragma once
// Every CAF atom strom uses, in one place. Atoms are at most 10 characters of
// [0-9A-Za-z_ ]; anything else silently becomes a space, so keep to that set.

#include <caf/atom.hpp>

namespace strom {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using members_atom = caf::atom_constant<caf::atom("members")>;
using usage_atom = caf::atom_constant<caf::atom("usage")>;
using peer_up_atom = caf::atom_constant<caf::atom("peer_up")>;
using peer_down_atom = caf::atom_constant<caf::atom("peer_down")>;
using connect_atom = caf::atom_constant<caf::atom("sconnect")>;
// A peer that dials this node reached it: here is that peer's broker.
using contact_atom = caf::atom_constant<caf::atom("contact")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
// A replica tries a write again that the writer refused or failed.
using retry_write_atom = caf::atom_constant<caf::atom("retrywrite")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using raft_atom = caf::atom_constant<caf::atom("raft")>;
using propose_atom = caf::atom_constant<caf::atom("propose")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using transfer_atom = caf::atom_constant<caf::atom("transfer")>;
using persisted_atom = caf::atom_constant<caf::atom("persisted")>;
// A replica's own snapshot, and the drop of the log it covers, landed (or not).
using compacted_atom = caf::atom_constant<caf::atom("compacted")>;
using register_atom = caf::atom_constant<caf::atom("register")>;
// topics and partitions
using metadata_atom = caf::atom_constant<caf::atom("metadata")>;
using create_topic_atom = caf::atom_constant<caf::atom("mktopic")>;
using delete_topic_atom = caf::atom_constant<caf::atom("rmtopic")>;
using add_partitions_atom = caf::atom_constant<caf::atom("addparts")>;
using alter_configs_atom = caf::atom_constant<caf::atom("altercfg")>;
using producer_id_atom = caf::atom_constant<caf::atom("producerid")>;
// A node's block of producer ids, from the controller leader.
using producer_ids_atom = caf::atom_constant<caf::atom("pidblock")>;
// One applied controller command, to a node without a controller replica.
using metadata_delta_atom = caf::atom_constant<caf::atom("mddelta")>;
// A node without a controller replica missed a command: the whole table, please.
using metadata_sync_atom = caf::atom_constant<caf::atom("mdsync")>;
using produce_atom = caf::atom_constant<caf::atom("produce")>;
using fetch_atom = caf::atom_constant<caf::atom("fetch")>;
using list_offsets_atom = caf::atom_constant<caf::atom("offsets")>;
using offset_for_time_atom = caf::atom_constant<caf::atom("offsattime")>;
using leader_atom = caf::atom_constant<caf::atom("leader")>;
using applied_atom = caf::atom_constant<caf::atom("applied")>;
using metadata_push_atom = caf::atom_constant<caf::atom("mdpush")>;
using leaders_push_atom = caf::atom_constant<caf::atom("ldrpush")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;

// users and ACLs (on the controller, as topics)
using upsert_user_atom = caf::atom_constant<caf::atom("userput")>;
using delete_user_atom = caf::atom_constant<caf::atom("userdel")>;
using list_users_atom = caf::atom_constant<caf::atom("users")>;
using create_acls_atom = caf::atom_constant<caf::atom("aclput")>;
using delete_acls_atom = caf::atom_constant<caf::atom("acldel")>;
using list_acls_atom = caf::atom_constant<caf::atom("acls")>;

// consumer groups and sessions
using join_group_atom = caf::atom_constant<caf::atom("joingroup")>;
using sync_group_atom = caf::atom_constant<caf::atom("syncgroup")>;
using heartbeat_atom = caf::atom_constant<caf::atom("heartbeat")>;
using leave_group_atom = caf::atom_constant<caf::atom("leavegroup")>;
using commit_offsets_atom = caf::atom_constant<caf::atom("commit")>;
using fetch_offsets_atom = caf::atom_constant<caf::atom("fetchoffs")>;
using list_groups_atom = caf::atom_constant<caf::atom("lsgroups")>;
using describe_group_atom = caf::atom_constant<caf::atom("descgroup")>;
using delete_group_atom = caf::atom_constant<caf::atom("rmgroup")>;
using coordinator_atom = caf::atom_constant<caf::atom("coord")>;
using open_session_atom = caf::atom_constant<caf::atom("session")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsubscribe_atom = caf::atom_constant<caf::atom("unsub")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using push_atom = caf::atom_constant<caf::atom("push")>;
using push_error_atom = caf::atom_constant<caf::atom("pusherr")>;
// The broker's timer: send the heartbeats its outbox holds.
using outbox_flush_atom = caf::atom_constant<caf::atom("obflush")>;

} // namespace strom
