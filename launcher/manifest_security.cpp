#include "launcher/manifest_security.hpp"

#include "launcher/manifest.hpp"

namespace strom {

namespace {

std::string read_path(yaml_fields& f, const YAML::Node& map, const char* key,
                      const std::string& manifest_path) {
  auto value = f.text(map, key, std::string{"security.tls."} + key, true);
  return value ? resolve_manifest_path(manifest_path, *value) : std::string{};
}

void read_tls(yaml_fields& f, const YAML::Node& node, const std::string& manifest_path,
              security_config& out) {
  if (!f.expect_map(node, "security.tls"))
    return;
  f.reject_unknown(node, "security.tls.",
                   {"ca", "cert", "key", "peer_ca", "peer_cert", "peer_key"});
  out.client = {read_path(f, node, "ca", manifest_path), read_path(f, node, "cert", manifest_path),
                read_path(f, node, "key", manifest_path)};
  out.peer = {read_path(f, node, "peer_ca", manifest_path),
              read_path(f, node, "peer_cert", manifest_path),
              read_path(f, node, "peer_key", manifest_path)};
  if (!out.peer.ca_file.empty() && out.peer.ca_file == out.client.ca_file)
    f.fail(node["peer_ca"], "security.tls.peer_ca",
           "must differ from security.tls.ca: whoever holds a certificate of the peer CA "
           "is trusted as a node");
}

std::vector<std::string> read_names(yaml_fields& f, const YAML::Node& node,
                                    const std::string& field) {
  std::vector<std::string> out;
  if (!node.IsSequence()) {
    f.fail(node, field, "must be a list");
    return out;
  }
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty())
      f.fail(item, field, "must list non-empty names");
    else
      out.push_back(item.Scalar());
  }
  return out;
}

void read_door(yaml_fields& f, const std::string& door, const YAML::Node& node,
               security_config& out) {
  auto field = "security.authentication." + door;
  auto known = door_mechanisms().find(door);
  if (known == door_mechanisms().end()) {
    f.fail(node, field, "unknown door (expected client, http, grpc, text or kafka)");
    return;
  }
  auto names = read_names(f, node, field);
  for (const auto& name : names)
    if (!known->second.count(name)) {
      std::string list;
      for (const auto& k : known->second)
        list += (list.empty() ? "" : ", ") + k;
      f.fail(node, field, "unknown mechanism '" + name + "' (this door takes: " + list + ")");
    }
  if (node.IsSequence() && names.empty())
    f.fail(node, field, "must name at least one mechanism");
  out.authentication[door] = std::move(names);
}

} // namespace

security_config read_security(yaml_fields& f, const YAML::Node& node,
                              const std::string& manifest_path) {
  security_config out;
  if (!f.expect_map(node, "security"))
    return out;
  f.reject_unknown(node, "security.", {"tls", "authentication", "authorization", "super_users"});
  if (!node["tls"])
    f.fail(node, "security.tls", "is missing: security needs TLS (the CA, certificate and key)");
  else
    read_tls(f, node["tls"], manifest_path, out);
  if (auto doors = node["authentication"]; doors && f.expect_map(doors, "security.authentication"))
    for (const auto& item : doors)
      read_door(f, item.first.Scalar(), item.second, out);
  out.authorization = f.flag(node, "authorization", "security.authorization").value_or(true);
  if (auto users = node["super_users"])
    out.super_users = read_names(f, users, "security.super_users");
  return out;
}

} // namespace strom
