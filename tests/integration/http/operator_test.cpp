// What an operator's tools see of three real nodes: /healthz from the
// start, /readyz 503 with its reasons until the node has joined a majority
// and 200 after, gRPC's grpc.health.v1 saying the same, and /metrics in
// Prometheus's text format counting what was produced, fetched, replicated,
// written and committed, then showing a killed node's partitions as
// under-replicated.

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <regex>
#include <sstream>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/http/support/rest_consumer.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Bounds on waits, never claims about speed.
constexpr auto ready_wait = 60s;
constexpr auto metric_wait = 30s;
// The leader marks a partition under-replicated after 10 s of a lagging
// follower (metrics::follower_lag_time_max_ms); this bounds the wait.
constexpr auto under_replicated_wait = 60s;

std::string shown(const http_reply& r) {
  return std::to_string(r.status) + " " + r.text;
}

// One scrape: each sample line's series ("name{labels}") and value; every
// line checked against the text format as it is read.
struct scrape {
  std::map<std::string, double> samples;
  std::vector<std::string> malformed;

  // The sum of the series of `name` whose labels hold every one of `labels`
  // (each `key="value"`).
  double sum(const std::string& name, const std::vector<std::string>& labels = {}) const {
    double total = 0;
    for (const auto& [series, value] : samples) {
      auto brace = series.find('{');
      if (series.substr(0, brace) != name)
        continue;
      bool all = true;
      for (const auto& l : labels)
        all = all && series.find(l) != std::string::npos;
      total += all ? value : 0;
    }
    return total;
  }
  bool has(const std::string& name) const {
    for (const auto& [series, value] : samples)
      if (series.substr(0, series.find('{')) == name)
        return true;
    return false;
  }
};

scrape parse_scrape(const std::string& text) {
  static const std::regex sample{
    R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) )"
    R"(([-+]?[0-9.eE+-]+|NaN|[+-]Inf)$)"};
  static const std::regex comment{R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)"};
  scrape out;
  std::istringstream lines{text};
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, sample))
      out.samples[m[1]] = std::stod(m[5]);
    else if (!std::regex_match(line, comment))
      out.malformed.push_back(line);
  }
  return out;
}

// grpc.health.v1.Health/Check through a generic stub: the request and the
// answer are two one-field messages, encoded here by hand. The status
// (1 SERVING, 2 NOT_SERVING), or -1 with the call's error.
int health_check(uint16_t port, const std::string& service, grpc::StatusCode* code = nullptr) {
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub{channel};
  std::string request;
  if (!service.empty())
    request = std::string{"\x0a"} + static_cast<char>(service.size()) + service;
  grpc::Slice slice{request};
  grpc::ByteBuffer in{&slice, 1};
  grpc::ByteBuffer reply;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 10s);
  grpc::CompletionQueue queue;
  auto call = stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", in, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&reply, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  if (code != nullptr)
    *code = status.error_code();
  if (!status.ok())
    return -1;
  std::vector<grpc::Slice> slices;
  (void)reply.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes.size() == 2 && bytes[0] == '\x08' ? bytes[1] : 0;
}

class operator_test : public ::testing::Test {
protected:
  void SetUp() override {
    cluster_.open_door_ports(test_cluster::door::http);
    cluster_.open_door_ports(test_cluster::door::grpc);
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_.logs();
  }

