// The HTTP door of three real nodes, driven as a REST client and a
// WebSocket client would: topics are created, listed, described and
// deleted; records produced and read back by partition; consumer
// instances fetch from their group's commits; the cluster and its groups
// show as JSON; every malformed request gets its status and a JSON error
// naming what is wrong. A WebSocket gets its assignment, then a group's
// history and live records; a stalled WebSocket reader is cut off; a
// WebSocket consumer and a client library consumer share a group's
// partitions.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include <sys/wait.h>

#include <boost/asio/ip/tcp.hpp>
#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/http/http_door.hpp"
#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A bound on every wait, never a claim about speed.
constexpr std::chrono::milliseconds answer_wait_ms{30000};
// A client that reads nothing is cut off after the door's
// ws_stall_timeout_ms (5 s) and its check interval; this bounds the wait
// for it (a hang, not a claim of speed).
constexpr std::chrono::milliseconds stall_cut_bound{60000};

std::string shown(const http_reply& r) {
  return std::to_string(r.status) + " " + r.text;
}

// What `field` says in each element of a JSON array: the names listed.
std::set<std::string> names_in(const json& array, const char* field) {
  std::set<std::string> out;
  for (const auto& element : array)
    out.insert(element[field].get<std::string>());
  return out;
}

class http_door_test : public door_suite<test_cluster::door::http> {
protected:
  static uint16_t port(int node) { return door_port(node); }

  // POST /v1/topics, retried while the controller settles.
  static http_reply create_topic(const std::string& name, int partitions, int node = 1) {
    http_reply r;
    eventually([&] {
      r = http_call(port(node), "POST", "/v1/topics",
                    json{{"name", name}, {"partitions", partitions}});
      return r.status != 503 && r.status != 504 && r.status != 0;
    }, 30s);
    return r;
  }

  // POST records (values as given, keys k<i>), to `partition` if >= 0.
  static http_reply produce(const std::string& topic, const std::vector<std::string>& values,
                            int partition = -1, int node = 1) {
    json records = json::array();
    for (size_t i = 0; i < values.size(); ++i) {
      json r{{"key", "k" + std::to_string(i)}, {"value", values[i]}};
      if (partition >= 0)
        r["partition"] = partition;
      records.push_back(std::move(r));
    }
    return http_call(port(node), "POST", "/v1/topics/" + topic + "/records",
                     json{{"records", std::move(records)}});
  }

  static std::vector<std::string> numbered(const std::string& prefix, int first, int count) {
    std::vector<std::string> out;
    for (int i = first; i < first + count; ++i)
      out.push_back(prefix + std::to_string(i));
    return out;
  }

  // Reads WebSocket messages until `count` records came; their values.
  static std::vector<std::string> ws_values(ws_client& ws, size_t count) {
    std::vector<std::string> out;
    while (out.size() < count) {
      auto m = ws.next(answer_wait_ms);
      if (!m)
        break;
      if ((*m)["type"] == "record")
        out.push_back((*m)["value"].get<std::string>());
    }
    return out;
  }
};

TEST_F(http_door_test, topics_are_created_listed_described_and_deleted) {
  auto created = create_topic("t-admin", 3);
  ASSERT_EQ(created.status, 201) << shown(created);
  EXPECT_EQ(created.body["name"], "t-admin");
  EXPECT_EQ(created.body["partitions"].size(), 3u);
  EXPECT_EQ(created.body["replication_factor"], 3);

  auto again = http_call(port(2), "POST", "/v1/topics", json{{"name", "t-admin"}});
  EXPECT_EQ(again.status, 409) << shown(again);
  EXPECT_EQ(again.error(), "topic_exists");

  auto described = http_call(port(3), "GET", "/v1/topics/t-admin");
  ASSERT_EQ(described.status, 200) << shown(described);
  EXPECT_EQ(described.body["partitions"].size(), 3u);

  auto listed = http_call(port(1), "GET", "/v1/topics");
  ASSERT_EQ(listed.status, 200) << shown(listed);
  EXPECT_TRUE(names_in(listed.body["topics"], "name").count("t-admin")) << listed.text;

  auto deleted = http_call(port(1), "DELETE", "/v1/topics/t-admin");
  EXPECT_EQ(deleted.status, 200) << shown(deleted);
  auto gone = http_call(port(1), "GET", "/v1/topics/t-admin");
  EXPECT_EQ(gone.status, 404) << shown(gone);
  EXPECT_EQ(gone.error(), "unknown_topic");
  auto unknown = http_call(port(1), "DELETE", "/v1/topics/never-made");
  EXPECT_EQ(unknown.status, 404) << shown(unknown);
}

