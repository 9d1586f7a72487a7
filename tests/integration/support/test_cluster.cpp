#include "tests/integration/support/test_cluster.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "tests/support/process.hpp"

namespace strom::testing {

namespace {

constexpr std::chrono::milliseconds kill_wait_ms{5000};

using door_ports = std::map<test_cluster::door, std::map<node_id, uint16_t>>;

const char* door_key(test_cluster::door d) {
  switch (d) {
  case test_cluster::door::text:
    return "text_port";
  case test_cluster::door::http:
    return "http_port";
  case test_cluster::door::grpc:
    return "grpc_port";
  case test_cluster::door::kafka:
    return "kafka_port";
  case test_cluster::door::client:
    return "client_port";
  }
  return "";
}

std::string manifest_text(const std::map<node_id, uint16_t>& ports, const door_ports& doors,
                          const std::string& dir, const std::string& extra_yaml,
                          int controller_count) {
  std::string text = "cluster: test\nnodes:\n";
  for (const auto& [id, port] : ports) {
    auto n = std::to_string(id.value());
    bool controller = controller_count == 0 || id.value() <= controller_count;
    text += "  - id: " + n + "\n    host: 127.0.0.1\n    port: " + std::to_string(port) +
            "\n    data_dir: " + dir + "/node-" + n +
            "\n    controller: " + (controller ? "true" : "false") + "\n";
    for (const auto& [d, door_port] : doors)
      if (auto it = door_port.find(id); it != door_port.end())
        text += std::string{"    "} + door_key(d) + ": " + std::to_string(it->second) + "\n";
  }
  return text + extra_yaml;
}

} // namespace

test_cluster::test_cluster(int node_count, const std::string& extra_yaml,
                           std::vector<std::string> node_command, int controller_count)
    : dir_(make_temp_dir("strom-it")),
      extra_yaml_(extra_yaml),
      controller_count_(controller_count),
      node_command_(std::move(node_command)) {
  std::set<uint16_t> taken;
  for (int i = 1; i <= node_count; ++i)
    ports_[node_id{i}] = another_free_port(taken);
  manifest_path_ = dir_ + "/cluster.yaml";
  write_manifest();
}

void test_cluster::open_door_ports(door d) {
  std::set<uint16_t> taken;
  for (const auto& [id, port] : ports_)
    taken.insert(port);
  for (const auto& [other, door_port] : door_ports_)
    for (const auto& [id, port] : door_port)
      taken.insert(port);
  for (const auto& [id, port] : ports_)
    door_ports_[d][id] = another_free_port(taken);
  write_manifest();
}

void test_cluster::write_manifest() const {
  std::ofstream{manifest_path_} << manifest_text(ports_, door_ports_, dir_, extra_yaml_,
                                                 controller_count_);
}

test_cluster::~test_cluster() {
  for (const auto& [id, pid] : pids_) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  if (!keep_dir_ && std::getenv("STROM_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string test_cluster::log_path(node_id id) const {
  return dir_ + "/node-" + std::to_string(id.value()) + ".log";
}

void test_cluster::start(node_id id) {
  std::vector<std::string> argv;
  if (auto it = node_env_.find(id); it != node_env_.end()) {
    argv.push_back("/usr/bin/env");
    argv.insert(argv.end(), it->second.begin(), it->second.end());
  }
  argv.insert(argv.end(), binary_.begin(), binary_.end());
  argv.insert(argv.end(), node_command_.begin(), node_command_.end());
  for (std::string arg : {"--manifest", manifest_path_.c_str(), "--id"})
    argv.push_back(arg);
  argv.push_back(std::to_string(id.value()));
  argv.push_back("--log-level");
  argv.push_back("debug");
  if (auto it = node_args_.find(id); it != node_args_.end())
    argv.insert(argv.end(), it->second.begin(), it->second.end());
  pids_[id] = spawn_process(argv, log_path(id));
}

void test_cluster::start_all() {
  for (const auto& [id, port] : ports_)
    start(id);
}

void test_cluster::signal(node_id id, int sig) {
  kill(pids_.at(id), sig);
}

std::optional<int> test_cluster::stop(node_id id, std::chrono::milliseconds timeout) {
  auto pid = pids_.at(id);
  kill(pid, SIGTERM);
  auto status = wait_exit(pid, timeout);
  if (!status) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  pids_.erase(id);
  return status;
}

void test_cluster::reap(node_id id) {
  wait_exit(pids_.at(id), kill_wait_ms);
  pids_.erase(id);
}

std::string test_cluster::logs() const {
  std::string out;
  for (const auto& [id, port] : ports_)
    out += "---- node " + std::to_string(id.value()) + " ----\n" + read_file(log_path(id));
  return out;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return condition();
}

} // namespace strom::testing
