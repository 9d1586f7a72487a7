#pragma once
// Who an application is to a secured cluster, and how it proves it: the
// CA that signed the nodes' client-facing certificates, then a client
// certificate (its common name is the principal) or a user's password for
// SCRAM (the password never leaves the process). With these, the client
// library reaches nodes through their client doors (client_port) instead of
// CAF remoting:
//
//   strom::door_credentials who;
//   who.ca_file = "/etc/strom/tls/ca.crt";
//   who.user = "alice";
//   who.password = read_password();
//   strom::client_runtime runtime{who};
//   strom::producer p{runtime.system(), {{"broker-1", 9701}}};

#include <string>

namespace strom {

struct door_credentials {
  // Empty: plaintext, for a door of a cluster without security.
  std::string ca_file;
  // A client certificate and its key (PEM, unencrypted, readable by its owner).
  std::string cert_file;
  std::string key_file;
  // A user of `strom user create`: SCRAM with its password.
  std::string user;
  std::string password;
  std::string mechanism = "scram-sha-256"; // or scram-sha-512
};

} // namespace strom