TEST_F(http_door_test, a_topics_configs_are_read_and_altered) {
  auto created = http_call(port(1), "POST", "/v1/topics",
                           json{{"name", "t-config"}, {"partitions", 1},
                                {"configs", {{"retention.ms", 60000},
                                             {"message.timestamp.type", "LogAppendTime"}}}});
  ASSERT_EQ(created.status, 201) << shown(created);
  EXPECT_EQ(created.body["configs"]["retention.ms"], "60000");

  auto altered = http_call(port(2), "POST", "/v1/topics/t-config/configs",
                           json{{"configs", {{"max.message.bytes", "2048"}}},
                                {"reset", {"message.timestamp.type"}}});
  ASSERT_EQ(altered.status, 200) << shown(altered);
  EXPECT_EQ(altered.body["configs"]["max.message.bytes"], "2048");
  EXPECT_EQ(altered.body["configs"]["message.timestamp.type"], "CreateTime");

  auto read = http_call(port(3), "GET", "/v1/topics/t-config/configs");
  ASSERT_EQ(read.status, 200) << shown(read);
  EXPECT_EQ(read.body["configs"]["max.message.bytes"], "2048");
  EXPECT_EQ(read.body["configs"]["retention.ms"], "60000");

  auto unknown = http_call(port(1), "POST", "/v1/topics/t-config/configs",
                           json{{"configs", {{"segment.jitter.ms", "5"}}}});
  EXPECT_EQ(unknown.status, 400) << shown(unknown);
  EXPECT_EQ(unknown.error(), "invalid_config");
  EXPECT_NE(unknown.message().find("segment.jitter.ms"), std::string::npos) << unknown.message();
  auto empty = http_call(port(1), "POST", "/v1/topics/t-config/configs", json::object());
  EXPECT_EQ(empty.status, 400) << shown(empty);
  auto not_object = http_call(port(1), "POST", "/v1/topics/t-config/configs",
                              json{{"configs", {1, 2}}});
  EXPECT_EQ(not_object.status, 400) << shown(not_object);
  EXPECT_EQ(not_object.message().rfind("configs: ", 0), 0u) << not_object.message();
  auto missing = http_call(port(1), "GET", "/v1/topics/never-made/configs");
  EXPECT_EQ(missing.status, 404) << shown(missing);
}

TEST_F(http_door_test, malformed_topic_requests_name_what_is_wrong) {
  auto not_json = http_call(port(1), "POST", "/v1/topics", std::string{"{\"name\": "});
  EXPECT_EQ(not_json.status, 400) << shown(not_json);
  EXPECT_EQ(not_json.error(), "bad_request");
  EXPECT_EQ(not_json.message().rfind("body: is not JSON", 0), 0u) << not_json.message();

  auto bad_field =
    http_call(port(1), "POST", "/v1/topics", json{{"name", "x"}, {"partitions", "3"}});
  EXPECT_EQ(bad_field.status, 400) << shown(bad_field);
  EXPECT_EQ(bad_field.message().rfind("partitions: ", 0), 0u) << bad_field.message();

  auto no_name = http_call(port(1), "POST", "/v1/topics", json{{"partitions", 3}});
  EXPECT_EQ(no_name.status, 400) << shown(no_name);
  EXPECT_EQ(no_name.message().rfind("name: ", 0), 0u) << no_name.message();

  auto wrong_method = http_call(port(1), "PUT", "/v1/topics");
  EXPECT_EQ(wrong_method.status, 405) << shown(wrong_method);
  EXPECT_EQ(wrong_method.allow, "GET, POST");
  EXPECT_EQ(wrong_method.error(), "bad_request");

  auto nowhere = http_call(port(1), "GET", "/v1/nowhere");
  EXPECT_EQ(nowhere.status, 404) << shown(nowhere);
  EXPECT_EQ(nowhere.error(), "not_found");
}

