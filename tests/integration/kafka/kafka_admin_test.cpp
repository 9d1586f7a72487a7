// Kafka's admin and offset APIs through the door, as librdkafka's Admin API
// and a consumer without a subscription use them: create a topic (with a
// config, validate-only, twice, with a key strom does not take), grow it,
// delete it; describe a topic's and a broker's configs; commit offsets for partitions assigned by hand and read them
// back (FindCoordinator, OffsetCommit, OffsetFetch).

#include <gtest/gtest.h>

#include <librdkafka/rdkafka.h>

#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/kafka/wire_reader.hpp"
#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int admin_wait_ms = 30000;

class kafka_admin : public door_suite<test_cluster::door::kafka> {
protected:
  static std::string bootstrap() { return "127.0.0.1:" + std::to_string(door_port(3)); }

  void SetUp() override {
    char err[512];
    auto* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap().c_str(), err, sizeof err);
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(rk_, nullptr) << err;
    queue_ = rd_kafka_queue_new(rk_);
  }

  void TearDown() override {
    rd_kafka_queue_destroy(queue_);
    rd_kafka_destroy(rk_);
    door_suite::TearDown();
  }

  // The one topic result's error of the admin call's event.
  rd_kafka_resp_err_t topic_error(rd_kafka_event_type_t type) {
    auto* event = rd_kafka_queue_poll(queue_, admin_wait_ms);
    if (event == nullptr || rd_kafka_event_type(event) != type) {
      ADD_FAILURE() << "no admin result";
      return RD_KAFKA_RESP_ERR__TIMED_OUT;
    }
    size_t count = 0;
    const rd_kafka_topic_result_t** results = nullptr;
    if (type == RD_KAFKA_EVENT_CREATETOPICS_RESULT)
      results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event),
                                                    &count);
    else if (type == RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT)
      results = rd_kafka_CreatePartitions_result_topics(
        rd_kafka_event_CreatePartitions_result(event), &count);
    else
      results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event),
                                                    &count);
    auto err = count == 1 ? rd_kafka_topic_result_error(results[0])
                          : rd_kafka_event_error(event);
    rd_kafka_event_destroy(event);
    return err;
  }

  rd_kafka_resp_err_t create(const std::string& name, int partitions, bool validate_only,
                             const char* config_key = nullptr, const char* config_value = nullptr) {
    char err[512];
    auto* topic = rd_kafka_NewTopic_new(name.c_str(), partitions, 3, err, sizeof err);
    if (config_key != nullptr)
      rd_kafka_NewTopic_set_config(topic, config_key, config_value);
    auto* options = rd_kafka_AdminOptions_new(rk_, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_validate_only(options, validate_only, err, sizeof err);
    rd_kafka_CreateTopics(rk_, &topic, 1, options, queue_);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_NewTopic_destroy(topic);
    return topic_error(RD_KAFKA_EVENT_CREATETOPICS_RESULT);
  }

  rd_kafka_resp_err_t grow(const std::string& name, int partitions) {
    char err[512];
    auto* growth = rd_kafka_NewPartitions_new(name.c_str(), static_cast<size_t>(partitions), err,
                                              sizeof err);
    rd_kafka_CreatePartitions(rk_, &growth, 1, nullptr, queue_);
    rd_kafka_NewPartitions_destroy(growth);
    return topic_error(RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT);
  }

  rd_kafka_resp_err_t remove(const std::string& name) {
    auto* topic = rd_kafka_DeleteTopic_new(name.c_str());
    rd_kafka_DeleteTopics(rk_, &topic, 1, nullptr, queue_);
    rd_kafka_DeleteTopic_destroy(topic);
    return topic_error(RD_KAFKA_EVENT_DELETETOPICS_RESULT);
  }

  // How many partitions the node's metadata gives the topic (0: unknown).
  size_t partitions_of(const std::string& name) {
    auto md = view_->ask<cluster_metadata>(node_id{3}, 5s, metadata_atom::value,
                                           std::vector<std::string>{name});
    if (!md)
      return 0;
    for (const auto& t : md->topics)
      if (t.name == name)
        return t.partitions.size();
    return 0;
  }

  // name -> value of one resource's configs, or nothing when it was refused.
  std::optional<std::map<std::string, std::string>> configs_of(rd_kafka_ResourceType_t type,
                                                               const std::string& name) {
    auto* resource = rd_kafka_ConfigResource_new(type, name.c_str());
    rd_kafka_DescribeConfigs(rk_, &resource, 1, nullptr, queue_);
    rd_kafka_ConfigResource_destroy(resource);
    auto* event = rd_kafka_queue_poll(queue_, admin_wait_ms);
    if (event == nullptr)
      return std::nullopt;
    size_t count = 0;
    const auto** results = rd_kafka_DescribeConfigs_result_resources(
      rd_kafka_event_DescribeConfigs_result(event), &count);
    std::optional<std::map<std::string, std::string>> out;
    if (count == 1 && rd_kafka_ConfigResource_error(results[0]) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      out.emplace();
      size_t n = 0;
      const auto** entries = rd_kafka_ConfigResource_configs(results[0], &n);
      for (size_t i = 0; i < n; ++i) {
        const char* value = rd_kafka_ConfigEntry_value(entries[i]);
        (*out)[rd_kafka_ConfigEntry_name(entries[i])] = value ? value : "";
      }
    }
    rd_kafka_event_destroy(event);
    return out;
  }

  // AlterConfigs of one topic with these key=value pairs (the whole set:
  // the others go back to their defaults); the resource's error.
  rd_kafka_resp_err_t alter_configs(const std::string& topic,
                                    const std::vector<std::pair<std::string, std::string>>& set) {
    auto* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
    for (const auto& [key, value] : set)
      rd_kafka_ConfigResource_set_config(resource, key.c_str(), value.c_str());
    rd_kafka_AlterConfigs(rk_, &resource, 1, nullptr, queue_);
    rd_kafka_ConfigResource_destroy(resource);
    auto* event = rd_kafka_queue_poll(queue_, admin_wait_ms);
    if (event == nullptr)
      return RD_KAFKA_RESP_ERR__TIMED_OUT;
    auto err = rd_kafka_event_error(event);
    size_t count = 0;
    const auto** results =
      rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(event), &count);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && count == 1)
      err = rd_kafka_ConfigResource_error(results[0]);
    rd_kafka_event_destroy(event);
    return err;
  }

  rd_kafka_resp_err_t delete_group(const std::string& name) {
    auto* group = rd_kafka_DeleteGroup_new(name.c_str());
    rd_kafka_DeleteGroups(rk_, &group, 1, nullptr, queue_);
    rd_kafka_DeleteGroup_destroy(group);
    auto* event = rd_kafka_queue_poll(queue_, admin_wait_ms);
    if (event == nullptr)
      return RD_KAFKA_RESP_ERR__TIMED_OUT;
    size_t count = 0;
    const auto** results =
      rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event), &count);
    auto err = rd_kafka_event_error(event);
    if (count == 1)
      if (const auto* e = rd_kafka_group_result_error(results[0]))
        err = rd_kafka_error_code(e);
    rd_kafka_event_destroy(event);
    return err;
  }

  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
};

