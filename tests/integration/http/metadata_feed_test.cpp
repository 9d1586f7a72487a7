// What a node without a controller replica learns of the table, on four real
// nodes (three controllers): the whole table when it comes up, then each
// command alone, counted on its /metrics. After 30 topic creations it knows
// every topic, and took them as commands, not as 30 whole tables (a node
// there from the first command may never need one); killed and restarted
// while topics are made, it gets the whole table once more.

#include <gtest/gtest.h>

#include <signal.h>

#include <regex>
#include <string>

#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const node_id observer{4};

class metadata_feed : public ::testing::Test {
protected:
  metadata_feed() {
    cluster_.open_door_ports(test_cluster::door::http);
    cluster_.start_all();
  }

  admin_client admin(node_id id) {
    return admin_client{view_.system(), {cluster_.endpoint_of(id)}, 5000ms};
  }

  void create_topics(const std::string& prefix, int count) {
    for (int i = 0; i < count; ++i) {
      topic_spec spec;
      spec.name = prefix + std::to_string(i);
      spec.partitions = 1;
      spec.replication_factor = 1;
      auto made = admin(node_id{1}).create_topic(spec);
      ASSERT_TRUE(made) << spec.name << ": " << describe(made.error());
    }
  }

  bool knows_topics(node_id id, const std::string& prefix, int count) {
    auto md = admin(id).metadata({});
    if (!md)
      return false;
    int found = 0;
    for (const auto& t : md->topics)
      found += t.name.rfind(prefix, 0) == 0 ? 1 : 0;
    return found == count;
  }

  // The observer's count of metadata it took, of one kind (table, delta);
  // 0 before it took any.
  double received(const std::string& kind) {
    auto port = cluster_.door_port_of(test_cluster::door::http, observer);
    auto reply = http_call(port, "GET", "/metrics");
    EXPECT_EQ(reply.status, 200);
    std::regex line{"strom_controller_metadata_received_total\\{kind=\"" + kind +
                    "\"\\} ([0-9.e+]+)"};
    std::smatch m;
    return std::regex_search(reply.text, m, line) ? std::stod(m[1]) : 0;
  }

  test_cluster cluster_{4, "", {"node"}, 3};
  cluster_view view_{cluster_};
};

TEST_F(metadata_feed, a_node_without_a_controller_replica_follows_command_by_command) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto tables_before = received("table");
  auto deltas_before = received("delta");
  create_topics("t", 30);
  EXPECT_TRUE(eventually([&] { return knows_topics(observer, "t", 30); }, 20s))
    << cluster_.logs();
  EXPECT_GE(received("delta") - deltas_before, 30);
  EXPECT_LE(received("table") - tables_before, 1) << "whole tables instead of commands";
}

TEST_F(metadata_feed, a_restarted_node_gets_the_whole_table_again) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  cluster_.signal(observer, SIGKILL);
  cluster_.reap(observer);
  create_topics("t", 10);
  cluster_.start(observer);
  EXPECT_TRUE(eventually([&] { return knows_topics(observer, "t", 10); }, 20s))
    << cluster_.logs();
  EXPECT_GE(received("table"), 1);
  create_topics("u", 5);
  EXPECT_TRUE(eventually([&] { return knows_topics(observer, "u", 5); }, 20s))
    << cluster_.logs();
}

} // namespace
} // namespace strom::testing
