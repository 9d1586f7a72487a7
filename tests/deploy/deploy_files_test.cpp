// The files of deploy/ agree with strom and with each other: the manifests
// they carry pass strom's own parser; Kubernetes' pods are the manifest's
// hosts, expose every door it opens and are probed on /readyz and /healthz
// at its http_port; the systemd unit never restarts a node that exits for a
// bad manifest or bad arguments, and writes only where the manifest's data
// dir is.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "launcher/exit_codes.hpp"
#include "launcher/manifest.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

const std::string deploy_dir = STROM_SOURCE_DIR "/deploy/";

YAML::Node kubernetes(const std::string& file) {
  return YAML::LoadFile(deploy_dir + "kubernetes/" + file);
}

std::string errors_of(const manifest_outcome& parsed) {
  std::string out;
  for (const auto& e : parsed.errors)
    out += e.to_string() + "\n";
  return out;
}

class kubernetes_test : public ::testing::Test {
protected:
  void SetUp() override {
    auto text = config_map_["data"]["cluster.yaml"].as<std::string>();
    auto parsed = parse_manifest_text(text, "configmap.yaml:cluster.yaml");
    ASSERT_TRUE(parsed) << errors_of(parsed);
    manifest_ = *parsed.value;
  }
  const YAML::Node& container() const { return container_; }
  // The containerPort of the port named `name`; 0 when there is none.
  int container_port(const std::string& name) const {
    for (const auto& p : container_["ports"])
      if (p["name"].as<std::string>() == name)
        return p["containerPort"].as<int>();
    return 0;
  }

  YAML::Node config_map_ = kubernetes("configmap.yaml");
  YAML::Node service_ = kubernetes("service.yaml");
  YAML::Node stateful_set_ = kubernetes("statefulset.yaml");
  YAML::Node pod_ = stateful_set_["spec"]["template"]["spec"];
  YAML::Node container_ = pod_["containers"][0];
  manifest manifest_;
};

TEST_F(kubernetes_test, each_pod_is_a_node_of_the_manifest_at_its_stable_name) {
  auto set_name = stateful_set_["metadata"]["name"].as<std::string>();
  auto service = service_["metadata"]["name"].as<std::string>();
  EXPECT_EQ(stateful_set_["spec"]["serviceName"].as<std::string>(), service);
  ASSERT_EQ(stateful_set_["spec"]["replicas"].as<size_t>(), manifest_.nodes.size());
  for (const auto& node : manifest_.nodes) // pod strom-N runs node N+1
    EXPECT_EQ(node.host, set_name + "-" + std::to_string(node.id.value() - 1) + "." + service);
  EXPECT_NE(container_["args"][0].as<std::string>().find("--id $(( ${HOSTNAME##*-} + 1 ))"),
            std::string::npos);
  EXPECT_EQ(stateful_set_["spec"]["podManagementPolicy"].as<std::string>(), "Parallel")
    << "pods started one ready pod after another never form a majority";
}

TEST_F(kubernetes_test, the_service_is_headless_and_publishes_pods_before_they_are_ready) {
  EXPECT_EQ(service_["spec"]["clusterIP"].as<std::string>(), "None");
  EXPECT_TRUE(service_["spec"]["publishNotReadyAddresses"].as<bool>());
  EXPECT_EQ(pod_["volumes"][0]["configMap"]["name"].as<std::string>(),
            config_map_["metadata"]["name"].as<std::string>());
}

TEST_F(kubernetes_test, every_port_the_manifest_opens_is_exposed) {
  std::map<int, std::string> service_ports;
  for (const auto& p : service_["spec"]["ports"])
    service_ports[p["port"].as<int>()] = p["name"].as<std::string>();
  for (const auto& node : manifest_.nodes) {
    std::map<std::string, std::optional<uint16_t>> doors{
      {"broker", node.port},        {"http", node.http_port}, {"text", node.text_port},
      {"grpc", node.grpc_port},     {"kafka", node.kafka_port}, {"client", node.client_port}};
    for (const auto& [name, port] : doors) {
      ASSERT_TRUE(port.has_value()) << "node " << node.id.value() << " has no " << name << " port";
      EXPECT_EQ(container_port(name), *port) << name;
      EXPECT_EQ(service_ports[*port], name) << "the Service's port " << *port;
    }
  }
}

