#pragma once
// The set of voting servers, and the learners: servers that receive the log
// but neither vote nor count towards a majority, so that a new server
// catches up before it is promoted without weakening the group meanwhile.
// Voters change one at a time (dissertation §4.1), so any two consecutive
// memberships have overlapping majorities.

#include <string>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom::raft {

struct membership {
  std::vector<node_id> voters;   // sorted, no duplicates
  std::vector<node_id> learners; // sorted, no duplicates, none a voter

  // Whether id is a voter.
  bool contains(node_id id) const;
  bool is_learner(node_id id) const;
  auto begin() const { return voters.begin(); }
  auto end() const { return voters.end(); }
  // The smallest number of voters that is a majority.
  size_t quorum() const { return voters.size() / 2 + 1; }

  friend bool operator==(const membership& a, const membership& b) {
    return a.voters == b.voters && a.learners == b.learners;
  }
  friend bool operator!=(const membership& a, const membership& b) { return !(a == b); }

  template <class Inspector>
  friend auto inspect(Inspector& f, membership& x) {
    return f(x.voters, x.learners);
  }
};

struct membership_change {
  // add: a new voter; add_learner: a new learner; promote: a learner
  // becomes a voter; remove: a voter or a learner leaves.
  enum class kind : uint8_t { add, remove, add_learner, promote };
  kind what = kind::add;
  node_id server;
};

// The payload of a configuration entry: voter ids as decimal text, separated
// by commas, then, when there are learners, a slash and theirs ("1,2,3/4").
// Text so that a person reading the log can see it.
std::string encode_membership(const membership& m);
result<membership> decode_membership(const std::string& payload);

std::string to_string(const membership& m);

} // namespace strom::raft