TEST_F(kafka_admin, topics_are_created_grown_and_deleted) {
  EXPECT_EQ(create("made", 4, true), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(partitions_of("made"), 0u) << "validate_only created the topic";
  ASSERT_EQ(create("made", 4, false, "retention.ms", "60000"), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_TRUE(eventually([&] { return partitions_of("made") == 4; }, 30s));
  EXPECT_EQ(create("made", 4, false), RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS);
  EXPECT_EQ(create("made", 4, true), RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS);
  EXPECT_EQ(create("other", 4, false, "cleanup.policy", "shred"),
            RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_EQ(create("bad/name", 1, false), RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION);

  EXPECT_EQ(grow("made", 6), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_TRUE(eventually([&] { return partitions_of("made") == 6; }, 30s));
  EXPECT_EQ(grow("made", 2), RD_KAFKA_RESP_ERR_INVALID_PARTITIONS);

  EXPECT_EQ(remove("made"), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_TRUE(eventually([&] { return partitions_of("made") == 0; }, 30s));
  EXPECT_EQ(remove("made"), RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
}

TEST_F(kafka_admin, a_topics_and_a_brokers_configs_are_described) {
  ASSERT_EQ(create("configured", 1, false, "retention.ms", "120000"), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("configured") == 1; }, 30s));
  auto topic = configs_of(RD_KAFKA_RESOURCE_TOPIC, "configured");
  ASSERT_TRUE(topic);
  EXPECT_EQ((*topic)["retention.ms"], "120000");
  EXPECT_EQ((*topic)["min.insync.replicas"], "2");
  EXPECT_EQ((*topic)["cleanup.policy"], "delete");
  auto broker = configs_of(RD_KAFKA_RESOURCE_BROKER, "2");
  ASSERT_TRUE(broker);
  EXPECT_EQ((*broker)["broker.id"], "2");
  EXPECT_EQ((*broker)["default.replication.factor"], "3");
  EXPECT_FALSE(configs_of(RD_KAFKA_RESOURCE_TOPIC, "no-such-topic"));
}

TEST_F(kafka_admin, a_topics_configs_are_altered_as_a_whole) {
  ASSERT_EQ(create("altered", 1, false, "max.message.bytes", "4096"), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("altered") == 1; }, 30s));
  ASSERT_EQ(alter_configs("altered", {{"retention.ms", "90000"},
                                      {"message.timestamp.type", "LogAppendTime"}}),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  auto topic = configs_of(RD_KAFKA_RESOURCE_TOPIC, "altered");
  ASSERT_TRUE(topic);
  EXPECT_EQ((*topic)["retention.ms"], "90000");
  EXPECT_EQ((*topic)["message.timestamp.type"], "LogAppendTime");
  EXPECT_EQ((*topic)["max.message.bytes"], "1048588") << "AlterConfigs resets what it leaves out";
  EXPECT_EQ(alter_configs("altered", {{"retention.days", "2"}}), RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_EQ(alter_configs("altered", {{"min.insync.replicas", "4"}}),
            RD_KAFKA_RESP_ERR_INVALID_CONFIG);
  EXPECT_EQ(alter_configs("no-such-topic", {{"retention.ms", "1"}}),
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
  EXPECT_EQ((*configs_of(RD_KAFKA_RESOURCE_TOPIC, "altered"))["retention.ms"], "90000")
    << "a refused alter changed the topic";
}

// The partitions of a member's assignment, read as Kafka's consumer
// protocol lays them out (version, [topic, [partition]], user data).
std::vector<int32_t> assigned_partitions(const void* bytes, size_t size) {
  kafka::wire_reader r{{static_cast<const char*>(bytes), size}, false};
  r.int16();
  std::vector<int32_t> out;
  for (int32_t t = 0, topics = r.array_length(); t < topics; ++t) {
    r.string();
    for (int32_t p = 0, n = r.array_length(); p < n; ++p)
      out.push_back(r.int32());
  }
  r.nullable_bytes();
  EXPECT_FALSE(r.failed()) << r.failure();
  return out;
}

TEST_F(kafka_admin, a_strom_group_is_listed_described_and_deleted_once_empty) {
  ASSERT_EQ(create("grouped", 2, false), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("grouped") == 2; }, 30s));
  consumer_config config;
  config.group_id = "listed";
  auto member = std::make_unique<consumer>(view_->system(), view_->endpoints(), config);
  member->subscribe({"grouped"});
  ASSERT_TRUE(eventually([&] {
    member->poll(100ms);
    return member->assignment().size() == 2;
  }, 60s));
  const rd_kafka_group_list* list = nullptr;
  ASSERT_EQ(rd_kafka_list_groups(rk_, "listed", &list, admin_wait_ms), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(list->group_cnt, 1);
  const auto& g = list->groups[0];
  EXPECT_STREQ(g.state, "Stable");
  EXPECT_STREQ(g.protocol_type, "consumer");
  ASSERT_EQ(g.member_cnt, 1);
  EXPECT_EQ(assigned_partitions(g.members[0].member_assignment, g.members[0].member_assignment_size),
            (std::vector<int32_t>{0, 1}));
  rd_kafka_group_list_destroy(list);

  EXPECT_EQ(delete_group("listed"), RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP);
  member->close();
  member.reset();
  EXPECT_TRUE(eventually([&] { return delete_group("listed") == RD_KAFKA_RESP_ERR_NO_ERROR; },
                         30s));
  EXPECT_EQ(delete_group("listed"), RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND);
}

// A session routes by the partitions it last read: a topic deleted and
// made again under the same name while a producer's connection holds the
// old routes is still written, to the new topic only.
TEST_F(kafka_admin, a_producer_writes_to_a_topic_made_again_under_its_name) {
  ASSERT_EQ(create("reborn", 1, false), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("reborn") == 1; }, 30s));
  rdkafka_producer p{bootstrap(), {{"acks", "all"}}};
  ASSERT_TRUE(p) << p.error();
  std::vector<kafka_record> first(3);
  for (auto& r : first) {
    r.value = "old";
    r.partition = 0;
  }
  auto errors = p.send("reborn", first, 30s);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(remove("reborn"), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("reborn") == 0; }, 30s));
  ASSERT_EQ(create("reborn", 1, false), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("reborn") == 1; }, 30s));
  std::vector<kafka_record> again(1);
  again[0].value = "new";
  again[0].partition = 0;
  errors = p.send("reborn", again, 60s);
  ASSERT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(again[0].offset, 0) << "the record went to the old topic's log";
  auto read = rdkafka_read(bootstrap(), "reborn", 0, 0, 1, 30s);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].value, std::optional<std::string>{"new"});
}

