// The client library against three real nodes: the producer's records land
// exactly once and in per-key order where Kafka's partitioner puts them, the
// partition reader reads them back from every leader, and records that
// cannot go get the typed error in their delivery report.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "actors/partitioning/murmur2.hpp"
#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/client/partition_reader.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int record_count = 5000;
constexpr int key_count = 50;
constexpr int partition_count = 3;

class client_test : public ::testing::Test {
protected:
  client_test() : cluster_{3}, view_{cluster_} {}

  std::vector<endpoint> bootstrap() const { return view_.endpoints(); }

  // Starts the nodes and waits until the controller sees all three alive.
  void start() {
    cluster_.start_all();
    ASSERT_TRUE(view_.brokers_alive(30s)) << "the cluster did not see 3 brokers alive\n"
                                          << cluster_.logs();
  }

  void create_topic(const topic_spec& spec) {
    auto failed = view_.create_topic(spec, 30s);
    ASSERT_FALSE(failed) << describe(failed) << "\n" << cluster_.logs();
  }

  // Every record of the partition, from its start to its high watermark.
  std::vector<stored_record> read_all(const std::string& topic, partition_id p) {
    partition_reader reader{view_.system(), bootstrap(), topic, p};
    auto end = reader.list_offsets(latest_offset_spec);
    EXPECT_TRUE(end) << describe(end.error());
    auto start = reader.seek_to(earliest_offset_spec);
    EXPECT_TRUE(start) << describe(start.error());
    std::vector<stored_record> out;
    while (end && start && reader.position() < *end) {
      auto got = reader.poll(1000ms);
      if (!got) {
        ADD_FAILURE() << "partition " << p << " at " << reader.position() << ": "
                      << describe(got.error());
        break;
      }
      for (auto& r : got->records)
        out.push_back(std::move(r));
    }
    return out;
  }

  test_cluster cluster_;
  cluster_view view_;
};

std::string key_of(int i) {
  return "key-" + std::to_string(i % key_count);
}

// The value says which record of its key it is: "key-7#12" is key-7's 13th.
std::string value_of(int i) {
  return key_of(i) + "#" + std::to_string(i / key_count);
}

TEST_F(client_test, keyed_records_land_once_in_key_order_and_read_back_from_every_partition) {
  start();
  create_topic(topic_spec{"orders", partition_count, 3});

  std::mutex mutex;
  std::map<int, delivery_report> reports;
  {
    producer p{view_.system(), bootstrap()};
    for (int i = 0; i < record_count; ++i) {
      record r;
      r.key = key_of(i);
      r.value = value_of(i);
      p.send("orders", std::move(r), [&, i](const delivery_report& d) {
        std::lock_guard<std::mutex> guard{mutex};
        EXPECT_TRUE(reports.emplace(i, d).second) << "record " << i << " reported twice";
      });
    }
    ASSERT_TRUE(p.flush());
  }
  ASSERT_EQ(reports.size(), static_cast<size_t>(record_count));
  for (const auto& [i, d] : reports) {
    ASSERT_TRUE(d.ok()) << "record " << i << ": " << describe(d.error) << "\n" << cluster_.logs();
    EXPECT_EQ(d.partition, kafka_key_partition(key_of(i), partition_count)) << "record " << i;
  }

  std::map<std::string, int> next_per_key;
  std::map<std::pair<int32_t, int64_t>, std::string> at;
  size_t total = 0;
  for (int32_t n = 0; n < partition_count; ++n) {
    partition_id p{n};
    for (const auto& r : read_all("orders", p)) {
      ++total;
      ASSERT_TRUE(r.key && r.value);
      EXPECT_EQ(kafka_key_partition(*r.key, partition_count), p) << *r.key;
      // Per key, the values come in the order they were sent, none twice.
      auto expected = *r.key + "#" + std::to_string(next_per_key[*r.key]++);
      ASSERT_EQ(*r.value, expected) << "partition " << p << " offset " << r.offset;
      at[{n, r.offset.value()}] = *r.value;
    }
  }
  EXPECT_EQ(total, static_cast<size_t>(record_count)) << "records read back";
  for (const auto& [i, d] : reports) {
    std::pair<int32_t, int64_t> where{d.partition.value(), d.offset.value()};
    EXPECT_EQ(at[where], value_of(i))
      << "the report of record " << i << " names partition " << d.partition << " offset "
      << d.offset;
  }
}

