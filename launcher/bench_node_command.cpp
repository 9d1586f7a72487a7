// strom bench raft-node --manifest M --id N: a node that also holds a replica
// of raft group 1, whose voters are every node of the manifest. What
// `strom bench raft` starts in its process mode, and the tests of replicas
// across processes.

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

#include "actors/replica/replica.hpp"
#include "launcher/node_runner.hpp"
#include "launcher/bench/digest_machine.hpp"

namespace strom {

namespace {

const group_id bench_group{1};

void host_bench_group(node_context& node) {
  replica_settings s;
  s.group = bench_group;
  s.self = node.self.id;
  for (const auto& n : node.cluster.nodes)
    s.initial_voters.push_back(n.id);
  s.environment = node.storage.environment.get();
  s.writer = node.storage.writer.get();
  s.router = caf::actor_cast<raft_router_actor>(node.services.broker);
  s.machine = std::make_shared<bench::digest_machine>();
  s.seed = static_cast<uint64_t>(node.self.id.value());
  auto actor = node.sys.spawn(replica, s);
  caf::anon_send(node.services.broker, register_atom::value, bench_group, actor);
  node.owned.push_back(caf::actor_cast<caf::actor>(actor));
}

} // namespace

int run_bench_node(const args_list& args) {
  return run_node_process(args, "bench raft-node", host_bench_group);
}

} // namespace strom
