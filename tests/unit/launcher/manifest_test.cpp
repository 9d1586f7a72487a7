// The manifest is the operator's first contact with strom: every mistake must
// be named by file, line and field, and nothing may start on a bad file.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "launcher/manifest.hpp"

namespace strom {
namespace {

const char* valid_manifest = R"(cluster: test-cluster
nodes:
  - id: 1
    host: 127.0.0.1
    port: 9301
    data_dir: /tmp/strom/node-1
    controller: true
  - id: 2
    host: 127.0.0.1
    port: 9302
    data_dir: data/node-2
    controller: true
    http_port: 8082
  - id: 3
    host: 127.0.0.1
    port: 9303
    data_dir: /tmp/strom/node-3
defaults:
  partitions: 6
  replication_factor: 3
  fsync: interval
  fsync_interval_ms: 25
  retention:
    bytes: 1048576
    ms: 3600000
)";

// Replaces the first occurrence of `from` in the valid manifest by `to`.
std::string valid_with(const std::string& from, const std::string& to) {
  std::string text = valid_manifest;
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture lacks: " << from;
  return text.replace(at, from.size(), to);
}

// Parses `text` and expects it rejected with one error at `line` on `field`.
void expect_rejected(const std::string& text, const std::string& field, int line,
                     const std::string& message_part = "") {
  auto outcome = parse_manifest_text(text, "bad.yaml");
  ASSERT_FALSE(outcome) << "a manifest with a bad " << field << " was accepted";
  ASSERT_FALSE(outcome.errors.empty());
  bool found = false;
  std::string seen;
  for (const auto& e : outcome.errors) {
    seen += e.to_string() + "\n";
    if (e.field == field && e.line == line && e.file == "bad.yaml" &&
        e.message.find(message_part) != std::string::npos)
      found = true;
  }
  EXPECT_TRUE(found) << "expected an error on " << field << " at line " << line
                     << " mentioning '" << message_part << "', saw:\n" << seen;
}

TEST(manifest, a_valid_file_gives_every_field) {
  auto outcome = parse_manifest_text(valid_manifest, "/etc/strom/cluster.yaml");
  ASSERT_TRUE(outcome) << outcome.errors.front().to_string();
  const auto& m = *outcome.value;
  EXPECT_EQ(m.cluster_name, "test-cluster");
  ASSERT_EQ(m.nodes.size(), 3u);
  EXPECT_EQ(m.nodes[0].id, node_id{1});
  EXPECT_EQ(m.nodes[0].host, "127.0.0.1");
  EXPECT_EQ(m.nodes[0].port, 9301);
  EXPECT_TRUE(m.nodes[0].controller);
  EXPECT_FALSE(m.nodes[2].controller);
  EXPECT_EQ(m.nodes[1].http_port, std::optional<uint16_t>{8082});
  EXPECT_FALSE(m.nodes[0].http_port.has_value());
  EXPECT_EQ(m.defaults.partitions, 6);
  EXPECT_EQ(m.defaults.replication_factor, 3);
  EXPECT_EQ(m.defaults.fsync, fsync_policy::interval);
  EXPECT_EQ(m.defaults.fsync_interval_ms, 25);
  EXPECT_EQ(m.defaults.retention_bytes, 1048576);
  EXPECT_EQ(m.defaults.retention_ms, 3600000);
  ASSERT_NE(m.find(node_id{3}), nullptr);
  EXPECT_EQ(m.find(node_id{3})->port, 9303);
  EXPECT_EQ(m.find(node_id{4}), nullptr);
}

TEST(manifest, a_relative_data_dir_is_anchored_at_the_manifest_folder) {
  auto outcome = parse_manifest_text(valid_manifest, "/etc/strom/cluster.yaml");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome.value->nodes[1].data_dir, "/etc/strom/data/node-2");
  EXPECT_EQ(outcome.value->nodes[0].data_dir, "/tmp/strom/node-1");
}

TEST(manifest, defaults_apply_when_the_section_is_absent) {
  auto text = std::string{valid_manifest};
  text = text.substr(0, text.find("defaults:"));
  auto outcome = parse_manifest_text(text, "x.yaml");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome.value->defaults.fsync, fsync_policy::always);
  EXPECT_EQ(outcome.value->defaults.partitions, 1);
  EXPECT_EQ(outcome.value->defaults.retention_bytes, -1);
}

TEST(manifest, topic_auto_creation_is_off_unless_the_defaults_turn_it_on) {
  auto off = parse_manifest_text(valid_manifest, "x.yaml");
  ASSERT_TRUE(off);
  EXPECT_FALSE(off.value->defaults.auto_create_topics);
  auto text = valid_with("fsync: interval", "fsync: interval\n  auto_create_topics: true");
  auto on = parse_manifest_text(text, "x.yaml");
  ASSERT_TRUE(on);
  EXPECT_TRUE(on.value->defaults.auto_create_topics);
}

