#include "launcher/manifest.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <climits>

#include "launcher/manifest_security.hpp"
#include "launcher/yaml_fields.hpp"

namespace strom {

namespace {

constexpr int64_t node_id_max = 1'000'000;
constexpr int64_t port_max = 65535;
constexpr int64_t partitions_max = 100'000;
constexpr int64_t fsync_interval_ms_max = 60'000;
constexpr int64_t map_size_bytes_min = int64_t{1} << 20;

std::optional<uint16_t> read_port(yaml_fields& f, const YAML::Node& map, const char* key,
                                  const std::string& field, bool required) {
  if (auto v = f.integer(map, key, field, 1, port_max, required))
    return static_cast<uint16_t>(*v);
  return std::nullopt;
}

node_spec read_node(yaml_fields& f, const YAML::Node& node, size_t i, const std::string& path) {
  auto prefix = "nodes[" + std::to_string(i) + "].";
  node_spec spec;
  if (!f.expect_map(node, "nodes[" + std::to_string(i) + "]"))
    return spec;
  f.reject_unknown(node, prefix,
                   {"id", "host", "port", "data_dir", "controller", "http_port", "grpc_port",
                    "text_port", "kafka_port", "client_port"});
  spec.id = node_id{static_cast<int32_t>(
    f.integer(node, "id", prefix + "id", 0, node_id_max, true).value_or(-1))};
  spec.host = f.text(node, "host", prefix + "host", true).value_or("");
  spec.port = read_port(f, node, "port", prefix + "port", true).value_or(0);
  if (auto dir = f.text(node, "data_dir", prefix + "data_dir", true))
    spec.data_dir = resolve_manifest_path(path, *dir);
  spec.controller = f.flag(node, "controller", prefix + "controller").value_or(false);
  spec.http_port = read_port(f, node, "http_port", prefix + "http_port", false);
  spec.grpc_port = read_port(f, node, "grpc_port", prefix + "grpc_port", false);
  spec.text_port = read_port(f, node, "text_port", prefix + "text_port", false);
  spec.kafka_port = read_port(f, node, "kafka_port", prefix + "kafka_port", false);
  spec.client_port = read_port(f, node, "client_port", prefix + "client_port", false);
  return spec;
}

std::optional<fsync_policy> parse_fsync(const std::string& s) {
  if (s == "always")
    return fsync_policy::always;
  if (s == "interval")
    return fsync_policy::interval;
  if (s == "never")
    return fsync_policy::never;
  return std::nullopt;
}

void read_retention(yaml_fields& f, const YAML::Node& node, cluster_defaults& d) {
  if (!f.expect_map(node, "defaults.retention"))
    return;
  f.reject_unknown(node, "defaults.retention.", {"bytes", "ms"});
  d.retention_bytes =
    f.integer(node, "bytes", "defaults.retention.bytes", -1, INT64_MAX, false)
      .value_or(d.retention_bytes);
  d.retention_ms = f.integer(node, "ms", "defaults.retention.ms", -1, INT64_MAX, false)
                     .value_or(d.retention_ms);
}

void read_controller_snapshot(yaml_fields& f, const YAML::Node& node, cluster_defaults& d) {
  if (!f.expect_map(node, "defaults.controller_snapshot"))
    return;
  f.reject_unknown(node, "defaults.controller_snapshot.", {"entries", "bytes"});
  d.controller_snapshot_entries =
    f.integer(node, "entries", "defaults.controller_snapshot.entries", 1, INT64_MAX, false)
      .value_or(d.controller_snapshot_entries);
  d.controller_snapshot_bytes =
    f.integer(node, "bytes", "defaults.controller_snapshot.bytes", 1, INT64_MAX, false)
      .value_or(d.controller_snapshot_bytes);
}

cluster_defaults read_defaults(yaml_fields& f, const YAML::Node& node) {
  cluster_defaults d;
  if (!f.expect_map(node, "defaults"))
    return d;
  f.reject_unknown(node, "defaults.",
                   {"partitions", "replication_factor", "fsync", "fsync_interval_ms",
                    "retention", "map_size_bytes", "auto_create_topics",
                    "controller_snapshot", "compaction_bytes_per_s"});
  d.partitions = static_cast<int32_t>(
    f.integer(node, "partitions", "defaults.partitions", 1, partitions_max, false)
      .value_or(d.partitions));
  d.replication_factor = static_cast<int32_t>(
    f.integer(node, "replication_factor", "defaults.replication_factor", 1, node_id_max, false)
      .value_or(d.replication_factor));
  if (auto s = f.text(node, "fsync", "defaults.fsync", false)) {
    if (auto p = parse_fsync(*s))
      d.fsync = *p;
    else
      f.fail(node["fsync"], "defaults.fsync",
             "must be always, interval or never, got '" + *s + "'");
  }
  d.fsync_interval_ms = f.integer(node, "fsync_interval_ms", "defaults.fsync_interval_ms", 1,
                                  fsync_interval_ms_max, false)
                          .value_or(d.fsync_interval_ms);
  if (node["retention"])
    read_retention(f, node["retention"], d);
  if (node["controller_snapshot"])
    read_controller_snapshot(f, node["controller_snapshot"], d);
  d.map_size_bytes = static_cast<uint64_t>(
    f.integer(node, "map_size_bytes", "defaults.map_size_bytes", map_size_bytes_min, INT64_MAX,
              false)
      .value_or(static_cast<int64_t>(d.map_size_bytes)));
  d.auto_create_topics =
    f.flag(node, "auto_create_topics", "defaults.auto_create_topics").value_or(false);
  d.compaction_bytes_per_s =
    f.integer(node, "compaction_bytes_per_s", "defaults.compaction_bytes_per_s", 1, INT64_MAX,
              false)
      .value_or(d.compaction_bytes_per_s);
  return d;
}

void check_cluster_name(yaml_fields& f, const YAML::Node& root, const std::string& name) {
  static const std::regex valid{"[A-Za-z0-9][A-Za-z0-9._-]*"};
  if (!name.empty() && !std::regex_match(name, valid))
    f.fail(root["cluster"], "cluster",
           "must start with a letter or digit and hold only letters, digits, '.', '_' and "
           "'-', got '" + name + "'");
}

// Two listeners of one host on one port: the second node would fail to
// start, so the manifest is refused instead, naming both.
void check_ports(yaml_fields& f, const YAML::Node& nodes, const manifest& m) {
  std::map<std::string, std::string> taken; // host:port -> the field that has it
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    if (!nodes[i].IsMap())
      continue;
    const auto& n = m.nodes[i];
    auto prefix = "nodes[" + std::to_string(i) + "].";
    std::pair<const char*, std::optional<uint16_t>> listeners[] = {
      {"port", n.port != 0 ? std::optional<uint16_t>{n.port} : std::nullopt},
      {"http_port", n.http_port}, {"grpc_port", n.grpc_port}, {"text_port", n.text_port},
      {"kafka_port", n.kafka_port}, {"client_port", n.client_port}};
    for (const auto& [key, port] : listeners) {
      if (!port || n.host.empty())
        continue;
      auto address = n.host + ":" + std::to_string(*port);
      auto [it, fresh] = taken.emplace(address, prefix + key);
      if (!fresh)
        f.fail(nodes[i][key], prefix + key, "duplicate address " + address + " (also " +
                                               it->second + ")");
    }
  }
}

// What no single field shows: duplicates, a controller, enough nodes.
void check_whole(yaml_fields& f, const YAML::Node& root, const manifest& m) {
  std::map<int32_t, size_t> ids;
  std::set<std::string> dirs;
  auto nodes = root["nodes"];
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    // A node that is not a mapping was refused already (and has no fields
    // to point at: a subscript of a scalar throws).
    if (!nodes[i].IsMap())
      continue;
    const auto& n = m.nodes[i];
    auto prefix = "nodes[" + std::to_string(i) + "].";
    if (n.id.value() >= 0 && !ids.emplace(n.id.value(), i).second)
      f.fail(nodes[i]["id"], prefix + "id",
             "duplicate node id " + std::to_string(n.id.value()) + " (also nodes[" +
               std::to_string(ids[n.id.value()]) + "])");
    if (!n.data_dir.empty() && !dirs.insert(n.host + "|" + n.data_dir).second)
      f.fail(nodes[i]["data_dir"], prefix + "data_dir",
             "another node on host " + n.host + " already uses " + n.data_dir);
  }
  check_ports(f, nodes, m);
  bool any_controller = false;
  for (const auto& n : m.nodes)
    any_controller = any_controller || n.controller;
  if (!m.nodes.empty() && !any_controller)
    f.fail(nodes, "nodes", "no node is marked controller: true");
  // Defaults that are not a mapping were refused already, and a subscript
  // of a scalar throws.
  auto defaults = root["defaults"];
  if (defaults && defaults.IsMap()
      && m.defaults.replication_factor > static_cast<int32_t>(m.nodes.size()))
    f.fail(defaults["replication_factor"], "defaults.replication_factor",
           "is " + std::to_string(m.defaults.replication_factor) + " but the cluster has only " +
             std::to_string(m.nodes.size()) + " nodes");
}

