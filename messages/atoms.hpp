#pragma once
// Every CAF atom strom uses, in one place. Atoms are at most 10 characters of
// [0-9A-Za-z_ ]; anything else silently becomes a space, so keep to that set.

#include <caf/atom.hpp>

namespace strom {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using members_atom = caf::atom_constant<caf::atom("members")>;
using peer_up_atom = caf::atom_constant<caf::atom("peer_up")>;
using peer_down_atom = caf::atom_constant<caf::atom("peer_down")>;
using connect_atom = caf::atom_constant<caf::atom("sconnect")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using raft_atom = caf::atom_constant<caf::atom("raft")>;
using propose_atom = caf::atom_constant<caf::atom("propose")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using transfer_atom = caf::atom_constant<caf::atom("transfer")>;
using persisted_atom = caf::atom_constant<caf::atom("persisted")>;
using register_atom = caf::atom_constant<caf::atom("register")>;
// topics and partitions
using metadata_atom = caf::atom_constant<caf::atom("metadata")>;
using create_topic_atom = caf::atom_constant<caf::atom("mktopic")>;
using delete_topic_atom = caf::atom_constant<caf::atom("rmtopic")>;
using add_partitions_atom = caf::atom_constant<caf::atom("addparts")>;
using producer_id_atom = caf::atom_constant<caf::atom("producerid")>;
using produce_atom = caf::atom_constant<caf::atom("produce")>;
using fetch_atom = caf::atom_constant<caf::atom("fetch")>;
using list_offsets_atom = caf::atom_constant<caf::atom("offsets")>;
using leader_atom = caf::atom_constant<caf::atom("leader")>;
using applied_atom = caf::atom_constant<caf::atom("applied")>;
using metadata_push_atom = caf::atom_constant<caf::atom("mdpush")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;

} // namespace strom
