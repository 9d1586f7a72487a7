// The in-process mode of `strom bench raft`: three replicas in one actor
// system, each with its own LMDB store and writer thread.

#include "launcher/bench/raft_bench_modes.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/replica/local_router.hpp"
#include "actors/replica/replica.hpp"
#include "launcher/bench/digest_machine.hpp"

namespace strom::bench {

namespace {

using namespace std::chrono_literals;

const group_id bench_group{1};


struct bench_node {
  std::unique_ptr<storage::env> environment;
  std::unique_ptr<storage::writer> writer;
  replica_actor actor;
};

caf::message propose_to_replica(std::vector<std::string> payloads) {
  return caf::make_message(propose_atom::value, std::move(payloads));
}

std::optional<replica_actor> wait_for_leader(caf::actor_system& sys,
                                             std::map<node_id, bench_node>& nodes) {
  caf::scoped_actor self{sys};
  for (int attempt = 0; attempt < 500; ++attempt) {
    for (auto& [id, n] : nodes) {
      bool leader = false;
      self->request(n.actor, 1s, status_atom::value)
        .receive([&](const replica_status& s) { leader = s.role == "leader"; },
                 [](caf::error&) {});
      if (leader)
        return n.actor;
    }
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

// False (and a message on stderr) when a store cannot be opened.
bool start_nodes(caf::actor_system& sys, const std::string& dir, local_router_actor router,
                 std::map<node_id, bench_node>& nodes) {
  std::vector<node_id> voters{node_id{1}, node_id{2}, node_id{3}};
  for (auto id : voters) {
    storage::storage_config cfg;
    cfg.data_dir = dir + "/node-" + std::to_string(id.value());
    std::filesystem::create_directories(cfg.data_dir);
    auto& n = nodes[id];
    auto opened = storage::env::open(cfg);
    if (!opened) {
      std::cerr << "raft bench: " << opened.error().describe() << "\n";
      return false;
    }
    n.environment = std::move(*opened);
    n.writer = std::make_unique<storage::writer>(*n.environment);
    replica_settings s;
    s.group = bench_group;
    s.self = id;
    s.initial_voters = voters;
    s.environment = n.environment.get();
    s.writer = n.writer.get();
    s.router = router;
    s.machine = std::make_shared<digest_machine>();
    s.seed = static_cast<uint64_t>(id.value());
    n.actor = sys.spawn(replica, s);
    caf::anon_send(router, register_atom::value, id, bench_group, n.actor);
  }
  return true;
}

} // namespace

std::optional<proposer_result> run_in_process(const raft_bench_options& options) {
  auto dir = options.scratch_dir + "/strom-raft-bench-" + std::to_string(::getpid());
  std::optional<proposer_result> out;
  {
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    auto router = sys.spawn(local_router);
    std::map<node_id, bench_node> nodes;
    auto started = start_nodes(sys, dir, router, nodes);
    if (auto leader = started ? wait_for_leader(sys, nodes) : std::nullopt)
      out = run_proposer(sys, caf::actor_cast<caf::actor>(*leader), propose_to_replica,
                         options.load);
    for (auto& [id, n] : nodes)
      caf::anon_send_exit(n.actor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return out;
}

} // namespace strom::bench
