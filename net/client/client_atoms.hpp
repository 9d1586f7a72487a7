#pragma once
// Atoms of the client library's own actors. Local messages only (an
// application and its producer, an actor and its timers): they never cross
// the wire, so they live here rather than in messages/atoms.hpp.

#include <caf/atom.hpp>

namespace strom {

using send_atom = caf::atom_constant<caf::atom("csend")>;
using drain_atom = caf::atom_constant<caf::atom("cdrain")>;
using flush_atom = caf::atom_constant<caf::atom("cflush")>;
using retry_atom = caf::atom_constant<caf::atom("cretry")>;
using refresh_atom = caf::atom_constant<caf::atom("crefresh")>;
using linger_atom = caf::atom_constant<caf::atom("clinger")>;

// the consumer
using subscribe_topics_atom = caf::atom_constant<caf::atom("csubscribe")>;
using assign_atom = caf::atom_constant<caf::atom("cassign")>;
using poll_atom = caf::atom_constant<caf::atom("cpoll")>;
using commit_atom = caf::atom_constant<caf::atom("ccommit")>;
using seek_atom = caf::atom_constant<caf::atom("cseek")>;
using pause_atom = caf::atom_constant<caf::atom("cpause")>;
using resume_atom = caf::atom_constant<caf::atom("cresume")>;
using assignment_atom = caf::atom_constant<caf::atom("cassigned")>;
using close_atom = caf::atom_constant<caf::atom("cclose")>;
using generation_atom = caf::atom_constant<caf::atom("cgen")>;
using buffered_atom = caf::atom_constant<caf::atom("cbuffered")>;
using positions_atom = caf::atom_constant<caf::atom("cpositions")>;

// the link to a node's client door (door_link)
using door_login_atom = caf::atom_constant<caf::atom("dlogin")>;
using door_session_atom = caf::atom_constant<caf::atom("dsession")>;

} // namespace strom
