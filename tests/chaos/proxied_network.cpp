#include "tests/chaos/proxied_network.hpp"

#include <set>

#include "tests/support/process.hpp"

namespace strom::testing {

namespace {

node_id nth(int n) {
  return node_id{n};
}

std::string route(node_id peer, uint16_t port) {
  return std::to_string(peer.value()) + "=127.0.0.1:" + std::to_string(port);
}

} // namespace

proxied_network::proxied_network(test_cluster& cluster, uint64_t seed)
    : cluster_(cluster), proxy_(seed) {
  int count = cluster.node_count();
  std::set<uint16_t> taken;
  std::map<node_id, uint16_t> bound;
  for (int n = 1; n <= count; ++n) {
    taken.insert(cluster.endpoint_of(nth(n)).port);
    bound[nth(n)] = another_free_port(taken);
    proxy_.add_link(client_link(nth(n)), cluster.endpoint_of(nth(n)).port, bound[nth(n)]);
  }
  for (int a = 1; a <= count; ++a) {
    std::string routes;
    for (int b = a + 1; b <= count; ++b) {
      auto port = another_free_port(taken);
      proxy_.add_link(peer_link(nth(a), nth(b)), port, bound[nth(b)]);
      routes += (routes.empty() ? "" : ",") + route(nth(b), port);
    }
    std::vector<std::string> args{"--bind", "127.0.0.1:" + std::to_string(bound[nth(a)])};
    if (!routes.empty()) {
      args.push_back("--route");
      args.push_back(routes);
    }
    cluster.set_node_args(nth(a), args);
  }
}

std::string proxied_network::peer_link(node_id a, node_id b) {
  auto low = std::min(a.value(), b.value());
  auto high = std::max(a.value(), b.value());
  return "peer " + std::to_string(low) + "-" + std::to_string(high);
}

std::string proxied_network::client_link(node_id n) {
  return "client " + std::to_string(n.value());
}

void proxied_network::set_peer(node_id a, node_id b, const link_fault& fault) {
  proxy_.set(peer_link(a, b), fault);
}

void proxied_network::stall_way(node_id from, node_id to, bool stalled) {
  auto name = peer_link(from, to);
  auto fault = proxy_.fault(name);
  // The lower id dialled: its bytes go to the listener.
  auto& way = from.value() < to.value() ? fault.to_listener : fault.to_dialler;
  way.stalled = stalled;
  proxy_.set(name, fault);
}

void proxied_network::isolate(node_id n) {
  for (int other = 1; other <= cluster_.node_count(); ++other)
    if (other != n.value())
      set_peer(n, nth(other), link_fault::blackhole());
}

void proxied_network::heal() {
  for (const auto& name : proxy_.links())
    proxy_.set(name, link_fault::healthy());
}

} // namespace strom::testing
