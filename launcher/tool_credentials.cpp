#include "launcher/tool_credentials.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "net/tls/tls_check.hpp"

namespace strom {

namespace {

std::string variable(const char* name) {
  auto value = std::getenv(name);
  return value ? value : "";
}

bool user_in_environment() { return !variable("STROM_USER").empty(); }

bool any_tls_variable() {
  return !variable("STROM_TLS_CA").empty() || !variable("STROM_TLS_CERT").empty() ||
         !variable("STROM_TLS_KEY").empty();
}

std::optional<tls_files> checked(tls_files files, const std::string& role,
                                 std::vector<std::string>& problems) {
  auto found = check_tls_files(files, role);
  if (found.empty())
    return files;
  problems.insert(problems.end(), found.begin(), found.end());
  return std::nullopt;
}

} // namespace

std::optional<tls_files> tool_tls_from_environment(std::vector<std::string>& problems) {
  if (!any_tls_variable() || user_in_environment())
    return std::nullopt;
  tls_files files{variable("STROM_TLS_CA"), variable("STROM_TLS_CERT"), variable("STROM_TLS_KEY")};
  for (const auto& [name, value] : {std::pair{"STROM_TLS_CA", files.ca_file},
                                    std::pair{"STROM_TLS_CERT", files.cert_file},
                                    std::pair{"STROM_TLS_KEY", files.key_file}})
    if (value.empty())
      problems.push_back(std::string{name} + " is not set (TLS needs all of STROM_TLS_CA, "
                         "STROM_TLS_CERT and STROM_TLS_KEY)");
  if (!problems.empty())
    return std::nullopt;
  return checked(files, "TLS files of the environment", problems);
}

std::optional<tls_files> tool_tls(const manifest* m, std::vector<std::string>& problems) {
  if (any_tls_variable() || user_in_environment() || !m || !m->security)
    return tool_tls_from_environment(problems);
  for (const auto& node : m->nodes) {
    auto files = m->security->peer_of(node.id);
    if (::access(files.key_file.c_str(), R_OK) == 0)
      return checked(files, "peer TLS of node " + std::to_string(node.id.value()), problems);
  }
  problems.push_back("the cluster of " + m->path + " is TLS, and this user can read no node's "
                     "peer key: set STROM_TLS_CA, STROM_TLS_CERT and STROM_TLS_KEY");
  return std::nullopt;
}

std::optional<door_credentials> tool_door_from_environment(std::vector<std::string>& problems) {
  if (!user_in_environment())
    return std::nullopt;
  door_credentials out;
  out.user = variable("STROM_USER");
  out.password = variable("STROM_PASSWORD");
  out.ca_file = variable("STROM_TLS_CA");
  if (std::getenv("STROM_PASSWORD") == nullptr)
    problems.push_back("STROM_USER is set, STROM_PASSWORD is not");
  if (out.ca_file.empty())
    problems.push_back("STROM_USER needs STROM_TLS_CA, the CA of the nodes' client doors");
  auto mechanism = variable("STROM_SCRAM_MECHANISM");
  for (auto& c : mechanism)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!mechanism.empty() && mechanism != "scram-sha-256" && mechanism != "scram-sha-512")
    problems.push_back("STROM_SCRAM_MECHANISM must be SCRAM-SHA-256 or SCRAM-SHA-512");
  else if (!mechanism.empty())
    out.mechanism = mechanism;
  if (!problems.empty())
    return std::nullopt;
  return out;
}

std::vector<endpoint> tool_endpoints(const manifest& m,
                                     const std::optional<door_credentials>& door,
                                     std::vector<std::string>& problems) {
  std::vector<endpoint> out;
  for (const auto& n : m.nodes) {
    if (!door)
      out.push_back({n.host, n.port});
    else if (n.client_port)
      out.push_back({n.host, *n.client_port});
  }
  if (door && out.empty())
    problems.push_back("no node of " + m.path + " has a client_port, the door STROM_USER "
                       "comes in through");
  return out;
}

bool environment_tls_or_report(std::optional<tls_files>& tls,
                               std::optional<door_credentials>& door,
                               const std::string& command) {
  std::vector<std::string> problems;
  tls = tool_tls_from_environment(problems);
  door = tool_door_from_environment(problems);
  for (const auto& p : problems)
    std::cerr << "strom " << command << ": " << p << "\n";
  return problems.empty();
}

} // namespace strom
