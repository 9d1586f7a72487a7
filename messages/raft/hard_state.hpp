#pragma once
// What a server must have on stable storage before it answers anyone
// (Figure 2, "persistent state on all servers"), plus the commit index so a
// restarted server need not re-learn it.

#include "messages/types.hpp"

namespace strom::raft {

// "Nobody": no vote cast, no leader known.
inline constexpr node_id no_node{-1};

struct hard_state {
  term_id current_term;
  node_id voted_for = no_node;
  raft_index commit;

  friend bool operator==(const hard_state& a, const hard_state& b) {
    return a.current_term == b.current_term && a.voted_for == b.voted_for
           && a.commit == b.commit;
  }
  friend bool operator!=(const hard_state& a, const hard_state& b) { return !(a == b); }

  template <class Inspector>
  friend auto inspect(Inspector& f, hard_state& x) {
    return f(x.current_term, x.voted_for, x.commit);
  }
};

} // namespace strom::raft
