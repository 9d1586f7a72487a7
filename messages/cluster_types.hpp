#pragma once
// Values that describe the cluster's membership as one node sees it.

#include <cstdint>
#include <string>

#include "messages/types.hpp"

namespace strom {

struct member_info {
  node_address address;
  bool up = false;
  bool self = false;
  // Unix time in ms of the last up/down change, 0 if never seen.
  int64_t since_unix_ms = 0;
  // Why the peer is down, when it is ("connection refused", "ping timeout").
  std::string down_reason;

  template <class Inspector>
  friend auto inspect(Inspector& f, member_info& x) {
    return f(x.address, x.up, x.self, x.since_unix_ms, x.down_reason);
  }
};

// What a broker answers to a ping: who it is, so that a link can tell a
// wrongly configured address (another node, another cluster) from a peer.
struct ping_reply {
  node_id id;
  std::string cluster_name;

  template <class Inspector>
  friend auto inspect(Inspector& f, ping_reply& x) {
    return f(x.id, x.cluster_name);
  }
};

// What a node's process uses, as it reads it from /proc: CPU time since it
// started (user and system) and resident memory, now and at its peak. For
// benchmarks and operators watching a node idle or under load.
struct node_usage {
  node_id node;
  int64_t cpu_ms = 0;
  int64_t rss_bytes = 0;
  int64_t peak_rss_bytes = 0;
  int64_t replicas = 0; // raft groups this node holds a replica of

  template <class Inspector>
  friend auto inspect(Inspector& f, node_usage& x) {
    return f(x.node, x.cpu_ms, x.rss_bytes, x.peak_rss_bytes, x.replicas);
  }
};

} // namespace strom
