#pragma once
// The TLS files a tool (the console, `strom topic`, bench, launch) dials
// nodes with, when the cluster's links are TLS:
//  - STROM_TLS_CA, STROM_TLS_CERT and STROM_TLS_KEY, when set;
//  - else, for a manifest that turns security on, the peer files of one of
//    its nodes whose key this user can read: an operator on a node's host.
// A node's CAF port trusts only the peer CA (messages/security_config.hpp),
// so these are a node's credentials; a tool elsewhere is given them by
// the environment.
// Or a user's: STROM_USER and STROM_PASSWORD (SCRAM; STROM_SCRAM_MECHANISM
// SCRAM-SHA-256, the default, or SCRAM-SHA-512) with STROM_TLS_CA, the CA of
// the nodes' client-facing certificates. The tool then goes through the
// nodes' client doors (client_port), authorized as that user.

#include <optional>
#include <string>
#include <vector>

#include "launcher/manifest.hpp"
#include "messages/security_config.hpp"
#include "net/client/door_credentials.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

// Nothing for plaintext; each problem (a missing variable, an unusable
// file) appended to `problems`.
std::optional<tls_files> tool_tls(const manifest* m, std::vector<std::string>& problems);

// The same for a tool without a manifest (given --bootstrap).
std::optional<tls_files> tool_tls_from_environment(std::vector<std::string>& problems);

// A user's credentials from the environment, when STROM_USER is set.
std::optional<door_credentials> tool_door_from_environment(std::vector<std::string>& problems);

// Where a tool reaches the nodes of `m`: their CAF ports, or with a user's
// credentials their client doors (a node without one is a problem).
std::vector<endpoint> tool_endpoints(const manifest& m,
                                     const std::optional<door_credentials>& door,
                                     std::vector<std::string>& problems);

// For the benchmarks: the environment's files (or user) into `tls` and
// `door`; false, with each problem on stderr after `command`, when they
// cannot be used.
bool environment_tls_or_report(std::optional<tls_files>& tls,
                               std::optional<door_credentials>& door, const std::string& command);

} // namespace strom