manifest read_manifest(yaml_fields& f, const YAML::Node& root, const std::string& path) {
  manifest m;
  m.path = path;
  f.reject_unknown(root, "", {"cluster", "nodes", "defaults", "security"});
  m.cluster_name = f.text(root, "cluster", "cluster", true).value_or("");
  check_cluster_name(f, root, m.cluster_name);
  auto nodes = root["nodes"];
  if (!nodes)
    f.fail(root, "nodes", "is missing");
  else if (!nodes.IsSequence() || nodes.size() == 0)
    f.fail(nodes, "nodes", "must be a non-empty list of nodes");
  else
    for (size_t i = 0; i < nodes.size(); ++i)
      m.nodes.push_back(read_node(f, nodes[i], i, path));
  if (root["defaults"])
    m.defaults = read_defaults(f, root["defaults"]);
  if (root["security"])
    m.security = read_security(f, root["security"], path);
  check_whole(f, root, m);
  return m;
}

} // namespace

const char* to_string(fsync_policy policy) {
  switch (policy) {
    case fsync_policy::always: return "always";
    case fsync_policy::interval: return "interval";
    case fsync_policy::never: return "never";
  }
  return "always";
}

const node_spec* manifest::find(node_id id) const {
  for (const auto& n : nodes)
    if (n.id == id)
      return &n;
  return nullptr;
}

