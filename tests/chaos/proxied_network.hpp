#pragma once
// Every link of a test cluster through a fault_proxy. The manifest's address
// of each node (what clients and the metadata use) is a proxy, the "client
// link" of that node; the node binds a port of its own (`--bind`) and dials
// each higher peer through the proxy of that pair (`--route`), its "peer
// link". Since of two nodes only the lower id dials, one proxy per pair
// carries all their traffic, both ways.

#include <string>

#include "tests/chaos/fault_proxy.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {

class proxied_network {
public:
  // Call before the cluster's nodes start.
  proxied_network(test_cluster& cluster, uint64_t seed);

  fault_proxy& proxy() { return proxy_; }
  static std::string peer_link(node_id a, node_id b);
  static std::string client_link(node_id n);

  // The fault on the peer link of a and b.
  void set_peer(node_id a, node_id b, const link_fault& fault);
  // Bytes from `from` to `to` stall (or flow again); the other way is untouched.
  void stall_way(node_id from, node_id to, bool stalled);
  // Every peer link of `n` a blackhole: the node and its clients still talk.
  void isolate(node_id n);
  // Every link healthy again.
  void heal();

private:
  test_cluster& cluster_;
  fault_proxy proxy_;
};

} // namespace strom::testing
