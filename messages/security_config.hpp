#pragma once
// The manifest's `security` section as plain values: which TLS files a node
// and its doors use, which authentication mechanisms each door takes,
// whether ACLs are enforced, and who is above them. Absent: everything is
// plaintext and open, as Kafka's and Redpanda's defaults are.
//
// Two trust domains, because CAF's OpenSSL module cannot tell a TLS peer's
// certificate to the actors: a connection on a node's CAF port is trusted
// as a node when its certificate comes from the peer CA, so no client
// credential may come from that CA. Clients (and the doors' server
// certificates) use the other one.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "messages/types.hpp"

namespace strom {

// PEM files: the CA certificates trusted, this end's certificate chain and
// its private key (unencrypted, readable by its owner alone).
struct tls_files {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

// A path of the manifest may hold `{id}`, replaced with each node's id:
// one manifest names every node's files.
inline std::string expand_node_path(const std::string& path, node_id id) {
  static const std::string marker = "{id}";
  auto out = path;
  for (auto at = out.find(marker); at != std::string::npos; at = out.find(marker, at))
    out.replace(at, marker.size(), std::to_string(id.value()));
  return out;
}

// The front doors, by the names the manifest uses for them.
inline const std::vector<std::string>& door_names() {
  static const std::vector<std::string> names{"client", "http", "grpc", "text", "kafka"};
  return names;
}

// What each door may accept, by the manifest's names for the mechanisms.
inline const std::map<std::string, std::set<std::string>>& door_mechanisms() {
  static const std::map<std::string, std::set<std::string>> known{
    {"client", {"mtls", "scram-sha-256", "scram-sha-512"}},
    {"http", {"mtls", "basic"}},
    {"grpc", {"mtls", "basic"}},
    {"text", {"mtls", "password"}},
    {"kafka", {"mtls", "plain", "scram-sha-256", "scram-sha-512"}},
  };
  return known;
}

struct security_config {
  // Between nodes (CAF remoting), paths with `{id}`.
  tls_files peer;
  // What the doors present and the CA whose client certificates they accept.
  tls_files client;
  // Door name -> the mechanisms it takes; a door not named takes mtls alone.
  std::map<std::string, std::vector<std::string>> authentication;

  std::vector<std::string> mechanisms_of(const std::string& door) const {
    auto it = authentication.find(door);
    return it == authentication.end() ? std::vector<std::string>{"mtls"} : it->second;
  }
  bool authorization = true;
  std::vector<std::string> super_users;

  tls_files peer_of(node_id id) const {
    return {expand_node_path(peer.ca_file, id), expand_node_path(peer.cert_file, id),
            expand_node_path(peer.key_file, id)};
  }
  tls_files client_of(node_id id) const {
    return {expand_node_path(client.ca_file, id), expand_node_path(client.cert_file, id),
            expand_node_path(client.key_file, id)};
  }
};

} // namespace strom
