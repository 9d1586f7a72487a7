#pragma once
// Atoms of the line door's own actors: local messages only (a session and
// the producer's callbacks, its consumer's listener, its lookups), so they
// live here rather than in messages/atoms.hpp.

#include <caf/atom.hpp>

namespace strom {

// producer callback -> session: published(slot, partition, offset, error)
using text_published_atom = caf::atom_constant<caf::atom("tpublished")>;
// consumer listener -> session: stream_line(stream, line)
using text_stream_line_atom = caf::atom_constant<caf::atom("tstreamln")>;
// topic lookup -> itself: retry
using text_retry_atom = caf::atom_constant<caf::atom("tretry")>;
// session -> topic lookup: find -> topic_metadata
using text_find_atom = caf::atom_constant<caf::atom("tfind")>;

} // namespace strom
