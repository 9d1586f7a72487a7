#pragma once
// A cluster of real `strom node` processes on free loopback ports, for tests.
// Each node is started, killed and restarted by its pid; everything it wrote
// is kept in its log for the failure message.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "messages/types.hpp"
#include "net/client/endpoint.hpp"

namespace strom::testing {

class test_cluster {
public:
  // `extra_yaml` is appended to the manifest (a defaults section, say);
  // `node_command` is the subcommand each node runs; the first
  // `controller_count` nodes are controllers (0: all of them).
  explicit test_cluster(int node_count, const std::string& extra_yaml = "",
                        std::vector<std::string> node_command = {"node"},
                        int controller_count = 0);
  ~test_cluster();
  test_cluster(const test_cluster&) = delete;
  test_cluster& operator=(const test_cluster&) = delete;

  // The front doors a node opens when the manifest gives it their port.
  enum class door { text, http, grpc, kafka, client };
  // Gives every node a port for `d` from free_port() and writes the
  // manifest again; call before starting nodes.
  void open_door_ports(door d);
  uint16_t door_port_of(door d, node_id id) const { return door_ports_.at(d).at(id); }
  void open_text_ports() { open_door_ports(door::text); }
  uint16_t text_port_of(node_id id) const { return door_port_of(door::text, id); }

  // The command that runs strom, a wrapper and its arguments first if any:
  // STROM_BINARY, the build's, unless a test runs an installed one.
  void set_binary(std::vector<std::string> command) { binary_ = std::move(command); }
  // Arguments every later start of the node adds to its command.
  void set_node_args(node_id id, std::vector<std::string> args) {
    node_args_[id] = std::move(args);
  }
  // NAME=VALUE settings every later start of the node runs with (env(1)).
  void set_node_env(node_id id, std::vector<std::string> settings) {
    node_env_[id] = std::move(settings);
  }
  void start(node_id id);
  void start_all();
  void signal(node_id id, int sig);
  // SIGTERM and wait; the wait status, or nothing if it did not stop in time.
  std::optional<int> stop(node_id id, std::chrono::milliseconds timeout);
  // After a SIGKILL: collect the process so that it can start again.
  void reap(node_id id);

  bool running(node_id id) const { return pids_.count(id) > 0; }
  int node_count() const { return static_cast<int>(ports_.size()); }
  pid_t pid(node_id id) const { return pids_.at(id); }
  const std::string& manifest_path() const { return manifest_path_; }
  const std::string& dir() const { return dir_; }
  endpoint endpoint_of(node_id id) const { return {"127.0.0.1", ports_.at(id)}; }
  std::string log_path(node_id id) const;
  // Every node's log, for a failing assertion's message.
  std::string logs() const;
  // Keeps the cluster's dir (data and logs) when the cluster goes, as
  // STROM_KEEP_TEST_DIRS does for every test: for a failure to be read later.
  void keep_dir() { keep_dir_ = true; }

private:
  void write_manifest() const;

  std::string dir_;
  std::string extra_yaml_;
  int controller_count_ = 0;
  std::string manifest_path_;
  std::map<node_id, uint16_t> ports_;
  std::map<door, std::map<node_id, uint16_t>> door_ports_;
  std::map<node_id, pid_t> pids_;
  bool keep_dir_ = false;
  std::vector<std::string> binary_{STROM_BINARY};
  std::vector<std::string> node_command_;
  std::map<node_id, std::vector<std::string>> node_args_;
  std::map<node_id, std::vector<std::string>> node_env_;
};

// Polls `condition` every 50 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

} // namespace strom::testing