  uint16_t http_port(int node) const {
    return cluster_.door_port_of(test_cluster::door::http, node_id{node});
  }
  uint16_t grpc_port(int node) const {
    return cluster_.door_port_of(test_cluster::door::grpc, node_id{node});
  }
  scrape metrics_of(int node) const {
    auto r = http_call(http_port(node), "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << shown(r);
    return parse_scrape(r.text);
  }
  // The sum over every running node of a series.
  double cluster_sum(const std::string& name, const std::vector<std::string>& labels = {}) {
    double total = 0;
    for (int n = 1; n <= 3; ++n)
      if (cluster_.running(node_id{n}))
        total += metrics_of(n).sum(name, labels);
    return total;
  }
  bool ready(int node) const { return http_call(http_port(node), "GET", "/readyz").status == 200; }

  test_cluster cluster_{3, "defaults:\n  replication_factor: 3\n  partitions: 2\n"};
};

TEST_F(operator_test, a_lone_node_is_alive_and_not_ready_until_a_majority_joins) {
  cluster_.start(node_id{1});
  http_reply health;
  ASSERT_TRUE(eventually([&] {
    health = http_call(http_port(1), "GET", "/healthz");
    return health.status == 200;
  }, ready_wait)) << shown(health);
  EXPECT_EQ(health.body["status"], "serving");
  auto readiness = http_call(http_port(1), "GET", "/readyz");
  EXPECT_EQ(readiness.status, 503) << shown(readiness);
  ASSERT_TRUE(readiness.body["reasons"].is_array()) << shown(readiness);
  EXPECT_NE(readiness.text.find("not joined"), std::string::npos) << shown(readiness);
  EXPECT_EQ(health_check(grpc_port(1), ""), 1);
  EXPECT_EQ(health_check(grpc_port(1), "healthz"), 1);
  EXPECT_EQ(health_check(grpc_port(1), "readyz"), 2);
  grpc::StatusCode unknown;
  EXPECT_EQ(health_check(grpc_port(1), "no-such-service", &unknown), -1);
  EXPECT_EQ(unknown, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(http_call(http_port(1), "POST", "/readyz").status, 405);

  cluster_.start(node_id{2});
  cluster_.start(node_id{3});
  for (int n = 1; n <= 3; ++n) {
    EXPECT_TRUE(eventually([&] { return ready(n); }, ready_wait))
      << "node " << n << ": " << shown(http_call(http_port(n), "GET", "/readyz"));
    EXPECT_TRUE(eventually([&] { return health_check(grpc_port(n), "readyz") == 1; }, ready_wait))
      << "node " << n;
  }
}

TEST_F(operator_test, metrics_count_what_the_cluster_did_in_the_text_format) {
  cluster_.start_all();
  for (int n = 1; n <= 3; ++n)
    ASSERT_TRUE(eventually([&] { return ready(n); }, ready_wait)) << "node " << n;
  http_reply created;
  ASSERT_TRUE(eventually([&] {
    created = http_call(http_port(1), "POST", "/v1/topics",
                        json{{"name", "t-ops"}, {"partitions", 2}});
    return created.status == 201;
  }, ready_wait)) << shown(created);
  json records = json::array();
  for (int i = 0; i < 10; ++i)
    records.push_back({{"key", "k" + std::to_string(i)}, {"value", "v" + std::to_string(i)}});
  auto produced = http_call(http_port(1), "POST", "/v1/topics/t-ops/records",
                            json{{"records", records}});
  ASSERT_EQ(produced.status, 200) << shown(produced);

  auto base = make_rest_consumer(http_port(2), "g-ops", "t-ops");
  ASSERT_FALSE(base.empty());
  ASSERT_TRUE(read_and_commit(http_port(2), base, 10, metric_wait));

  for (int n = 1; n <= 3; ++n) {
    auto r = http_call(http_port(n), "GET", "/metrics");
    ASSERT_EQ(r.status, 200);
    auto s = parse_scrape(r.text);
    EXPECT_TRUE(s.malformed.empty()) << "node " << n << ": " << s.malformed.front();
    for (const char* name :
         {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
          "strom_storage_fsyncs_total", "strom_storage_fsync_seconds_count",
          "strom_storage_commit_seconds_count", "strom_storage_map_size_bytes",
          "strom_storage_map_used_bytes", "strom_raft_term_changes_total",
          "strom_raft_replicas", "strom_raft_partitions_led",
          "strom_raft_under_replicated_partitions", "strom_raft_replicas_without_leader"})
      EXPECT_TRUE(s.has(name)) << "node " << n << " lacks " << name;
    EXPECT_GT(s.sum("strom_storage_fsyncs_total"), 0) << "node " << n;
    EXPECT_GT(s.sum("strom_storage_map_size_bytes"), s.sum("strom_storage_map_used_bytes"));
    // The topic's 2, __consumer_offsets' and the controller's on every node.
    EXPECT_GE(s.sum("strom_raft_replicas"), 4) << "node " << n;
    EXPECT_EQ(s.sum("strom_raft_replicas_without_leader"), 0) << "node " << n;
    // The /readyz calls that found it ready.
    EXPECT_GE(s.sum("strom_door_requests_total", {"door=\"http\"", "status=\"200\""}), 1);
  }
  EXPECT_EQ(cluster_sum("strom_produce_records_total", {"topic=\"t-ops\""}), 10);
  EXPECT_GE(cluster_sum("strom_produce_requests_total", {"topic=\"t-ops\""}), 1);
  EXPECT_GT(cluster_sum("strom_produce_bytes_total", {"topic=\"t-ops\""}), 10 * 4);
  EXPECT_GE(cluster_sum("strom_produce_latency_seconds_count", {"topic=\"t-ops\""}), 1);
  EXPECT_EQ(cluster_sum("strom_fetch_records_total", {"topic=\"t-ops\""}), 10);
  EXPECT_GE(cluster_sum("strom_raft_commit_latency_seconds_count"), 1);
  EXPECT_GE(cluster_sum("strom_raft_partitions_led"), 2 + 1);
  EXPECT_GE(metrics_of(1).sum("strom_door_requests_total",
                              {"door=\"http\"", "status=\"201\""}), 1);
  EXPECT_GE(metrics_of(1).sum("strom_door_connections", {"door=\"http\""}), 1); // this scrape
  ASSERT_EQ(health_check(grpc_port(1), ""), 1);
  // Its call has ended: none open once gRPC has let the call go (the gauge
  // exists once a call was made).
  EXPECT_TRUE(metrics_of(1).has("strom_door_calls_open"));
  EXPECT_TRUE(eventually([&] {
    return metrics_of(1).sum("strom_door_calls_open", {"door=\"grpc\""}) == 0;
  }, metric_wait));
  EXPECT_GE(metrics_of(1).sum("strom_door_requests_total", {"door=\"grpc\"", "status=\"OK\""}),
            1);

  // The group: its commit on its coordinator, with no lag; then lag as
  // records come that it has not read.
  EXPECT_EQ(cluster_sum("strom_group_members", {"group=\"g-ops\""}), 1);
  EXPECT_EQ(cluster_sum("strom_group_committed_offset", {"group=\"g-ops\""}), 10);
  EXPECT_EQ(cluster_sum("strom_group_lag", {"group=\"g-ops\""}), 0);
  EXPECT_GE(cluster_sum("strom_group_rebalances_total"), 1);
  ASSERT_EQ(http_call(http_port(1), "POST", "/v1/topics/t-ops/records",
                      json{{"records", json::array({{{"value", "late"}}})}}).status, 200);
  EXPECT_TRUE(eventually([&] {
    return cluster_sum("strom_group_lag", {"group=\"g-ops\""}) == 1;
  }, metric_wait)) << cluster_sum("strom_group_lag", {"group=\"g-ops\""});
  EXPECT_EQ(http_call(http_port(2), "DELETE", base).status, 200);

  // Each node's figures through another (the web console's view).
  auto through = http_call(http_port(1), "GET", "/v1/nodes/2/metrics");
  EXPECT_EQ(through.status, 200) << shown(through);
  EXPECT_TRUE(parse_scrape(through.text).has("strom_raft_replicas")) << through.text;
  EXPECT_EQ(http_call(http_port(1), "GET", "/v1/nodes/9/metrics").status, 404);

  // A killed node: the partitions its peers lead lack a follower.
  cluster_.signal(node_id{3}, SIGKILL);
  cluster_.reap(node_id{3});
  auto gone = http_call(http_port(1), "GET", "/v1/nodes/3/metrics");
  EXPECT_EQ(gone.status, 503) << shown(gone);
  EXPECT_TRUE(eventually([&] {
    return cluster_sum("strom_raft_under_replicated_partitions") >= 1;
  }, under_replicated_wait)) << metrics_of(1).sum("strom_raft_follower_lag_entries");
  EXPECT_TRUE(ready(1)) << shown(http_call(http_port(1), "GET", "/readyz"));
}

} // namespace
} // namespace strom::testing