TEST_F(http_door_test, records_are_produced_and_read_back_by_partition) {
  ASSERT_EQ(create_topic("t-records", 3).status, 201);
  auto produced = produce("t-records", {"a", "b", "c"}, 1);
  ASSERT_EQ(produced.status, 200) << shown(produced);
  ASSERT_EQ(produced.body["offsets"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(produced.body["offsets"][i]["partition"], 1);
    EXPECT_EQ(produced.body["offsets"][i]["offset"], i);
  }
  // Binary bytes in base64, with a header.
  auto binary = http_call(port(2), "POST", "/v1/topics/t-records/records",
                          json{{"encoding", "base64"},
                               {"records", {{{"value", "AP8="},
                                             {"partition", 1},
                                             {"headers", {{{"key", "h"}, {"value", "eA=="}}}}}}}});
  ASSERT_EQ(binary.status, 200) << shown(binary);

  auto read = http_call(port(3), "GET", "/v1/topics/t-records/partitions/1/records?offset=0");
  ASSERT_EQ(read.status, 200) << shown(read);
  ASSERT_EQ(read.body["records"].size(), 4u) << read.text;
  EXPECT_EQ(read.body["records"][0]["key"], "k0");
  EXPECT_EQ(read.body["records"][0]["value"], "a");
  EXPECT_EQ(read.body["records"][2]["value"], "c");
  EXPECT_EQ(read.body["records"][3]["encoding"], "base64");
  EXPECT_EQ(read.body["records"][3]["value"], "AP8=");
  EXPECT_EQ(read.body["records"][3]["headers"][0]["value"], "eA==");

  auto from_one =
    http_call(port(1), "GET", "/v1/topics/t-records/partitions/1/records?offset=1&max=1");
  ASSERT_EQ(from_one.status, 200) << shown(from_one);
  ASSERT_EQ(from_one.body["records"].size(), 1u);
  EXPECT_EQ(from_one.body["records"][0]["offset"], 1);

  auto empty = http_call(port(1), "GET",
                         "/v1/topics/t-records/partitions/0/records?offset=latest&wait_ms=100");
  ASSERT_EQ(empty.status, 200) << shown(empty);
  EXPECT_TRUE(empty.body["records"].empty());
}

TEST_F(http_door_test, malformed_record_requests_get_their_status) {
  ASSERT_EQ(create_topic("t-bad", 2).status, 201);
  auto bad_value = http_call(port(1), "POST", "/v1/topics/t-bad/records",
                             std::string{R"({"records": [{"value": "a"}, {}, {"value": 7}]})"});
  EXPECT_EQ(bad_value.status, 400) << shown(bad_value);
  EXPECT_EQ(bad_value.message(), "records[2].value: must be a string or null");

  auto no_partition = produce("t-bad", {"x"}, 7);
  EXPECT_EQ(no_partition.status, 404) << shown(no_partition);
  EXPECT_EQ(no_partition.error(), "unknown_partition");
  auto no_topic = produce("t-never", {"x"});
  EXPECT_EQ(no_topic.status, 404) << shown(no_topic);
  EXPECT_EQ(no_topic.error(), "unknown_topic");

  auto too_large = produce("t-bad", {std::string(2u << 20, 'x')});
  EXPECT_EQ(too_large.status, 413) << too_large.status << " " << too_large.text.substr(0, 200);
  EXPECT_EQ(too_large.error(), "record_too_large");

  auto huge_body = raw_call(port(1), "POST /v1/topics/t-bad/records HTTP/1.1\r\n"
                                     "Host: x\r\nContent-Length: 100000000\r\n\r\n{");
  EXPECT_EQ(huge_body.status, 413) << shown(huge_body);
  auto not_http = raw_call(port(1), "HELLO THERE\r\n\r\n");
  EXPECT_EQ(not_http.status, 400) << shown(not_http);

  auto get_produce = http_call(port(1), "GET", "/v1/topics/t-bad/records");
  EXPECT_EQ(get_produce.status, 405) << shown(get_produce);
  EXPECT_EQ(get_produce.allow, "POST");
  auto bad_partition = http_call(port(1), "GET", "/v1/topics/t-bad/partitions/x/records");
  EXPECT_EQ(bad_partition.status, 400) << shown(bad_partition);
  EXPECT_EQ(bad_partition.message().rfind("partition: ", 0), 0u) << bad_partition.message();
  auto bad_max = http_call(port(1), "GET", "/v1/topics/t-bad/partitions/0/records?max=0");
  EXPECT_EQ(bad_max.status, 400) << shown(bad_max);
  EXPECT_EQ(bad_max.message().rfind("max: ", 0), 0u) << bad_max.message();
  auto bad_offset = http_call(port(1), "GET", "/v1/topics/t-bad/partitions/0/records?offset=-3");
  EXPECT_EQ(bad_offset.status, 400) << shown(bad_offset);
  auto read_unknown = http_call(port(1), "GET", "/v1/topics/t-bad/partitions/5/records");
  EXPECT_EQ(read_unknown.status, 404) << shown(read_unknown);
}

TEST_F(http_door_test, a_consumer_instance_fetches_commits_and_a_new_one_resumes) {
  ASSERT_EQ(create_topic("t-group", 2).status, 201);
  ASSERT_EQ(produce("t-group", numbered("v", 0, 10)).status, 200);
  auto created =
    http_call(port(1), "POST", "/v1/consumers/g-rest", json{{"topics", {"t-group"}}});
  ASSERT_EQ(created.status, 201) << shown(created);
  auto base = created.body["base_uri"].get<std::string>();

  std::set<std::string> seen;
  eventually([&] {
    auto polled = http_call(port(1), "GET", base + "/records?wait_ms=500");
    for (const auto& r : polled.body["records"])
      seen.insert(r["value"].get<std::string>());
    return seen.size() == 10;
  }, 60s);
  EXPECT_EQ(seen.size(), 10u);
  auto positions = http_call(port(1), "GET", base + "/assignments");
  EXPECT_EQ(positions.status, 200) << shown(positions);
  auto committed = http_call(port(1), "POST", base + "/offsets");
  ASSERT_EQ(committed.status, 200) << shown(committed);
  EXPECT_EQ(committed.body["committed"].size(), 2u) << committed.text;
  EXPECT_EQ(http_call(port(1), "DELETE", base).status, 200);
  auto deleted_again = http_call(port(1), "DELETE", base);
  EXPECT_EQ(deleted_again.status, 404) << shown(deleted_again);
  EXPECT_EQ(http_call(port(1), "GET", base + "/records").status, 404);

  // A new instance of the group starts at its commits: only what follows.
  ASSERT_EQ(produce("t-group", numbered("w", 0, 3)).status, 200);
  auto next = http_call(port(2), "POST", "/v1/consumers/g-rest", std::string{});
  ASSERT_EQ(next.status, 201) << shown(next);
  auto next_base = next.body["base_uri"].get<std::string>();
  auto subscribed =
    http_call(port(2), "POST", next_base + "/subscription", json{{"topics", {"t-group"}}});
  ASSERT_EQ(subscribed.status, 200) << shown(subscribed);
  std::set<std::string> later;
  eventually([&] {
    auto polled = http_call(port(2), "GET", next_base + "/records?wait_ms=500");
    for (const auto& r : polled.body["records"])
      later.insert(r["value"].get<std::string>());
    return later.size() >= 3;
  }, 60s);
  EXPECT_EQ(later, (std::set<std::string>{"w0", "w1", "w2"}));
  EXPECT_EQ(http_call(port(2), "DELETE", next_base).status, 200);
}

TEST_F(http_door_test, malformed_consumer_requests_get_their_status) {
  auto bad_topics = http_call(port(1), "POST", "/v1/consumers/g-bad", json{{"topics", {1}}});
  EXPECT_EQ(bad_topics.status, 400) << shown(bad_topics);
  EXPECT_EQ(bad_topics.message().rfind("topics[0]: ", 0), 0u) << bad_topics.message();
  auto unknown_topic =
    http_call(port(1), "POST", "/v1/consumers/g-bad", json{{"topics", {"t-none"}}});
  EXPECT_EQ(unknown_topic.status, 404) << shown(unknown_topic);
  auto no_instance = http_call(port(1), "GET", "/v1/consumers/g-bad/instances/nope/records");
  EXPECT_EQ(no_instance.status, 404) << shown(no_instance);
  EXPECT_EQ(no_instance.error(), "not_found");
  auto created = http_call(port(1), "POST", "/v1/consumers/g-bad", std::string{});
  ASSERT_EQ(created.status, 201) << shown(created);
  auto base = created.body["base_uri"].get<std::string>();
  auto empty_list =
    http_call(port(1), "POST", base + "/subscription", json{{"topics", json::array()}});
  EXPECT_EQ(empty_list.status, 400) << shown(empty_list);
  // The instance is the group's: another group's path does not reach it.
  auto instance = created.body["instance_id"].get<std::string>();
  auto elsewhere = "/v1/consumers/g-other/instances/" + instance;
  auto foreign_read = http_call(port(1), "GET", elsewhere + "/records");
  EXPECT_EQ(foreign_read.status, 404) << shown(foreign_read);
  EXPECT_EQ(http_call(port(1), "DELETE", elsewhere).status, 404);
  EXPECT_EQ(http_call(port(1), "GET", base + "/assignments").status, 200);
  auto bad_wait = http_call(port(1), "GET", base + "/records?wait_ms=ten");
  EXPECT_EQ(bad_wait.status, 400) << shown(bad_wait);
  EXPECT_EQ(bad_wait.message().rfind("wait_ms: ", 0), 0u) << bad_wait.message();
  auto wrong_method = http_call(port(1), "GET", "/v1/consumers/g-bad");
  EXPECT_EQ(wrong_method.status, 405) << shown(wrong_method);
  EXPECT_EQ(wrong_method.allow, "POST");
  EXPECT_EQ(http_call(port(1), "DELETE", base).status, 200);
}

TEST_F(http_door_test, the_cluster_and_its_groups_show_as_json) {
  auto cluster = http_call(port(2), "GET", "/v1/cluster");
  ASSERT_EQ(cluster.status, 200) << shown(cluster);
  ASSERT_EQ(cluster.body["brokers"].size(), 3u);
  for (const auto& b : cluster.body["brokers"])
    EXPECT_TRUE(b["alive"].get<bool>()) << cluster.text;
  EXPECT_GE(cluster.body["controller_leader"].get<int>(), 1);

  ASSERT_EQ(create_topic("t-groups", 1).status, 201);
  auto created =
    http_call(port(1), "POST", "/v1/consumers/g-shown", json{{"topics", {"t-groups"}}});
  ASSERT_EQ(created.status, 201) << shown(created);
  auto base = created.body["base_uri"].get<std::string>();
  http_reply described;
  eventually([&] {
    http_call(port(1), "GET", base + "/records?wait_ms=200"); // joins meanwhile
    described = http_call(port(3), "GET", "/v1/groups/g-shown");
    return described.status == 200 && described.body["members"].size() == 1;
  }, 60s);
  ASSERT_EQ(described.status, 200) << shown(described);
  EXPECT_EQ(described.body["group"], "g-shown");
  EXPECT_EQ(described.body["members"].size(), 1u) << described.text;
  auto listed = http_call(port(2), "GET", "/v1/groups");
  ASSERT_EQ(listed.status, 200) << shown(listed);
  EXPECT_TRUE(names_in(listed.body["groups"], "group").count("g-shown")) << listed.text;
  EXPECT_EQ(http_call(port(1), "DELETE", base).status, 200);
  EXPECT_EQ(http_call(port(1), "POST", "/v1/cluster").status, 405);
}

TEST_F(http_door_test, a_websocket_gets_its_assignment_history_and_live_records) {
  ASSERT_EQ(create_topic("t-ws", 2).status, 201);
  ASSERT_EQ(produce("t-ws", numbered("h", 0, 5)).status, 200);
  {
    ws_client ws{port(2), "/v1/topics/t-ws/ws?group=g-ws"};
    ASSERT_TRUE(ws.connected()) << shown(ws.refusal());
    auto first = ws.next(answer_wait_ms);
    ASSERT_TRUE(first);
    EXPECT_EQ((*first)["type"], "assigned") << first->dump();
    EXPECT_EQ((*first)["owned"].size(), 2u) << first->dump();
    auto history = ws_values(ws, 5);
    EXPECT_EQ(std::set<std::string>(history.begin(), history.end()),
              (std::set<std::string>{"h0", "h1", "h2", "h3", "h4"}));
    ASSERT_EQ(produce("t-ws", numbered("l", 0, 5), -1, 3).status, 200);
    auto live = ws_values(ws, 5);
    EXPECT_EQ(std::set<std::string>(live.begin(), live.end()),
              (std::set<std::string>{"l0", "l1", "l2", "l3", "l4"}));
  } // closing commits and leaves the group
  ws_client again{port(1), "/v1/topics/t-ws/ws?group=g-ws"};
  ASSERT_TRUE(again.connected()) << shown(again.refusal());
  ASSERT_EQ(produce("t-ws", {"after"}).status, 200);
  auto resumed = ws_values(again, 1);
  EXPECT_EQ(resumed, std::vector<std::string>{"after"}) << "resumed at the group's commit";
}

TEST_F(http_door_test, a_websocket_closed_before_its_first_assignment_leaves_its_group_at_once) {
  ASSERT_EQ(create_topic("t-ghost", 3).status, 201);
  std::unique_ptr<ws_client> ws;
  auto failure = view_->leaves_when_closed(
    "g-ghost",
    [&] {
      ws = std::make_unique<ws_client>(port(2), "/v1/topics/t-ghost/ws?group=g-ghost");
      EXPECT_TRUE(ws->connected()) << shown(ws->refusal());
    },
    [&] { ws.reset(); });
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST_F(http_door_test, a_websocket_reads_one_partition_from_an_offset) {
  ASSERT_EQ(create_topic("t-ws-part", 2).status, 201);
  ASSERT_EQ(produce("t-ws-part", numbered("p", 0, 4), 1).status, 200);
  ws_client ws{port(3), "/v1/topics/t-ws-part/ws?partition=1&offset=2"};
  ASSERT_TRUE(ws.connected()) << shown(ws.refusal());
  auto first = ws.next(answer_wait_ms);
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["type"], "assigned");
  EXPECT_EQ(ws_values(ws, 2), (std::vector<std::string>{"p2", "p3"}));

  ws_client unknown{port(1), "/v1/topics/t-ws-none/ws?partition=0"};
  EXPECT_FALSE(unknown.connected());
  EXPECT_EQ(unknown.refusal().status, 404);
  ws_client no_partition{port(1), "/v1/topics/t-ws-part/ws?partition=9"};
  EXPECT_EQ(no_partition.refusal().status, 404);
  ws_client neither{port(1), "/v1/topics/t-ws-part/ws"};
  EXPECT_EQ(neither.refusal().status, 400);
  auto plain_get = http_call(port(1), "GET", "/v1/topics/t-ws-part/ws?partition=0");
  EXPECT_EQ(plain_get.status, 426) << shown(plain_get);
}

TEST_F(http_door_test, a_websocket_reader_that_stalls_is_cut_off) {
  ASSERT_EQ(create_topic("t-flood", 1).status, 201);
  ws_client stalled{port(1), "/v1/topics/t-flood/ws?partition=0&offset=0", 4096};
  ASSERT_TRUE(stalled.connected()) << shown(stalled.refusal());
  // Far more than the door queues before it pauses (2 MiB) plus what the
  // sockets buffer.
  const int requests = 12;
  const int per_request = 40;
  const std::string value(50000, 'f');
  for (int i = 0; i < requests; ++i)
    ASSERT_EQ(produce("t-flood", std::vector<std::string>(per_request, value)).status, 200);
  EXPECT_TRUE(eventually([&] { return stalled.ended_by_peer(); }, stall_cut_bound))
    << "the stalled client was never cut off";
  int records = 0;
  while (auto m = stalled.next(10s))
    if ((*m)["type"] == "record")
      ++records;
  EXPECT_TRUE(stalled.ended());
  EXPECT_LT(records, requests * per_request) << "the stalled client was cut off";
  // The door goes on serving everyone else.
  EXPECT_EQ(http_call(port(1), "GET", "/v1/cluster").status, 200);
}

TEST_F(http_door_test, a_cut_off_group_reader_leaves_what_it_never_got_to_the_next_member) {
  // The group commits what the door wrote to a socket, never what it only
  // queued: the next member gets everything the first one did not.
  ASSERT_EQ(create_topic("t-flood-group", 1).status, 201);
  const int requests = 12;
  const int per_request = 40;
  const std::string padding(50000, 'x');
  std::set<std::string> all;
  for (int i = 0; i < requests; ++i) {
    std::vector<std::string> values;
    for (int j = 0; j < per_request; ++j) {
      values.push_back("f" + std::to_string(i * per_request + j) + "|" + padding);
      all.insert(values.back().substr(0, values.back().find('|')));
    }
    ASSERT_EQ(produce("t-flood-group", values).status, 200);
  }
  std::set<std::string> first_got;
  {
    ws_client stalled{port(1), "/v1/topics/t-flood-group/ws?group=g-flood", 4096};
    ASSERT_TRUE(stalled.connected()) << shown(stalled.refusal());
    auto assigned = stalled.next(answer_wait_ms);
    ASSERT_TRUE(assigned);
    ASSERT_EQ((*assigned)["type"], "assigned") << assigned->dump();
    // The records start once the member found where its group committed.
    EXPECT_TRUE(eventually([&] { return stalled.ended_by_peer(); }, stall_cut_bound))
      << "the stalled client was never cut off";
    while (auto m = stalled.next(10s))
      if ((*m)["type"] == "record") {
        auto v = (*m)["value"].get<std::string>();
        first_got.insert(v.substr(0, v.find('|')));
      }
    EXPECT_TRUE(stalled.ended());
    ASSERT_LT(first_got.size(), all.size()) << "the stalled client was cut off";
  }
  ws_client next{port(2), "/v1/topics/t-flood-group/ws?group=g-flood"};
  ASSERT_TRUE(next.connected()) << shown(next.refusal());
  std::set<std::string> together = first_got;
  auto deadline = std::chrono::steady_clock::now() + answer_wait_ms;
  while (together.size() < all.size() && std::chrono::steady_clock::now() < deadline) {
    auto m = next.next(answer_wait_ms);
    if (!m)
      break;
    if ((*m)["type"] == "record") {
      auto v = (*m)["value"].get<std::string>();
      together.insert(v.substr(0, v.find('|')));
    }
  }
  EXPECT_EQ(together.size(), all.size()) << "records the first member never got were skipped";
}

// ?commit=client: the group commits only what a page says it processed.
// Two pages share a group; one closes mid-stream with records it never
// processed still in its socket: the other gets them, and every record is
// acknowledged by one of the two.
TEST_F(http_door_test, with_client_commits_a_page_that_closes_mid_stream_loses_nothing) {
  ASSERT_EQ(create_topic("t-acks", 2).status, 201);
  ASSERT_EQ(produce("t-acks", numbered("a", 0, 400)).status, 200);
  const std::string target = "/v1/topics/t-acks/ws?group=g-acks&commit=client";
  std::set<std::string> acknowledged;
  // A page processes a record, then commits past it.
  auto process = [&](ws_client& page, const json& m) {
    acknowledged.insert(m["value"].get<std::string>());
    json entry{{"partition", m["partition"]}, {"offset", m["offset"].get<int64_t>() + 1}};
    EXPECT_TRUE(page.send(json{{"commit", json::array({entry})}}.dump()));
  };
  // The next record the page gets, skipping rebalances and commit answers.
  auto next_record = [](ws_client& page) -> std::optional<json> {
    while (auto m = page.next(answer_wait_ms))
      if ((*m)["type"] == "record")
        return m;
    return std::nullopt;
  };
  auto second = std::make_unique<ws_client>(port(2), target);
  {
    ws_client first{port(1), target};
    ASSERT_TRUE(first.connected()) << shown(first.refusal());
    for (int i = 0; i < 30; ++i) {
      if (i == 10) // the second page joins the group while the first reads
        second = std::make_unique<ws_client>(port(2), target);
      auto m = next_record(first);
      ASSERT_TRUE(m) << "the first page got " << i << " records";
      process(first, *m);
    }
  } // closed: what it got and never processed stays uncommitted
  ASSERT_TRUE(second->connected()) << shown(second->refusal());
  auto deadline = std::chrono::steady_clock::now() + 2 * answer_wait_ms;
  while (acknowledged.size() < 400 && std::chrono::steady_clock::now() < deadline) {
    auto m = next_record(*second);
    if (!m)
      break;
    process(*second, *m);
  }
  EXPECT_EQ(acknowledged.size(), 400u) << "records were committed that no page processed";
}

TEST_F(http_door_test, a_websocket_commit_param_is_checked) {
  ASSERT_EQ(create_topic("t-commit-param", 1).status, 201);
  auto refused = [](const std::string& query) {
    return ws_client(port(1), "/v1/topics/t-commit-param/ws?" + query).refusal();
  };
  auto unknown = refused("group=g&commit=sometimes");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.message(), "commit: must be client or written") << unknown.text;
  auto groupless = refused("partition=0&commit=client");
  EXPECT_EQ(groupless.status, 400);
  EXPECT_EQ(groupless.message(), "commit: only a group commits") << groupless.text;
}