TEST(manifest, the_controller_snapshot_bounds_default_and_can_be_set) {
  auto plain = parse_manifest_text(valid_manifest, "x.yaml");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain.value->defaults.controller_snapshot_entries, 10000);
  EXPECT_EQ(plain.value->defaults.controller_snapshot_bytes, 4 << 20);
  auto text = valid_with("fsync: interval",
                         "fsync: interval\n  controller_snapshot: {entries: 50, bytes: 4096}");
  auto set = parse_manifest_text(text, "x.yaml");
  ASSERT_TRUE(set);
  EXPECT_EQ(set.value->defaults.controller_snapshot_entries, 50);
  EXPECT_EQ(set.value->defaults.controller_snapshot_bytes, 4096);
}

TEST(manifest_rejects, a_controller_snapshot_bound_below_one_or_unknown) {
  expect_rejected(valid_with("fsync: interval",
                             "fsync: interval\n  controller_snapshot: {entries: 0}"),
                  "defaults.controller_snapshot.entries", 22, "");
  expect_rejected(valid_with("fsync: interval",
                             "fsync: interval\n  controller_snapshot: {every: 5}"),
                  "defaults.controller_snapshot.every", 22, "");
}

TEST(manifest, compaction_bandwidth_defaults_to_32_mib_and_can_be_set) {
  auto plain = parse_manifest_text(valid_manifest, "x.yaml");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain.value->defaults.compaction_bytes_per_s, int64_t{32} << 20);
  auto set = parse_manifest_text(
    valid_with("fsync: interval", "fsync: interval\n  compaction_bytes_per_s: 1048576"), "x.yaml");
  ASSERT_TRUE(set);
  EXPECT_EQ(set.value->defaults.compaction_bytes_per_s, 1 << 20);
  expect_rejected(valid_with("fsync: interval", "fsync: interval\n  compaction_bytes_per_s: 0"),
                  "defaults.compaction_bytes_per_s", 22, "");
}

TEST(manifest_rejects, an_auto_create_topics_that_is_not_boolean) {
  expect_rejected(valid_with("fsync: interval", "fsync: interval\n  auto_create_topics: often"),
                  "defaults.auto_create_topics", 22, "true or false");
}

TEST(manifest, the_shipped_manifests_are_valid) {
  for (auto file :
       {"deploy/local.yaml", "deploy/local-secure.yaml", "deploy/three-hosts.yaml"}) {
    auto outcome = parse_manifest_file(std::string{STROM_SOURCE_DIR} + "/" + file);
    EXPECT_TRUE(outcome) << file << ": "
                         << (outcome.errors.empty() ? "" : outcome.errors[0].to_string());
  }
}

TEST(manifest_rejects, a_missing_file_naming_it) {
  auto outcome = parse_manifest_file("/nonexistent/strom.yaml");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.errors.at(0).file, "/nonexistent/strom.yaml");
  EXPECT_NE(outcome.errors.at(0).message.find("cannot read"), std::string::npos);
}

TEST(manifest_rejects, text_that_is_not_yaml) {
  expect_rejected("cluster: a\nnodes: [ {id: 1\n", "", 3, "not valid YAML");
}

TEST(manifest_rejects, a_file_that_is_not_a_mapping) {
  expect_rejected("- 1\n- 2\n", "", 1, "expected a mapping");
}

// Found by tests/fuzz/manifest: the replication check subscripted defaults
// that were a scalar, and yaml-cpp threw.
TEST(manifest_rejects, defaults_that_are_not_a_mapping_with_no_nodes) {
  expect_rejected("cluster: x\nnodes: []\ndefaults: 3\n", "defaults", 3);
}

TEST(manifest_rejects, nodes_that_are_not_mappings) {
  expect_rejected("cluster: x\nnodes: [1, 2]\n", "nodes[1]", 2);
}

TEST(manifest_rejects, a_missing_cluster_name) {
  expect_rejected(valid_with("cluster: test-cluster\n", ""), "cluster", 1, "missing");
}

TEST(manifest_rejects, a_cluster_name_with_spaces) {
  expect_rejected(valid_with("test-cluster", "\"my cluster\""), "cluster", 1, "letters");
}

TEST(manifest_rejects, a_missing_node_list) {
  expect_rejected("cluster: x\n", "nodes", 1, "missing");
}

TEST(manifest_rejects, an_empty_node_list) {
  expect_rejected("cluster: x\nnodes: []\n", "nodes", 2, "non-empty");
}

TEST(manifest_rejects, a_port_that_is_not_a_number) {
  expect_rejected(valid_with("port: 9302", "port: http"), "nodes[1].port", 10, "integer");
}

TEST(manifest_rejects, a_port_out_of_range) {
  expect_rejected(valid_with("port: 9303", "port: 70000"), "nodes[2].port", 16, "between 1 and 65535");
}

TEST(manifest_rejects, a_node_without_host) {
  expect_rejected(valid_with("    host: 127.0.0.1\n    port: 9302", "    port: 9302"),
                  "nodes[1].host", 8, "missing");
}

