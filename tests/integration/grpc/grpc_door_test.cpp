// The gRPC door of three real nodes, driven by grpc's own client as an
// application would: topics are created, described, listed and deleted;
// records are produced and read back from a partition; a held consumer
// fetches and commits; a Consume stream of a group gets its history, then
// what is produced later, and shares the topic with a CAF client consumer
// of the same group; malformed requests get INVALID_ARGUMENT naming the
// field, unknown names NOT_FOUND; garbage on the port harms nothing.

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "strom_api.grpc.pb.h"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

// Bounds on waits, never claims about speed.
constexpr auto call_deadline_ms = 30000ms;
constexpr auto settle_ms = 60000ms;

class grpc_door_test : public door_suite<test_cluster::door::grpc> {
protected:
  static std::unique_ptr<api::Strom::Stub> stub(int node) {
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(door_port(node)),
                                       grpc::InsecureChannelCredentials());
    return api::Strom::NewStub(channel);
  }

  static void deadline(grpc::ClientContext& ctx, std::chrono::milliseconds ms = call_deadline_ms) {
    ctx.set_deadline(std::chrono::system_clock::now() + ms);
  }

  // CreateTopic through `node`, retried while the cluster is not ready.
  static grpc::Status create(int node, const std::string& name, int partitions,
                             api::Topic* out = nullptr) {
    auto s = stub(node);
    api::CreateTopicRequest request;
    request.set_name(name);
    request.set_partitions(partitions);
    api::Topic reply;
    grpc::Status status;
    eventually(
      [&] {
        grpc::ClientContext ctx;
        deadline(ctx);
        status = s->CreateTopic(&ctx, request, &reply);
        return status.error_code() != grpc::StatusCode::UNAVAILABLE;
      },
      settle_ms);
    if (out)
      *out = reply;
    return status;
  }

  static api::Record keyed(const std::string& key, const std::string& value) {
    api::Record r;
    r.set_key(key);
    r.set_value(value);
    return r;
  }

  static grpc::Status produce(int node, const std::string& topic,
                              const std::vector<api::Record>& records,
                              api::ProduceReply* out = nullptr) {
    api::ProduceRequest request;
    request.set_topic(topic);
    for (const auto& r : records)
      *request.add_records() = r;
    grpc::ClientContext ctx;
    deadline(ctx);
    api::ProduceReply reply;
    auto status = stub(node)->Produce(&ctx, request, &reply);
    if (out)
      *out = reply;
    return status;
  }

  // Values "<prefix><i>" for i in [0, count), keyed by i.
  static void produce_values(int node, const std::string& topic, const std::string& prefix,
                             int count) {
    std::vector<api::Record> records;
    for (int i = 0; i < count; ++i)
      records.push_back(keyed("k" + std::to_string(i), prefix + std::to_string(i)));
    api::ProduceReply reply;
    auto status = produce(node, topic, records, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(reply.results_size(), count);
    for (const auto& r : reply.results())
      ASSERT_TRUE(r.error().empty()) << r.error();
  }
};

