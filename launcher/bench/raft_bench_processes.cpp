// The process mode of `strom bench raft`: three `strom bench raft-node`
// children on free loopback ports, raft between them over CAF remoting;
// proposals go to the leader's broker.

#include "launcher/bench/raft_bench_modes.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <caf/actor_system.hpp>

#include "launcher/child_process.hpp"
#include "net/client/admin_client.hpp"
#include "net/cluster/system_config.hpp"

namespace strom::bench {

namespace {

using namespace std::chrono_literals;

const group_id bench_group{1};
constexpr int node_count = 3;

caf::message propose_to_broker(std::vector<std::string> payloads) {
  return caf::make_message(propose_atom::value, bench_group, std::move(payloads));
}

// Ports the kernel gives out to sockets bound together, so they differ; they
// are free again once the sockets close, a moment before the nodes bind them.
std::vector<uint16_t> loopback_ports(int count) {
  std::vector<int> sockets;
  std::vector<uint16_t> ports;
  for (int i = 0; i < count; ++i) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
        || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0)
      throw std::runtime_error("no free loopback port");
    sockets.push_back(fd);
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int fd : sockets)
    close(fd);
  return ports;
}

std::vector<uint16_t> write_manifest(const std::string& dir) {
  auto ports = loopback_ports(node_count);
  std::ofstream out{dir + "/bench.yaml"};
  out << "cluster: raft-bench\nnodes:\n";
  for (int n = 1; n <= node_count; ++n)
    out << "  - {id: " << n << ", host: 127.0.0.1, port: " << ports[n - 1] << ", data_dir: "
        << dir << "/node-" << n << ", controller: true}\n";
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

// A raft-node stops on SIGTERM within its shutdown bound (node_command.cpp).
void stop(const std::vector<pid_t>& children) {
  for (auto pid : children)
    kill(pid, SIGTERM);
  for (auto pid : children)
    waitpid(pid, nullptr, 0);
}

} // namespace

std::optional<proposer_result> run_processes(const raft_bench_options& options) {
  auto dir = options.scratch_dir + "/strom-raft-bench-procs-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  auto ports = write_manifest(dir);
  std::vector<pid_t> children;
  for (int n = 1; n <= node_count; ++n) {
    auto child = spawn_child(node_id{n},
      {options.strom_binary, "bench", "raft-node", "--manifest", dir + "/bench.yaml", "--id",
       std::to_string(n), "--log-level", "warn"},
      dir + "/node-" + std::to_string(n) + ".log");
    if (!child) {
      std::cerr << "processes: " << child.error().describe() << "\n";
      stop(children);
      return std::nullopt;
    }
    children.push_back(child->pid);
  }
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
  stop(children);
  if (out) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return out;
}

} // namespace strom::bench