TEST_F(kafka_admin, a_consumer_without_a_subscription_commits_and_reads_its_offsets) {
  ASSERT_EQ(create("committed", 2, false), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return partitions_of("committed") == 2; }, 30s));
  char err[512];
  auto* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap().c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "hand-assigned", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  auto* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  ASSERT_NE(consumer, nullptr) << err;
  auto* offsets = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(offsets, "committed", 0)->offset = 17;
  rd_kafka_topic_partition_list_add(offsets, "committed", 1)->offset = 4;
  rd_kafka_resp_err_t committed = RD_KAFKA_RESP_ERR__TIMED_OUT;
  // The coordinator may still be loading its groups just after start.
  EXPECT_TRUE(eventually([&] {
    committed = rd_kafka_commit(consumer, offsets, 0);
    return committed == RD_KAFKA_RESP_ERR_NO_ERROR;
  }, 30s)) << rd_kafka_err2str(committed);
  auto* read = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(read, "committed", 0);
  rd_kafka_topic_partition_list_add(read, "committed", 1);
  EXPECT_EQ(rd_kafka_committed(consumer, read, admin_wait_ms), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(read->elems[0].offset, 17);
  EXPECT_EQ(read->elems[1].offset, 4);
  rd_kafka_topic_partition_list_destroy(read);
  rd_kafka_topic_partition_list_destroy(offsets);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
}