std::vector<node_address> manifest::addresses() const {
  std::vector<node_address> out;
  for (const auto& n : nodes)
    out.push_back(n.address());
  return out;
}

std::string manifest_error::to_string() const {
  std::ostringstream out;
  out << file;
  if (line > 0)
    out << ":" << line;
  out << ": ";
  if (!field.empty())
    out << field << ": ";
  out << message;
  return out.str();
}

manifest_outcome parse_manifest_text(const std::string& text, const std::string& path) {
  yaml_fields f{path};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    f.fail_line(e.mark.line + 1, "", "not valid YAML: " + e.msg);
    return {std::nullopt, f.take_errors()};
  }
  if (!root.IsMap()) {
    f.fail_line(1, "", "expected a mapping with cluster, nodes and defaults");
    return {std::nullopt, f.take_errors()};
  }
  auto m = read_manifest(f, root, path);
  if (!f.errors().empty())
    return {std::nullopt, f.take_errors()};
  return {std::move(m), {}};
}

manifest_outcome parse_manifest_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return {std::nullopt, {{path, 0, "", "is a directory, not a manifest file"}}};
  std::ifstream in{path};
  if (!in) {
    return {std::nullopt, {{path, 0, "", "cannot read the manifest: " +
                                           std::string{std::strerror(errno)}}}};
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_manifest_text(buffer.str(), path);
}

std::string resolve_manifest_path(const std::string& manifest_path, const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p{path};
  if (p.is_absolute())
    return p.lexically_normal().string();
  auto base = fs::absolute(fs::path{manifest_path}).parent_path();
  return (base / p).lexically_normal().string();
}

} // namespace strom