TEST_F(client_test, unknown_topics_and_oversized_records_get_typed_errors) {
  start();
  topic_spec small{"small", 1, 3};
  small.batch_bytes_max = 1024;
  create_topic(small);

  producer p{view_.system(), bootstrap()};
  record big;
  big.value = std::string(2000, 'x');
  auto too_large = p.send("small", big);
  record fine;
  fine.value = std::string(100, 'y');
  auto delivered = p.send("small", fine);
  auto unknown = p.send("no-such-topic", fine);

  auto r1 = too_large.get();
  EXPECT_EQ(r1.code(), errc::record_too_large) << describe(r1.error);
  auto r2 = delivered.get();
  EXPECT_TRUE(r2.ok()) << describe(r2.error) << "\n" << cluster_.logs();
  EXPECT_EQ(r2.offset, record_offset{0});
  auto r3 = unknown.get();
  EXPECT_EQ(r3.code(), errc::unknown_topic) << describe(r3.error);
}

// Records of every kind a Kafka client sends: null keys, tombstones, headers
// with null values, timestamps out of order.
std::vector<record> varied_records(int count) {
  std::vector<record> out;
  for (int i = 0; i < count; ++i) {
    record r;
    if (i % 7 != 0)
      r.key = key_of(i);
    if (i % 11 != 0)
      r.value = value_of(i) + std::string(static_cast<size_t>(i % 50), 'x');
    r.headers = {{"n", std::to_string(i)}, {"none", std::nullopt}};
    r.timestamp_ms = 1'700'000'000'000 + (i % 3 == 0 ? -i : i);
    out.push_back(std::move(r));
  }
  return out;
}

// Polls until `count` records arrived or the time is up.
std::vector<stored_record> consume_all(consumer& c, size_t count,
                                       std::chrono::milliseconds timeout) {
  std::vector<stored_record> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline)
    for (auto& r : c.poll(200ms))
      out.push_back(std::move(r.record));
  return out;
}

TEST_F(client_test, records_produced_with_every_compression_consume_back_unchanged) {
  start();
  constexpr int per_codec = 300;
  auto sent = varied_records(per_codec);
  for (auto codec : {compression_codec::gzip, compression_codec::snappy, compression_codec::lz4,
                     compression_codec::zstd}) {
    std::string topic = std::string{"compressed-"} + to_string(codec);
    create_topic(topic_spec{topic, 1, 3});
    producer_config config;
    config.compression = codec;
    producer p{view_.system(), bootstrap(), config};
    std::atomic<int> failed{0};
    for (const auto& r : sent)
      p.send(topic, r, [&failed](const delivery_report& d) { failed += d.ok() ? 0 : 1; },
             partition_id{0});
    ASSERT_TRUE(p.flush()) << to_string(codec);
    ASSERT_EQ(failed.load(), 0) << to_string(codec) << " records not delivered\n"
                                << cluster_.logs();

    consumer_config reading;
    reading.auto_offset_reset = reset_policy::earliest;
    consumer c{view_.system(), bootstrap(), reading};
    c.assign({{topic, partition_id{0}}});
    auto got = consume_all(c, sent.size(), 20s);
    ASSERT_EQ(got.size(), sent.size()) << to_string(codec) << "\n" << cluster_.logs();
    for (size_t i = 0; i < sent.size(); ++i) {
      EXPECT_EQ(got[i].offset, record_offset{static_cast<int64_t>(i)}) << to_string(codec);
      EXPECT_EQ(got[i].key, sent[i].key) << to_string(codec) << " record " << i;
      EXPECT_EQ(got[i].value, sent[i].value) << to_string(codec) << " record " << i;
      EXPECT_EQ(got[i].headers, sent[i].headers) << to_string(codec) << " record " << i;
      EXPECT_EQ(got[i].timestamp_ms, sent[i].timestamp_ms) << to_string(codec) << " record " << i;
    }
    c.close();
  }
}

} // namespace
} // namespace strom::testing