// Kafka's auto.create.topics.enable, as the manifest's
// defaults.auto_create_topics: a producer's first record to a topic nobody
// created lands in a new topic of the cluster's defaults. (Off, the
// default, kafka_door's librdkafka_is_told_a_topic_is_unknown shows.)
TEST(kafka_auto_create, a_topic_a_producer_names_is_made_with_the_defaults) {
  test_cluster cluster{1, "defaults:\n  partitions: 2\n  auto_create_topics: true\n"};
  cluster.open_door_ports(test_cluster::door::kafka);
  cluster.start_all();
  cluster_view view{cluster};
  ASSERT_TRUE(view.brokers_alive(30s)) << cluster.logs();
  auto bootstrap = "127.0.0.1:" + std::to_string(
                                     cluster.door_port_of(test_cluster::door::kafka, node_id{1}));
  rdkafka_producer p{bootstrap, {{"acks", "all"}}};
  ASSERT_TRUE(p) << p.error();
  std::vector<kafka_record> records(5);
  for (size_t i = 0; i < records.size(); ++i)
    records[i].value = "made " + std::to_string(i);
  auto errors = p.send("made-on-demand", records, 60s);
  ASSERT_TRUE(errors.empty()) << errors.front() << cluster.logs();
  auto md = view.ask<cluster_metadata>(node_id{1}, 5s, metadata_atom::value,
                                       std::vector<std::string>{"made-on-demand"});
  ASSERT_TRUE(md && md->topics.size() == 1);
  EXPECT_EQ(md->topics[0].partitions.size(), 2u);
}

} // namespace
} // namespace strom::testing
