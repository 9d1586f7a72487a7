// The router: every resource with its methods, path parameters decoded,
// 404 for what is not a resource and 405 (with Allow) for a wrong method.

#include <gtest/gtest.h>

#include "net/http/route.hpp"

namespace strom {
namespace {

TEST(route, topics_are_listed_created_described_and_deleted) {
  EXPECT_EQ(find_route("GET", "/v1/topics").kind, route_kind::list_topics);
  EXPECT_EQ(find_route("POST", "/v1/topics").kind, route_kind::create_topic);
  auto described = find_route("GET", "/v1/topics/orders");
  EXPECT_EQ(described.kind, route_kind::describe_topic);
  EXPECT_EQ(described.topic, "orders");
  EXPECT_EQ(find_route("DELETE", "/v1/topics/orders").kind, route_kind::delete_topic);
}

TEST(route, the_operators_resources_are_at_the_root_and_only_read) {
  EXPECT_EQ(find_route("GET", "/metrics").kind, route_kind::metrics);
  EXPECT_EQ(find_route("GET", "/healthz").kind, route_kind::healthz);
  EXPECT_EQ(find_route("GET", "/readyz").kind, route_kind::readyz);
  auto posted = find_route("POST", "/metrics");
  EXPECT_EQ(posted.kind, route_kind::wrong_method);
  EXPECT_EQ(posted.allowed, "GET");
  EXPECT_EQ(find_route("GET", "/metricsz").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1/metrics").kind, route_kind::no_route);
}

TEST(route, the_console_is_the_root_and_reads_each_nodes_metrics) {
  EXPECT_EQ(find_route("GET", "/").kind, route_kind::console);
  EXPECT_EQ(find_route("POST", "/").kind, route_kind::wrong_method);
  auto node = find_route("GET", "/v1/nodes/3/metrics");
  EXPECT_EQ(node.kind, route_kind::node_metrics);
  EXPECT_EQ(node.node, "3");
  EXPECT_EQ(find_route("GET", "/v1/nodes/3").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1/nodes/3/metrics/x").kind, route_kind::no_route);
}

TEST(route, records_are_produced_to_a_topic_and_read_from_a_partition) {
  EXPECT_EQ(find_route("POST", "/v1/topics/t/records").kind, route_kind::produce);
  auto read = find_route("GET", "/v1/topics/t/partitions/3/records?offset=7&max=10");
  EXPECT_EQ(read.kind, route_kind::read_records);
  EXPECT_EQ(read.topic, "t");
  EXPECT_EQ(read.partition, "3");
  EXPECT_EQ(read.query.at("offset"), "7");
  EXPECT_EQ(read.query.at("max"), "10");
}

TEST(route, consumer_instances_have_their_sub_resources) {
  auto created = find_route("POST", "/v1/consumers/billing");
  EXPECT_EQ(created.kind, route_kind::create_consumer);
  EXPECT_EQ(created.group, "billing");
  auto polled = find_route("GET", "/v1/consumers/billing/instances/c-1/records");
  EXPECT_EQ(polled.kind, route_kind::poll_records);
  EXPECT_EQ(polled.instance, "c-1");
  EXPECT_EQ(find_route("POST", "/v1/consumers/g/instances/i/subscription").kind,
            route_kind::subscribe);
  EXPECT_EQ(find_route("POST", "/v1/consumers/g/instances/i/offsets").kind,
            route_kind::commit_offsets);
  EXPECT_EQ(find_route("GET", "/v1/consumers/g/instances/i/assignments").kind,
            route_kind::get_assignments);
  EXPECT_EQ(find_route("DELETE", "/v1/consumers/g/instances/i").kind,
            route_kind::delete_consumer);
}

TEST(route, cluster_groups_and_the_websocket) {
  EXPECT_EQ(find_route("GET", "/v1/cluster").kind, route_kind::cluster);
  EXPECT_EQ(find_route("GET", "/v1/groups").kind, route_kind::list_groups);
  auto group = find_route("GET", "/v1/groups/billing");
  EXPECT_EQ(group.kind, route_kind::describe_group);
  EXPECT_EQ(group.group, "billing");
  auto ws = find_route("GET", "/v1/topics/t/ws?group=g");
  EXPECT_EQ(ws.kind, route_kind::websocket);
  EXPECT_EQ(ws.query.at("group"), "g");
}

TEST(route, path_parameters_and_queries_are_percent_decoded) {
  auto r = find_route("GET", "/v1/topics/a%2Fb%20c/partitions/0/records?encoding=base%36%34");
  EXPECT_EQ(r.topic, "a/b c");
  EXPECT_EQ(r.query.at("encoding"), "base64");
  EXPECT_EQ(find_route("GET", "/v1/groups/a+b").group, "a+b"); // + is a space in queries only
  EXPECT_EQ(find_route("GET", "/v1/topics?x=a+b").query.at("x"), "a b");
}

TEST(route, what_is_not_a_resource_has_no_route) {
  EXPECT_EQ(find_route("GET", "/v2/topics").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1/nothing").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1/topics/t/partitions/0").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1//topics").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "/v1/topics/a%zz").kind, route_kind::no_route);
  EXPECT_EQ(find_route("GET", "relative").kind, route_kind::no_route);
  EXPECT_EQ(find_route("PUT", "/v1/nothing").kind, route_kind::no_route);
}

TEST(route, a_wrong_method_names_the_allowed_ones) {
  auto r = find_route("PUT", "/v1/topics");
  EXPECT_EQ(r.kind, route_kind::wrong_method);
  EXPECT_EQ(r.allowed, "GET, POST");
  auto produce = find_route("GET", "/v1/topics/t/records");
  EXPECT_EQ(produce.kind, route_kind::wrong_method);
  EXPECT_EQ(produce.allowed, "POST");
  EXPECT_EQ(find_route("POST", "/v1/topics/t").allowed, "GET, DELETE");
  EXPECT_EQ(find_route("GET", "/v1/consumers/g/instances/i").allowed, "DELETE");
}

} // namespace
} // namespace strom