TEST_F(http_door_test, a_websocket_and_a_client_consumer_share_a_groups_partitions) {
  const int partitions = 4;
  ASSERT_EQ(create_topic("t-mixed", partitions).status, 201);
  ws_client ws{port(1), "/v1/topics/t-mixed/ws?group=g-mixed"};
  ASSERT_TRUE(ws.connected()) << shown(ws.refusal());
  std::set<int> ws_owned;
  auto first = ws.next(answer_wait_ms);
  ASSERT_TRUE(first && (*first)["type"] == "assigned");
  int rebalances_heard = 0;

  consumer_config c;
  c.group_id = "g-mixed";
  c.auto_offset_reset = reset_policy::earliest;
  c.heartbeat_interval_ms = 500ms;
  consumer other{view_->system(), view_->endpoints(), c};
  other.subscribe({"t-mixed"});
  // Both own a share once the group settles: the socket hears of it.
  bool settled = false;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!settled && std::chrono::steady_clock::now() < deadline) {
    if (auto m = ws.next(1s)) {
      if ((*m)["type"] == "assigned" || (*m)["type"] == "revoked" || (*m)["type"] == "lost") {
        ++rebalances_heard;
        ws_owned.clear();
        for (const auto& tp : (*m)["owned"])
          ws_owned.insert(tp["partition"].get<int>());
      }
    }
    other.poll(10ms);
    auto owned_by_other = other.assignment();
    settled = !owned_by_other.empty() && !ws_owned.empty() &&
              owned_by_other.size() + ws_owned.size() == static_cast<size_t>(partitions);
  }
  ASSERT_TRUE(settled) << "the socket owns " << ws_owned.size() << ", the client "
                       << other.assignment().size();
  EXPECT_GE(rebalances_heard, 1) << "the socket hears of the rebalance the client caused";
  for (const auto& tp : other.assignment())
    EXPECT_FALSE(ws_owned.count(tp.partition.value())) << "partition " << tp.partition.value()
                                                       << " is owned twice";

  const int count = 40;
  ASSERT_EQ(produce("t-mixed", numbered("m", 0, count)).status, 200);
  std::map<std::string, int> by_value; // value -> partition
  std::set<int> ws_partitions, client_partitions;
  auto until = std::chrono::steady_clock::now() + 60s;
  while (by_value.size() < static_cast<size_t>(count) &&
         std::chrono::steady_clock::now() < until) {
    for (auto& r : other.poll(100ms)) {
      by_value[r.record.value.value_or("")] = r.partition.value();
      client_partitions.insert(r.partition.value());
    }
    while (auto m = ws.next(200ms)) {
      if ((*m)["type"] != "record")
        continue;
      by_value[(*m)["value"].get<std::string>()] = (*m)["partition"].get<int>();
      ws_partitions.insert((*m)["partition"].get<int>());
    }
    if (ws.ended())
      break;
  }
  EXPECT_EQ(by_value.size(), static_cast<size_t>(count));
  EXPECT_FALSE(ws_partitions.empty());
  EXPECT_FALSE(client_partitions.empty());
  for (int p : ws_partitions)
    EXPECT_FALSE(client_partitions.count(p)) << "partition " << p << " was read by both";
  other.close();
}

