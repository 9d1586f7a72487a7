// The manifest's security section: its files resolved and named per node,
// and every mistake in it named by line and field before anything starts.

#include <gtest/gtest.h>

#include "launcher/manifest.hpp"

namespace strom {
namespace {

const char* base = R"(cluster: test
nodes:
  - {id: 1, host: 127.0.0.1, port: 9301, data_dir: d1, controller: true}
  - {id: 2, host: 127.0.0.1, port: 9302, data_dir: d2, controller: true}
)";

const char* tls_section = R"(security:
  tls:
    ca: tls/ca.crt
    cert: tls/node-{id}.crt
    key: /keys/node-{id}.key
    peer_ca: tls/peer-ca.crt
    peer_cert: tls/node-{id}.peer.crt
    peer_key: tls/node-{id}.peer.key
)";

manifest_outcome parsed(const std::string& security) {
  return parse_manifest_text(std::string{base} + security, "/etc/strom/c.yaml");
}

// Expects one error on `field` at `line` whose message holds `part`.
void expect_error(const std::string& security, const std::string& field, int line,
                  const std::string& part) {
  auto outcome = parsed(security);
  ASSERT_FALSE(outcome) << field << " was accepted";
  std::string seen;
  for (const auto& e : outcome.errors) {
    seen += e.to_string() + "\n";
    if (e.field == field && e.line == line && e.message.find(part) != std::string::npos)
      return;
  }
  ADD_FAILURE() << "expected " << field << " at line " << line << " with '" << part
                << "', saw:\n" << seen;
}

TEST(manifest_security, absent_means_plaintext) {
  auto outcome = parsed("");
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome.value->security.has_value());
}

TEST(manifest_security, files_are_anchored_at_the_manifest_and_named_per_node) {
  auto outcome = parsed(std::string{tls_section} + "  super_users: [admin, ops]\n");
  ASSERT_TRUE(outcome) << outcome.errors.at(0).to_string();
  const auto& sec = *outcome.value->security;
  auto peer = sec.peer_of(node_id{2});
  EXPECT_EQ(peer.ca_file, "/etc/strom/tls/peer-ca.crt");
  EXPECT_EQ(peer.cert_file, "/etc/strom/tls/node-2.peer.crt");
  EXPECT_EQ(peer.key_file, "/etc/strom/tls/node-2.peer.key");
  auto client = sec.client_of(node_id{1});
  EXPECT_EQ(client.cert_file, "/etc/strom/tls/node-1.crt");
  EXPECT_EQ(client.key_file, "/keys/node-1.key");
  EXPECT_TRUE(sec.authorization);
  EXPECT_EQ(sec.super_users, (std::vector<std::string>{"admin", "ops"}));
}

TEST(manifest_security, door_mechanisms_are_read) {
  auto outcome = parsed(std::string{tls_section} +
                        "  authentication:\n    kafka: [scram-sha-512, plain]\n"
                        "  authorization: false\n");
  ASSERT_TRUE(outcome) << outcome.errors.at(0).to_string();
  const auto& sec = *outcome.value->security;
  EXPECT_EQ(sec.authentication.at("kafka"),
            (std::vector<std::string>{"scram-sha-512", "plain"}));
  EXPECT_FALSE(sec.authorization);
}

TEST(manifest_security_rejects, a_section_without_tls) {
  expect_error("security:\n  super_users: [admin]\n", "security.tls", 6, "needs TLS");
}

TEST(manifest_security_rejects, a_missing_tls_file) {
  std::string text = tls_section;
  text.erase(text.find("    peer_key"));
  expect_error(text, "security.tls.peer_key", 7, "is missing");
}

TEST(manifest_security_rejects, one_ca_for_peers_and_clients) {
  std::string text = tls_section;
  text.replace(text.find("tls/peer-ca.crt"), 15, "tls/ca.crt");
  expect_error(text, "security.tls.peer_ca", 10, "trusted as a node");
}

TEST(manifest_security_rejects, an_unknown_door_or_mechanism) {
  expect_error(std::string{tls_section} + "  authentication:\n    smtp: [plain]\n",
               "security.authentication.smtp", 14, "unknown door");
  expect_error(std::string{tls_section} + "  authentication:\n    text: [scram-sha-256]\n",
               "security.authentication.text", 14, "unknown mechanism 'scram-sha-256'");
}

TEST(manifest_security_rejects, an_unknown_field_and_a_non_boolean_authorization) {
  expect_error(std::string{tls_section} + "  acls: on\n", "security.acls", 13, "unknown field");
  expect_error(std::string{tls_section} + "  authorization: sometimes\n",
               "security.authorization", 13, "true or false");
}

TEST(manifest_security, the_id_marker_is_replaced_everywhere) {
  EXPECT_EQ(expand_node_path("/a/{id}/node-{id}.key", node_id{7}), "/a/7/node-7.key");
  EXPECT_EQ(expand_node_path("/a/ca.crt", node_id{7}), "/a/ca.crt");
}

} // namespace
} // namespace strom