// Security on, its files in the Secret the pods mount: readable by the
// node's group, never by others, as a node requires of its keys.
TEST_F(kubernetes_test, security_is_on_with_the_tls_files_of_a_mounted_secret) {
  ASSERT_TRUE(manifest_.security.has_value());
  std::string mount;
  for (const auto& m : container_["volumeMounts"])
    if (m["name"].as<std::string>() == "tls")
      mount = m["mountPath"].as<std::string>();
  ASSERT_FALSE(mount.empty());
  for (const auto& node : manifest_.nodes)
    for (const auto& files : {manifest_.security->client_of(node.id),
                              manifest_.security->peer_of(node.id)})
      for (const auto& path : {files.ca_file, files.cert_file, files.key_file})
        EXPECT_EQ(path.rfind(mount + "/", 0), 0u) << path;
  for (const auto& v : pod_["volumes"]) {
    if (v["name"].as<std::string>() == "tls") {
      EXPECT_EQ(v["secret"]["defaultMode"].as<int>() & 07, 0) << "others may read the keys";
    }
  }
  for (const char* probe : {"readinessProbe", "livenessProbe", "startupProbe"})
    EXPECT_EQ(container_[probe]["httpGet"]["scheme"].as<std::string>(), "HTTPS") << probe;
}

TEST_F(kubernetes_test, probes_ask_the_http_door_for_readiness_and_liveness) {
  EXPECT_EQ(container_["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  for (const char* probe : {"livenessProbe", "startupProbe"})
    EXPECT_EQ(container_[probe]["httpGet"]["path"].as<std::string>(), "/healthz") << probe;
  for (const char* probe : {"readinessProbe", "livenessProbe", "startupProbe"})
    EXPECT_EQ(container_[probe]["httpGet"]["port"].as<std::string>(), "http") << probe;
}

TEST_F(kubernetes_test, the_data_volume_is_the_manifests_data_dir_with_bounded_resources) {
  std::string data_mount;
  for (const auto& m : container_["volumeMounts"])
    if (m["name"].as<std::string>() ==
        stateful_set_["spec"]["volumeClaimTemplates"][0]["metadata"]["name"].as<std::string>())
      data_mount = m["mountPath"].as<std::string>();
  for (const auto& node : manifest_.nodes)
    EXPECT_EQ(node.data_dir, data_mount) << "node " << node.id.value();
  for (const char* bound : {"requests", "limits"})
    for (const char* resource : {"cpu", "memory"})
      EXPECT_TRUE(container_["resources"][bound][resource].IsScalar()) << bound << " " << resource;
}

// The unit's settings, as systemd reads them: KEY=VALUE lines, # comments.
std::map<std::string, std::string> unit_settings() {
  std::istringstream in{read_file(deploy_dir + "systemd/strom@.service.in")};
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (auto eq = line.find('='); eq != std::string::npos && line[0] != '#')
      out[line.substr(0, eq)] = line.substr(eq + 1);
  return out;
}

std::set<std::string> words(const std::string& text) {
  std::istringstream in{text};
  std::set<std::string> out;
  for (std::string w; in >> w;)
    out.insert(w);
  return out;
}

TEST(systemd_unit, a_bad_manifest_tls_files_or_arguments_end_the_restarts) {
  auto unit = unit_settings();
  EXPECT_EQ(unit["Restart"], "on-failure");
  auto final_statuses = words(unit["RestartPreventExitStatus"]);
  for (int status : {exit_code::invalid_manifest, exit_code::tls_unusable, exit_code::usage})
    EXPECT_EQ(final_statuses.count(std::to_string(status)), 1u)
      << "exit status " << status << " restarts: " << unit["RestartPreventExitStatus"];
  EXPECT_EQ(final_statuses.count(std::to_string(exit_code::failure)), 0u);
}

TEST(systemd_unit, the_example_manifest_keeps_its_data_in_the_state_dir) {
  auto unit = unit_settings();
  auto parsed = parse_manifest_file(deploy_dir + "three-hosts.yaml");
  ASSERT_TRUE(parsed) << errors_of(parsed);
  for (const auto& node : parsed.value->nodes)
    EXPECT_EQ(node.data_dir, "/var/lib/" + unit["StateDirectory"]) << "node " << node.id.value();
  EXPECT_TRUE(parsed.value->security.has_value()) << "the example for production is secure";
  EXPECT_EQ(unit["ProtectSystem"], "strict") << "so the state dir is all it writes";
  auto sysusers = read_file(deploy_dir + "systemd/sysusers.conf");
  std::istringstream user_line{sysusers.substr(sysusers.rfind("\nu ") + 1)};
  std::string type, user;
  user_line >> type >> user;
  EXPECT_EQ(user, unit["User"]) << "the user sysusers.conf makes";
}

TEST(systemd_unit, is_hardened) {
  auto unit = unit_settings();
  for (const char* key :
       {"NoNewPrivileges", "PrivateTmp", "PrivateDevices", "ProtectHome", "ProtectKernelTunables",
        "ProtectKernelModules", "ProtectControlGroups", "RestrictNamespaces", "LockPersonality",
        "MemoryDenyWriteExecute"})
    EXPECT_EQ(unit[key], "yes") << key;
  EXPECT_EQ(unit["RestrictAddressFamilies"], "AF_INET AF_INET6 AF_UNIX");
  EXPECT_EQ(unit["SystemCallArchitectures"], "native");
  EXPECT_EQ(unit["SystemCallFilter"], "@system-service");
}

} // namespace
} // namespace strom::testing