TEST_F(grpc_door_test, topics_are_created_described_listed_and_deleted) {
  api::Topic created;
  auto status = create(1, "orders", 4, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.name(), "orders");
  EXPECT_EQ(created.partitions_size(), 4);
  EXPECT_EQ(created.replication_factor(), 3);

  EXPECT_EQ(create(2, "orders", 4).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // Another node knows it too.
  {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::TopicName name;
    name.set_name("orders");
    api::Topic described;
    ASSERT_TRUE(stub(3)->DescribeTopic(&ctx, name, &described).ok());
    EXPECT_EQ(described.partitions_size(), 4);
  }
  {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::TopicList list;
    ASSERT_TRUE(stub(2)->ListTopics(&ctx, {}, &list).ok());
    std::set<std::string> names;
    for (const auto& t : list.topics())
      names.insert(t.name());
    EXPECT_TRUE(names.count("orders"));
  }
  {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::TopicName name;
    name.set_name("orders");
    api::Topic deleted;
    ASSERT_TRUE(stub(1)->DeleteTopic(&ctx, name, &deleted).ok());
  }
  EXPECT_TRUE(eventually(
    [&] {
      grpc::ClientContext ctx;
      deadline(ctx);
      api::TopicName name;
      name.set_name("orders");
      api::Topic described;
      return stub(1)->DescribeTopic(&ctx, name, &described).error_code() ==
             grpc::StatusCode::NOT_FOUND;
    },
    settle_ms));
}

TEST_F(grpc_door_test, a_topics_config_is_altered_and_shown) {
  ASSERT_TRUE(create(1, "configured", 1).ok());
  auto alter = [&](int node, const std::map<std::string, std::string>& set,
                   std::vector<std::string> reset, api::Topic* out) {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::AlterTopicConfigRequest request;
    request.set_name("configured");
    for (const auto& [key, value] : set)
      (*request.mutable_set())[key] = value;
    for (auto& key : reset)
      request.add_reset(key);
    return stub(node)->AlterTopicConfig(&ctx, request, out);
  };
  api::Topic altered;
  auto status = alter(2, {{"retention.ms", "1000"}, {"min.insync.replicas", "2"}}, {}, &altered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(altered.retention_ms(), 1000);
  EXPECT_EQ(altered.configs().at("min.insync.replicas"), "2");
  ASSERT_TRUE(alter(3, {}, {"retention.ms"}, &altered).ok());
  EXPECT_EQ(altered.configs().at("retention.ms"), "604800000");
  auto unknown = alter(1, {{"flush.ms", "5"}}, {}, &altered);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(unknown.error_message().find("flush.ms"), std::string::npos)
    << unknown.error_message();
  EXPECT_EQ(alter(1, {}, {}, &altered).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(grpc_door_test, malformed_requests_name_their_field_and_unknown_names_are_not_found) {
  auto bad = create(1, "", 1);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("name"), std::string::npos) << bad.error_message();

  auto negative = create(1, "negative", -3);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(negative.error_message().find("partitions"), std::string::npos);

  auto nothing = produce(1, "nowhere", {});
  EXPECT_EQ(nothing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(nothing.error_message().find("records"), std::string::npos);

  EXPECT_EQ(produce(1, "nowhere", {keyed("k", "v")}).error_code(), grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(create(1, "small", 2).ok());
  auto outside = keyed("k", "v");
  outside.set_partition(7);
  EXPECT_EQ(produce(2, "small", {outside}).error_code(), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext ctx;
  deadline(ctx);
  api::FetchRequest fetch;
  fetch.set_consumer_id("no-such-consumer");
  api::RecordList records;
  EXPECT_EQ(stub(1)->FetchRecords(&ctx, fetch, &records).error_code(),
            grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext read_ctx;
  deadline(read_ctx);
  api::ReadPartitionRequest read;
  read.set_topic("small");
  read.set_offset(-7);
  auto status = stub(1)->ReadPartition(&read_ctx, read, &records);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("offset"), std::string::npos) << status.error_message();
}

TEST_F(grpc_door_test, records_are_produced_and_read_back_from_a_partition) {
  ASSERT_TRUE(create(1, "ledger", 3).ok());
  std::vector<api::Record> records;
  for (int i = 0; i < 20; ++i) {
    auto r = keyed("key" + std::to_string(i), std::string("v\0", 2) + std::to_string(i));
    r.set_partition(1);
    auto* h = r.add_headers();
    h->set_key("source");
    h->set_value("grpc");
    records.push_back(r);
  }
  api::ProduceReply reply;
  auto status = produce(2, "ledger", records, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(reply.results_size(), 20);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(reply.results(i).partition(), 1);
    EXPECT_EQ(reply.results(i).offset(), i);
  }

  grpc::ClientContext ctx;
  deadline(ctx);
  api::ReadPartitionRequest read;
  read.set_topic("ledger");
  read.set_partition(1);
  read.set_offset(5);
  read.set_max_records(100);
  read.set_max_wait_ms(5000);
  api::RecordList got;
  status = stub(3)->ReadPartition(&ctx, read, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(got.records_size(), 1);
  for (int i = 0; i < got.records_size(); ++i) {
    const auto& r = got.records(i);
    EXPECT_EQ(r.offset(), 5 + i);
    EXPECT_EQ(r.key(), "key" + std::to_string(5 + i));
    EXPECT_EQ(r.value(), std::string("v\0", 2) + std::to_string(5 + i));
    ASSERT_EQ(r.headers_size(), 1);
    EXPECT_EQ(r.headers(0).value(), "grpc");
  }
}

TEST_F(grpc_door_test, a_held_consumer_fetches_commits_and_its_group_resumes_there) {
  ASSERT_TRUE(create(1, "jobs", 2).ok());
  produce_values(1, "jobs", "a", 30);
  auto s = stub(2);
  auto open = [&] {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::CreateConsumerRequest request;
    request.set_group("workers");
    request.add_topics("jobs");
    api::Consumer consumer;
    auto status = s->CreateConsumer(&ctx, request, &consumer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return consumer.consumer_id();
  };
  auto fetch_all = [&](const std::string& id, size_t count) {
    std::set<std::string> values;
    eventually(
      [&] {
        grpc::ClientContext ctx;
        deadline(ctx);
        api::FetchRequest fetch;
        fetch.set_consumer_id(id);
        fetch.set_max_wait_ms(500);
        api::RecordList records;
        if (s->FetchRecords(&ctx, fetch, &records).ok())
          for (const auto& r : records.records())
            values.insert(r.value());
        return values.size() >= count;
      },
      settle_ms);
    return values;
  };
  auto id = open();
  EXPECT_EQ(fetch_all(id, 30).size(), 30u);
  {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::ConsumerRef ref;
    ref.set_consumer_id(id);
    api::CommitReply committed;
    ASSERT_TRUE(s->CommitOffsets(&ctx, ref, &committed).ok());
    int64_t total = 0;
    for (const auto& c : committed.committed())
      total += c.offset();
    EXPECT_EQ(total, 30);
  }
  {
    grpc::ClientContext ctx;
    deadline(ctx);
    api::ConsumerRef ref;
    ref.set_consumer_id(id);
    api::CloseReply closed;
    ASSERT_TRUE(s->CloseConsumer(&ctx, ref, &closed).ok());
  }
  // The next member of the group starts where the first committed.
  produce_values(3, "jobs", "b", 10);
  auto again = open();
  auto values = fetch_all(again, 10);
  EXPECT_EQ(values.size(), 10u);
  for (const auto& v : values)
    EXPECT_EQ(v.front(), 'b') << v;
}

// Reads a Consume stream on a thread of its own until cancelled.
class stream_reader {
public:
  stream_reader(api::Strom::Stub& stub, api::ConsumeRequest request) {
    thread_ = std::thread{[this, &stub, request] {
      auto reader = stub.Consume(&ctx_, request);
      api::ConsumeEvent event;
      while (reader->Read(&event)) {
        std::lock_guard<std::mutex> guard{mutex_};
        if (event.has_rebalance())
          on_rebalance(event.rebalance());
        for (const auto& r : event.records().records())
          values_.insert(r.value());
      }
      reader->Finish();
    }};
  }
  ~stream_reader() {
    ctx_.TryCancel();
    thread_.join();
  }
  std::set<std::string> values() {
    std::lock_guard<std::mutex> guard{mutex_};
    return values_;
  }
  std::set<int32_t> owned() {
    std::lock_guard<std::mutex> guard{mutex_};
    return owned_;
  }
  int rebalances() {
    std::lock_guard<std::mutex> guard{mutex_};
    return rebalances_;
  }

private:
  void on_rebalance(const api::Rebalance& r) {
    ++rebalances_;
    owned_.clear();
    for (const auto& tp : r.owned())
      owned_.insert(tp.partition());
  }

  grpc::ClientContext ctx_;
  std::thread thread_;
  std::mutex mutex_;
  std::set<std::string> values_;
  std::set<int32_t> owned_;
  int rebalances_ = 0;
};

TEST_F(grpc_door_test, a_stream_and_a_client_consumer_share_a_groups_partitions) {
  constexpr int partitions = 4;
  ASSERT_TRUE(create(1, "feed", partitions).ok());
  produce_values(1, "feed", "old", 40);
  auto s = stub(1);
  api::ConsumeRequest request;
  request.set_topic("feed");
  request.set_group("mixed");
  stream_reader stream{*s, request};
  // Its history first: the group had no commits.
  ASSERT_TRUE(eventually([&] { return stream.values().size() == 40; }, settle_ms))
    << stream.values().size() << " of 40";
  EXPECT_EQ(stream.owned().size(), static_cast<size_t>(partitions));

  consumer_config cfg;
  cfg.group_id = "mixed";
  cfg.auto_offset_reset = reset_policy::earliest;
  cfg.session_timeout_ms = 30s;
  cfg.heartbeat_interval_ms = 500ms;
  consumer caf_member{view_->system(), view_->endpoints(), cfg};
  caf_member.subscribe({"feed"});
  auto shared = [&] {
    caf_member.poll(10ms);
    std::set<int32_t> mine;
    for (const auto& tp : caf_member.assignment())
      mine.insert(tp.partition.value());
    auto theirs = stream.owned();
    if (mine.empty() || theirs.empty() || mine.size() + theirs.size() != partitions)
      return false;
    for (auto p : mine)
      if (theirs.count(p))
        return false;
    return true;
  };
  ASSERT_TRUE(eventually(shared, settle_ms)) << "the two members never split the partitions";

  produce_values(2, "feed", "new", 60);
  std::set<std::string> by_caf;
  auto all_new = [&] {
    for (auto& r : caf_member.poll(100ms))
      by_caf.insert(r.record.value.value_or(""));
    size_t from_stream = 0;
    for (const auto& v : stream.values())
      from_stream += v.rfind("new", 0) == 0;
    return from_stream + by_caf.size() >= 60;
  };
  ASSERT_TRUE(eventually(all_new, settle_ms));
  EXPECT_FALSE(by_caf.empty());
  std::set<std::string> together = by_caf;
  for (const auto& v : stream.values())
    if (v.rfind("new", 0) == 0)
      together.insert(v);
  EXPECT_EQ(together.size(), 60u);
  caf_member.close();
}

TEST_F(grpc_door_test, a_stream_cancelled_right_after_joining_leaves_its_group_at_once) {
  ASSERT_TRUE(create(1, "ghosts", 3).ok());
  auto s = stub(2);
  api::ConsumeRequest request;
  request.set_topic("ghosts");
  request.set_group("ghost-grpc");
  std::unique_ptr<stream_reader> stream;
  auto failure = view_->leaves_when_closed(
    "ghost-grpc", [&] { stream = std::make_unique<stream_reader>(*s, request); },
    [&] { stream.reset(); });
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST_F(grpc_door_test, cluster_and_group_status_answer) {
  grpc::ClientContext ctx;
  deadline(ctx);
  api::Cluster cluster;
  ASSERT_TRUE(stub(3)->ClusterStatus(&ctx, {}, &cluster).ok());
  EXPECT_EQ(cluster.brokers_size(), 3);
  for (const auto& b : cluster.brokers())
    EXPECT_TRUE(b.alive()) << b.id();

  grpc::ClientContext missing_ctx;
  deadline(missing_ctx);
  api::GroupName name;
  api::Group group;
  EXPECT_EQ(stub(1)->DescribeGroup(&missing_ctx, name, &group).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  grpc::ClientContext list_ctx;
  deadline(list_ctx);
  api::GroupList groups;
  EXPECT_TRUE(stub(2)->ListGroups(&list_ctx, {}, &groups).ok());
}

TEST_F(grpc_door_test, garbage_on_the_port_harms_no_later_call) {
  auto port = door_port(1);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string garbage = "GET / HTTP/1.1\r\n\r\n\x01\x02\x03 not a gRPC frame at all";
  ASSERT_GT(::write(fd, garbage.data(), garbage.size()), 0);
  char buf[256];
  (void)!::read(fd, buf, sizeof buf); // the server answers or closes: either is fine
  ::close(fd);

  grpc::ClientContext ctx;
  deadline(ctx);
  api::Cluster cluster;
  EXPECT_TRUE(stub(1)->ClusterStatus(&ctx, {}, &cluster).ok());
}

} // namespace
} // namespace strom::testing
