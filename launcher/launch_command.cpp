// strom launch MANIFEST [--console]: every node of the manifest whose host is
// this machine, as child processes, supervised.

#include <sys/signalfd.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <caf/actor_system.hpp>

#include "net/cluster/system_config.hpp"
#include "launcher/cluster_watch.hpp"
#include "launcher/command_line.hpp"
#include "launcher/commands.hpp"
#include "launcher/console_loop.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/local_host.hpp"
#include "launcher/log_line.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"
#include "launcher/tool_credentials.hpp"
#include "launcher/node_supervisor.hpp"
#include "launcher/signals.hpp"

namespace strom {

namespace {

// Past this, the launcher stops waiting to announce that the cluster formed.
constexpr std::chrono::milliseconds connect_announce_deadline_ms{120000};

// The logging options are the launcher's own and passed on to every node.
const std::vector<option_spec> launch_options = with_logging_options({
  {"console", 'c', false, "open the admin console; leaving it stops the cluster"},
  {"help", 'h', false, "show this help"},
});

int usage(const std::string& problem) {
  return report_usage("launch", problem,
                      "MANIFEST [--console] [--log-level LEVEL] [--log-format text|json]",
                      launch_options);
}

std::mutex output_mutex;
// Set once, before any node starts.
log_format output_format = log_format::text;

// The launcher's own lines, on stdout with its nodes'; in JSON as records of
// `strom launch`, so that the stream stays one object per line.
void say(const std::string& line) {
  std::lock_guard<std::mutex> guard{output_mutex};
  if (output_format == log_format::json)
    std::cout << json_log_line(std::chrono::system_clock::now(), "info",
                               log_source::of_command("launch"), line)
              << std::endl;
  else
    std::cout << line << std::endl;
}

// A node's line, relayed as it is.
void print(const std::string& line) {
  std::lock_guard<std::mutex> guard{output_mutex};
  std::cout << line << std::endl;
}

std::vector<std::string> node_argv(const manifest& m, node_id id, const command_line& cl) {
  std::vector<std::string> argv{"/proc/self/exe", "node", "--manifest",
                                std::filesystem::absolute(m.path).string(), "--id",
                                std::to_string(id.value())};
  for (const std::string option : {"log-level", "log-format"})
    if (auto value = cl.get(option)) {
      argv.push_back("--" + option);
      argv.push_back(*value);
    }
  return argv;
}

// In console mode each node logs to node.log in its data dir.
result<std::vector<child_process>> spawn_nodes(const manifest& m, const std::vector<node_id>& ids,
                                               const command_line& cl, bool to_files) {
  // /proc/self/exe must be read before fork, by the launcher itself.
  auto exe = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<child_process> children;
  for (auto id : ids) {
    auto argv = node_argv(m, id, cl);
    argv[0] = exe;
    std::string log_file;
    if (to_files) {
      std::error_code ec;
      std::filesystem::create_directories(m.find(id)->data_dir, ec);
      log_file = m.find(id)->data_dir + "/node.log";
    }
    auto child = spawn_child(id, argv, log_file);
    if (!child)
      return child.error();
    say("started node " + std::to_string(id.value()) + " (pid " + std::to_string(child->pid) +
        ")" + (to_files ? ", logging to " + log_file : ""));
    children.push_back(std::move(*child));
  }
  return children;
}

void announce_when_connected(const manifest& m, const std::vector<node_id>& ids,
                             const std::atomic<bool>& cancel, std::atomic<bool>& connected) {
  std::vector<std::string> problems;
  auto tls = tool_tls(&m, problems);
  if (!problems.empty())
    return; // the nodes report their own files
  strom_config cfg{tls};
  caf::actor_system sys{cfg};
  if (wait_until_connected(sys, m, ids, cancel, connect_announce_deadline_ms))
    say("all " + std::to_string(m.nodes.size()) + " nodes of cluster '" + m.cluster_name +
        "' are connected");
  connected = true;
}

// The console opens once the cluster formed (or gave up), not before.
void console_after(const manifest& m, const std::atomic<bool>& connected) {
  while (!connected)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  run_console_with_manifest(m);
}

int supervise(const manifest& m, const std::vector<node_id>& ids, const command_line& cl) {
  bool console = cl.has("console");
  sigset_t signals = block_shutdown_signals();
  sigaddset(&signals, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
  auto children = spawn_nodes(m, ids, cl, console);
  if (!children) {
    std::cerr << "strom launch: " << children.error().describe() << "\n";
    return exit_code::failure;
  }
  supervisor_options options{!console, console, std::chrono::seconds{10}, output_format};
  node_supervisor supervisor{std::move(*children), options, say, print};
  std::atomic<bool> cancel{false};
  std::atomic<bool> connected{false};
  std::thread watcher{[&] { announce_when_connected(m, ids, cancel, connected); }};
  std::atomic<bool> console_done{false};
  std::thread console_thread;
  if (console)
    console_thread = std::thread{[&] {
      console_after(m, connected);
      console_done = true;
      supervisor.request_stop();
    }};
  auto status = supervisor.run(signal_fd);
  cancel = true;
  watcher.join();
  if (console_thread.joinable()) {
    if (!console_done && ::isatty(STDIN_FILENO))
      say("every node has stopped; press Enter to leave the console");
    console_thread.join();
  }
  close(signal_fd);
  return status;
}

} // namespace

int run_launch(const args_list& args) {
  auto cl = parse_command_line(args, launch_options);
  auto logs = setup_logging(cl, log_source::of_command("launch"));
  if (!logs)
    return usage(logs.error().message);
  output_format = logs->format;
  if (!cl.error.empty())
    return usage(cl.error);
  if (cl.has("help"))
    return usage("");
  if (cl.positional.size() != 1)
    return usage("give exactly one manifest");
  auto m = load_manifest_or_report(cl.positional[0]);
  if (!m)
    return exit_code::invalid_manifest;
  std::vector<node_id> local;
  for (const auto& n : m->nodes)
    if (is_local_host(n.host))
      local.push_back(n.id);
  if (local.empty()) {
    std::cerr << "strom launch: no node of " << m->path << " is on this host\n";
    return exit_code::failure;
  }
  return supervise(*m, local, cl);
}

} // namespace strom
