#pragma once
// Atoms of the gRPC door's own actor: local messages only.

#include <caf/atom.hpp>

namespace strom {

// its own timer -> door: close consumers idle too long
using grpc_sweep_atom = caf::atom_constant<caf::atom("gsweep")>;

} // namespace strom