TEST(manifest_rejects, a_node_without_data_dir) {
  expect_rejected(valid_with("    data_dir: /tmp/strom/node-3\n", ""), "nodes[2].data_dir", 14,
                  "missing");
}

TEST(manifest_rejects, a_duplicate_node_id) {
  expect_rejected(valid_with("id: 3", "id: 1"), "nodes[2].id", 14, "duplicate node id 1");
}

TEST(manifest_rejects, a_negative_node_id) {
  expect_rejected(valid_with("id: 2", "id: -2"), "nodes[1].id", 8, "between 0");
}

TEST(manifest_rejects, a_duplicate_address) {
  expect_rejected(valid_with("port: 9303", "port: 9301"), "nodes[2].port", 16,
                  "duplicate address 127.0.0.1:9301");
}

TEST(manifest, reads_a_kafka_port) {
  auto outcome = parse_manifest_text(valid_with("http_port: 8082", "kafka_port: 9092"), "m.yaml");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome.value->nodes[1].kafka_port, std::optional<uint16_t>{9092});
  EXPECT_FALSE(outcome.value->nodes[0].kafka_port.has_value());
}

TEST(manifest, reads_a_client_port) {
  auto outcome = parse_manifest_text(valid_with("http_port: 8082", "client_port: 9700"), "m.yaml");
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome.value->nodes[1].client_port, std::optional<uint16_t>{9700});
  EXPECT_FALSE(outcome.value->nodes[0].client_port.has_value());
  expect_rejected(valid_with("http_port: 8082", "client_port: 9301"), "nodes[1].client_port", 13,
                  "duplicate address 127.0.0.1:9301 (also nodes[0].port)");
}

TEST(manifest_rejects, a_door_on_a_port_another_listener_of_its_host_has) {
  expect_rejected(valid_with("http_port: 8082", "http_port: 8082\n    kafka_port: 8082"),
                  "nodes[1].kafka_port", 14,
                  "duplicate address 127.0.0.1:8082 (also nodes[1].http_port)");
  expect_rejected(valid_with("http_port: 8082", "kafka_port: 9301"), "nodes[1].kafka_port", 13,
                  "duplicate address 127.0.0.1:9301 (also nodes[0].port)");
}

TEST(manifest_rejects, two_nodes_on_one_host_sharing_a_data_dir) {
  expect_rejected(valid_with("/tmp/strom/node-3", "/tmp/strom/node-1"), "nodes[2].data_dir", 17,
                  "already uses");
}

TEST(manifest_rejects, a_controller_flag_that_is_not_boolean) {
  expect_rejected(valid_with("controller: true\n  - id: 2", "controller: maybe\n  - id: 2"),
                  "nodes[0].controller", 7, "true or false");
}

TEST(manifest_rejects, a_cluster_without_controller) {
  auto text = valid_with("    controller: true\n", "");
  auto at = text.find("    controller: true\n");
  text.replace(at, std::string{"    controller: true\n"}.size(), "");
  expect_rejected(text, "nodes", 3, "controller");
}

TEST(manifest_rejects, an_unknown_fsync_policy) {
  expect_rejected(valid_with("fsync: interval", "fsync: sometimes"), "defaults.fsync", 21,
                  "always, interval or never");
}

TEST(manifest_rejects, a_replication_factor_above_the_node_count) {
  expect_rejected(valid_with("replication_factor: 3", "replication_factor: 5"),
                  "defaults.replication_factor", 20, "only 3 nodes");
}

TEST(manifest_rejects, zero_partitions) {
  expect_rejected(valid_with("partitions: 6", "partitions: 0"), "defaults.partitions", 19,
                  "between 1");
}

TEST(manifest_rejects, a_negative_retention) {
  expect_rejected(valid_with("bytes: 1048576", "bytes: -7"), "defaults.retention.bytes", 24,
                  "between -1");
}

TEST(manifest_rejects, a_map_smaller_than_a_mebibyte) {
  expect_rejected(valid_with("partitions: 6", "partitions: 6\n  map_size_bytes: 4096"),
                  "defaults.map_size_bytes", 20, "between 1048576");
}

TEST(manifest_rejects, a_misspelt_field) {
  expect_rejected(valid_with("data_dir: data/node-2", "datadir: data/node-2"),
                  "nodes[1].datadir", 11, "unknown field");
}

TEST(manifest_rejects, a_node_that_is_not_a_mapping) {
  expect_rejected(valid_with("  - id: 3\n", "  - just-a-string\n  - id: 3\n"), "nodes[2]", 14,
                  "mapping");
}

TEST(manifest_rejects, every_mistake_at_once) {
  auto text = valid_with("port: 9301", "port: x");
  text.replace(text.find("fsync: interval"), 15, "fsync: maybe");
  auto outcome = parse_manifest_text(text, "bad.yaml");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.errors.size(), 2u);
}

} // namespace
} // namespace strom
