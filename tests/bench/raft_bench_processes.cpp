// The process mode of `strom bench raft`: three `strom bench raft-node`
// children on free loopback ports, raft between them over CAF remoting;
// proposals go to the leader's broker.

#include "tests/bench/raft_bench_modes.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <caf/actor_system.hpp>

#include "net/client/admin_client.hpp"
#include "net/cluster/system_config.hpp"
#include "tests/support/process.hpp"

namespace strom::bench {

namespace {

using namespace std::chrono_literals;

const group_id bench_group{1};
constexpr int node_count = 3;

caf::message propose_to_broker(std::vector<std::string> payloads) {
  return caf::make_message(propose_atom::value, bench_group, std::move(payloads));
}

std::vector<uint16_t> write_manifest(const std::string& dir) {
  std::vector<uint16_t> ports;
  std::ofstream out{dir + "/bench.yaml"};
  out << "cluster: raft-bench\nnodes:\n";
  for (int n = 1; n <= node_count; ++n) {
    auto port = testing::free_port();
    while (std::find(ports.begin(), ports.end(), port) != ports.end())
      port = testing::free_port();
    ports.push_back(port);
    out << "  - {id: " << n << ", host: 127.0.0.1, port: " << port << ", data_dir: " << dir
        << "/node-" << n << ", controller: true}\n";
  }
  out << "defaults: {fsync: always}\n";
  return ports;
}

std::optional<broker_actor> find_leader(caf::actor_system& sys, const std::vector<uint16_t>& ports) {
  for (int attempt = 0; attempt < 300; ++attempt) {
    for (auto port : ports) {
      admin_client client{sys, {{"127.0.0.1", port}}, 1000ms};
      auto s = client.status(bench_group);
      if (s && s->role == "leader")
        if (auto b = client.broker())
          return *b;
    }
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;
}

} // namespace

std::optional<proposer_result> run_processes(const raft_bench_options& options) {
  auto dir = options.scratch_dir + "/strom-raft-bench-procs-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  auto ports = write_manifest(dir);
  std::vector<pid_t> children;
  for (int n = 1; n <= node_count; ++n)
    children.push_back(testing::spawn_process(
      {options.strom_binary, "bench", "raft-node", "--manifest", dir + "/bench.yaml", "--id",
       std::to_string(n), "--log-level", "warn"},
      dir + "/node-" + std::to_string(n) + ".log"));
  std::optional<proposer_result> out;
  {
    strom_config cfg;
    caf::actor_system sys{cfg};
    if (auto leader = find_leader(sys, ports))
      out = run_proposer(sys, caf::actor_cast<caf::actor>(*leader), propose_to_broker,
                         options.load);
    else
      std::cerr << "processes: no leader; logs in " << dir << "\n";
  }
  for (auto pid : children) {
    kill(pid, SIGTERM);
    testing::wait_exit(pid, 10s);
  }
  if (out) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return out;
}

} // namespace strom::bench