TEST_F(http_door_test, the_door_pings_a_quiet_websocket_and_closes_a_silent_one) {
  ASSERT_EQ(create_topic("t-quiet", 1).status, 201);
  const std::string target = "/v1/topics/t-quiet/ws?partition=0&offset=latest";
  ws_client answering{port(2), target};
  ws_client silent{port(2), target};
  ASSERT_TRUE(answering.connected() && silent.connected());
  // A client answers pings only while it reads: `silent` never does, for
  // longer than the door's idle timeout (30 s).
  auto until = std::chrono::steady_clock::now() + 36s;
  while (std::chrono::steady_clock::now() < until)
    answering.next(1s);
  EXPECT_FALSE(answering.ended()) << "a client that answers pings stays";
  while (silent.next(5s))
    ; // its assignment, then the door's close
  EXPECT_TRUE(silent.ended()) << "a client silent past the idle timeout is closed";
  ASSERT_EQ(produce("t-quiet", {"still here"}, -1, 2).status, 200);
  EXPECT_EQ(ws_values(answering, 1), std::vector<std::string>{"still here"});
}

TEST_F(http_door_test, a_door_on_a_port_already_taken_does_not_start) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  http_door_settings s;
  s.config.port = taken.local_endpoint().port();
  s.client.broker_endpoint = cluster_->endpoint_of(node_id{1});
  auto door = start_http_door(view_->system(), s);
  ASSERT_FALSE(door) << "port " << s.config.port << " is held by the test";
  EXPECT_NE(describe(door.error()).find("cannot listen"), std::string::npos)
    << describe(door.error());
  s.config.port = 0; // any free one
  auto free_door = start_http_door(view_->system(), s);
  ASSERT_TRUE(free_door) << describe(free_door.error());
  caf::anon_send_exit(*free_door, caf::exit_reason::user_shutdown);
}

// Last: it stops a node.
TEST_F(http_door_test, a_node_stops_cleanly_with_open_sockets_and_held_consumers) {
  ASSERT_EQ(create_topic("t-stop", 1).status, 201);
  ws_client ws{port(3), "/v1/topics/t-stop/ws?group=g-stop"};
  ASSERT_TRUE(ws.connected()) << shown(ws.refusal());
  auto held = http_call(port(3), "POST", "/v1/consumers/g-stop-rest", json{{"topics", {"t-stop"}}});
  ASSERT_EQ(held.status, 201) << shown(held);
  auto status = cluster_->stop(node_id{3}, 30s);
  ASSERT_TRUE(status) << "node 3 did not stop within 30 s";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status;
  while (ws.next(5s))
    ;
  EXPECT_TRUE(ws.ended());
}

} // namespace
} // namespace strom::testing
