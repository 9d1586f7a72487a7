#pragma once
// The set of voting servers. Changed one server at a time (dissertation §4.1),
// so any two consecutive memberships have overlapping majorities.

#include <string>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom::raft {

struct membership {
  std::vector<node_id> voters; // sorted, no duplicates

  bool contains(node_id id) const;
  auto begin() const { return voters.begin(); }
  auto end() const { return voters.end(); }
  // The smallest number of voters that is a majority.
  size_t quorum() const { return voters.size() / 2 + 1; }

  friend bool operator==(const membership& a, const membership& b) {
    return a.voters == b.voters;
  }
  friend bool operator!=(const membership& a, const membership& b) { return !(a == b); }

  template <class Inspector>
  friend auto inspect(Inspector& f, membership& x) {
    return f(x.voters);
  }
};

struct membership_change {
  enum class kind : uint8_t { add, remove };
  kind what = kind::add;
  node_id server;
};

// The payload of a configuration entry: voter ids as decimal text, separated
// by commas. Text so that a person reading the log can see it.
std::string encode_membership(const membership& m);
result<membership> decode_membership(const std::string& payload);

std::string to_string(const membership& m);

} // namespace strom::raft
