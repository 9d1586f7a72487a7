#pragma once
// What the security tests share: the strom binary run as a user runs it,
// and a manifest's security section (files where `strom tls init` writes
// them, beside the manifest), with a door's mechanisms if given.

#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace strom::testing {

inline run_result run_strom(const std::vector<std::string>& args,
                            const std::string& input = "") {
  std::vector<std::string> argv{STROM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, input, std::chrono::seconds{30});
}

// `authentication`: lines under `authentication:`, such as "    grpc: [mtls]".
inline std::string security_section(const std::string& authentication = "") {
  std::string out = R"(security:
  tls:
    ca: tls/ca.crt
    cert: tls/node-{id}.crt
    key: tls/node-{id}.key
    peer_ca: tls/peer-ca.crt
    peer_cert: tls/node-{id}.peer.crt
    peer_key: tls/node-{id}.peer.key
  super_users: [admin]
)";
  if (!authentication.empty())
    out += "  authentication:\n" + authentication + "\n";
  return out;
}

} // namespace strom::testing
