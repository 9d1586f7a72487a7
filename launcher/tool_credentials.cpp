#include "launcher/tool_credentials.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "net/tls/tls_check.hpp"

namespace strom {

namespace {

std::string variable(const char* name) {
  auto value = std::getenv(name);
  return value ? value : "";
}

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
  if (!any_tls_variable())
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
  if (any_tls_variable() || !m || !m->security)
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

bool environment_tls_or_report(std::optional<tls_files>& out, const std::string& command) {
  std::vector<std::string> problems;
  out = tool_tls_from_environment(problems);
  for (const auto& p : problems)
    std::cerr << "strom " << command << ": " << p << "\n";
  return problems.empty();
}

} // namespace strom
