// strom tls init MANIFEST: a development CA for clients, another for the
// links between nodes, and each node's certificates, written where the
// manifest's `security.tls` says; then an `admin` client certificate beside
// the client CA. CAs that exist are reused (a node added later gets its
// files from the same CA); certificates that exist are kept unless --force.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"
#include "launcher/command_line.hpp"
#include "net/tls/cert_authority.hpp"
#include "net/tls/tls_check.hpp"

namespace strom {

namespace {

constexpr int64_t days_default = 825;
constexpr int64_t days_max = 36500;
constexpr mode_t key_mode = 0600;
constexpr mode_t cert_mode = 0644;

const std::vector<option_spec> tls_options = with_logging_options({
  {"days", '\0', true, "how long the certificates are valid, in days (825)"},
  {"force", 'f', false, "issue node and admin certificates again even where they exist"},
  {"help", 'h', false, "show this help"},
});

const char* section_example = R"(security:
  tls:
    ca: tls/ca.crt                  # clients trust it; it signs client certificates
    cert: tls/node-{id}.crt         # what each node's doors present
    key: tls/node-{id}.key
    peer_ca: tls/peer-ca.crt        # only nodes: a node's port trusts this CA alone
    peer_cert: tls/node-{id}.peer.crt
    peer_key: tls/node-{id}.peer.key
  super_users: [admin]
)";

int usage(const std::string& problem) {
  return report_usage("tls", problem, "init MANIFEST", tls_options);
}

struct tls_init {
  const manifest& m;
  int days = 0;
  bool force = false;
  bool failed = false;
};

std::string key_beside(const std::string& cert_file) {
  return std::filesystem::path{cert_file}.replace_extension(".key").string();
}

// The key is created with its final mode: never readable by others, even
// for a moment.
bool write_file(const std::string& path, const std::string& text, mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  bool ok = fd >= 0 && ::fchmod(fd, mode) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (!ok)
    std::cerr << "strom tls: cannot write " << path << ": " << std::strerror(errno) << "\n";
  if (fd >= 0)
    ::close(fd);
  return ok;
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

std::optional<cert_authority> open_ca(tls_init& run, const std::string& cert_file,
                                      const std::string& name) {
  auto key_file = key_beside(cert_file);
  if (exists(cert_file) && exists(key_file)) {
    auto ca = cert_authority::load(read_pem_text(cert_file), read_pem_text(key_file));
    if (!ca) {
      std::cerr << "strom tls: " << cert_file << ": " << ca.error().message << "\n";
      return std::nullopt;
    }
    std::cout << "kept    " << cert_file << " (the " << name << ")\n";
    return std::move(*ca);
  }
  auto ca = cert_authority::create("strom " + run.m.cluster_name + " " + name, run.days);
  if (!ca) {
    std::cerr << "strom tls: " << ca.error().message << "\n";
    return std::nullopt;
  }
  auto pem = ca->pem();
  if (!write_file(key_file, pem.key, key_mode) || !write_file(cert_file, pem.cert, cert_mode))
    return std::nullopt;
  std::cout << "wrote   " << cert_file << " and " << key_file << " (the " << name << ")\n";
  return std::move(*ca);
}

void issue(tls_init& run, const cert_authority& ca, const cert_request& request,
           const tls_files& into) {
  if (!run.force && exists(into.cert_file) && exists(into.key_file)) {
    std::cout << "kept    " << into.cert_file << "\n";
    return;
  }
  auto pem = ca.issue(request);
  if (!pem) {
    std::cerr << "strom tls: " << pem.error().message << "\n";
    run.failed = true;
    return;
  }
  if (!write_file(into.key_file, pem->key, key_mode) ||
      !write_file(into.cert_file, pem->cert, cert_mode)) {
    run.failed = true;
    return;
  }
  std::cout << "wrote   " << into.cert_file << " and " << into.key_file << "\n";
}

// The names a node is reached by: its host, and loopback's names when it is
// this machine's loopback (a local cluster's clients say localhost).
std::vector<std::string> names_of(const node_spec& node) {
  std::vector<std::string> out{node.host};
  if (node.host == "127.0.0.1" || node.host == "localhost" || node.host == "::1")
    for (const char* name : {"127.0.0.1", "localhost", "::1"})
      if (node.host != name)
        out.push_back(name);
  return out;
}

int init(tls_init& run) {
  const auto& sec = *run.m.security;
  auto client_ca = open_ca(run, sec.client.ca_file, "CA");
  auto peer_ca = open_ca(run, sec.peer.ca_file, "peer CA");
  if (!client_ca || !peer_ca)
    return exit_code::failure;
  for (const auto& node : run.m.nodes) {
    auto name = "node-" + std::to_string(node.id.value());
    cert_request request{name, names_of(node), true, run.days};
    issue(run, *client_ca, request, sec.client_of(node.id));
    issue(run, *peer_ca, request, sec.peer_of(node.id));
  }
  auto dir = std::filesystem::path{sec.client.ca_file}.parent_path();
  issue(run, *client_ca, cert_request{"admin", {}, false, run.days},
        tls_files{sec.client.ca_file, (dir / "admin.crt").string(), (dir / "admin.key").string()});
  return run.failed ? exit_code::failure : exit_code::ok;
}

} // namespace

int run_tls(const args_list& args) {
  auto cl = parse_command_line(args, tls_options);
  if (auto logs = setup_logging(cl, log_source::of_command("tls")); !logs)
    return usage(logs.error().message);
  if (!cl.error.empty())
    return usage(cl.error);
  if (cl.has("help"))
    return usage("");
  if (cl.positional.size() != 2 || cl.positional[0] != "init")
    return usage("expected: strom tls init MANIFEST");
  auto days = parse_integer(cl.get("days").value_or(std::to_string(days_default)));
  if (!days || *days < 1 || *days > days_max)
    return usage("--days must be a number of days from 1 to " + std::to_string(days_max));
  auto m = load_manifest_or_report(cl.positional[1]);
  if (!m)
    return exit_code::invalid_manifest;
  if (!m->security) {
    std::cerr << "strom tls: " << m->path << " has no security section; add one such as\n\n"
              << section_example << "\n(paths are relative to the manifest's folder), "
              << "then run this again.\n";
    return exit_code::invalid_manifest;
  }
  tls_init run{*m, static_cast<int>(*days), cl.has("force")};
  return init(run);
}

} // namespace strom
