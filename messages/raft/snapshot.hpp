#pragma once
// A snapshot replaces the log up to and including meta.index. The core only
// tracks where it ends and what membership held there; the bytes belong to
// the driver's state machine.

#include <string>

#include "messages/raft/membership.hpp"
#include "messages/types.hpp"

namespace strom::raft {

struct snapshot_meta {
  raft_index index; // last entry the snapshot covers; 0 = no snapshot
  term_id term;     // term of that entry
  membership voters; // membership as of index

  template <class Inspector>
  friend auto inspect(Inspector& f, snapshot_meta& x) {
    return f(x.index, x.term, x.voters);
  }
};

struct snapshot {
  snapshot_meta meta;
  std::string data; // the state machine's bytes, opaque to the core

  template <class Inspector>
  friend auto inspect(Inspector& f, snapshot& x) {
    return f(x.meta, x.data);
  }
};

} // namespace strom::raft
