// Records through the Kafka door against three real nodes: librdkafka
// produces (acks all, 1 and 0, each compression codec) and reads back every
// field, ListOffsets gives the watermarks, kcat pipes records in and out,
// and a record produced through any door reads the same through any other
// (strom's own C++ client and librdkafka, both ways).

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "messages/error_category.hpp"
#include "messages/kafka_records.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto delivery_wait = 30s;
constexpr int64_t base_time_ms = 1'700'000'000'000;

class kafka_records : public door_suite<test_cluster::door::kafka> {
protected:
  static std::string bootstrap() {
    return "127.0.0.1:" + std::to_string(door_port(1)) + ",127.0.0.1:"
           + std::to_string(door_port(2));
  }

  static void create(const std::string& topic, int32_t partitions) {
    auto failed = view_->create_topic(topic_spec{topic, partitions, 3}, 30s);
    ASSERT_FALSE(failed) << describe(failed);
  }
};

std::vector<kafka_record> numbered(int count, int32_t partition = -1) {
  std::vector<kafka_record> out;
  for (int i = 0; i < count; ++i) {
    kafka_record r;
    r.key = "k" + std::to_string(i % 7);
    r.value = "value " + std::to_string(i);
    r.headers = {{"h", "x" + std::to_string(i)}, {"empty", std::nullopt}};
    r.timestamp_ms = base_time_ms + i;
    r.partition = partition;
    out.push_back(std::move(r));
  }
  return out;
}

// Every record read back from its partition at its offset, field by field.
void expect_read_back(const std::string& bootstrap, const std::string& topic,
                      const std::vector<kafka_record>& sent) {
  std::map<int32_t, std::map<int64_t, const kafka_record*>> by_partition;
  for (const auto& r : sent)
    by_partition[r.partition][r.offset] = &r;
  for (const auto& [partition, records] : by_partition) {
    auto read = rdkafka_read(bootstrap, topic, partition, records.begin()->first, records.size(),
                             delivery_wait);
    ASSERT_EQ(read.size(), records.size()) << "partition " << partition;
    for (const auto& got : read) {
      auto it = records.find(got.offset);
      ASSERT_NE(it, records.end()) << "offset " << got.offset << " was not sent";
      EXPECT_EQ(got.key, it->second->key);
      EXPECT_EQ(got.value, it->second->value);
      EXPECT_EQ(got.headers, it->second->headers);
      EXPECT_EQ(got.timestamp_ms, it->second->timestamp_ms);
    }
  }
}

void produce_and_read_back(const std::string& bootstrap, const std::string& topic,
                           const kafka_settings& settings, int count) {
  rdkafka_producer p{bootstrap, settings};
  ASSERT_TRUE(p) << p.error();
  auto records = numbered(count);
  auto errors = p.send(topic, records, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  expect_read_back(bootstrap, topic, records);
}

TEST_F(kafka_records, librdkafka_produces_with_acks_all_and_reads_back_every_field) {
  create("all", 3);
  produce_and_read_back(bootstrap(), "all", {{"acks", "all"}, {"linger.ms", "5"}}, 300);
}

TEST_F(kafka_records, acks_1_is_answered_once_the_leader_holds_the_batch) {
  create("one", 2);
  produce_and_read_back(bootstrap(), "one", {{"acks", "1"}}, 50);
}

TEST_F(kafka_records, acks_0_is_never_answered_and_the_records_still_land) {
  create("zero", 1);
  rdkafka_producer p{bootstrap(), {{"acks", "0"}}};
  ASSERT_TRUE(p) << p.error();
  auto records = numbered(40, 0);
  auto errors = p.send("zero", records, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto read = rdkafka_read(bootstrap(), "zero", 0, 0, records.size(), delivery_wait);
  ASSERT_EQ(read.size(), records.size());
  EXPECT_EQ(read.back().value, records.back().value);
}

TEST_F(kafka_records, list_offsets_gives_each_partitions_watermarks) {
  create("marks", 1);
  rdkafka_producer p{bootstrap(), {{"acks", "all"}}};
  auto records = numbered(25, 0);
  auto errors = p.send("marks", records, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto marks = rdkafka_watermarks(bootstrap(), "marks", 0);
  ASSERT_TRUE(marks);
  EXPECT_EQ(marks->first, 0);
  EXPECT_EQ(marks->second, 25);
}

// rd_kafka_offsets_for_times: ListOffsets by timestamp, the first offset
// whose record's timestamp is at or after it; past the last record, -1
// (librdkafka's "end").
TEST_F(kafka_records, list_offsets_finds_the_first_record_at_or_after_a_time) {
  create("timed", 1);
  rdkafka_producer p{bootstrap(), {{"acks", "all"}}};
  auto records = numbered(40, 0);
  auto errors = p.send("timed", records, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  char err[512];
  auto* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap().c_str(), err, sizeof err);
  auto* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  ASSERT_NE(rk, nullptr) << err;
  auto offset_at = [&](int64_t time_ms) {
    auto* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, "timed", 0)->offset = time_ms;
    auto asked = rd_kafka_offsets_for_times(rk, list, 10000);
    int64_t out = asked == RD_KAFKA_RESP_ERR_NO_ERROR && list->elems[0].err == 0
                    ? list->elems[0].offset
                    : -1000;
    rd_kafka_topic_partition_list_destroy(list);
    return out;
  };
  EXPECT_EQ(offset_at(base_time_ms), 0);
  EXPECT_EQ(offset_at(base_time_ms + 25), 25);
  EXPECT_EQ(offset_at(base_time_ms + 39), 39);
  EXPECT_EQ(offset_at(base_time_ms + 1000), -1) << "no record that late";
  rd_kafka_destroy(rk);
}

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe{::popen(command.c_str(), "r"), ::pclose};
  char chunk[4096];
  while (pipe && std::fgets(chunk, sizeof chunk, pipe.get()) != nullptr)
    out += chunk;
  return out;
}

TEST_F(kafka_records, kcat_pipes_records_in_and_out) {
  create("piped", 1);
  run("printf 'a:one\\nb:two\\nc:three\\n' | kcat -P -b " + bootstrap()
      + " -t piped -p 0 -K: 2>&1");
  auto out = run("kcat -C -b " + bootstrap() + " -t piped -p 0 -o beginning -e -q "
                 "-f '%k=%s@%o\\n' 2>&1");
  EXPECT_EQ(out, "a=one@0\nb=two@1\nc=three@2\n");
}

// strom's own producer, then librdkafka reads; librdkafka produces, then
// strom's own consumer reads: the same fields and offsets either way.
TEST_F(kafka_records, a_record_reads_the_same_through_the_other_door) {
  create("across", 1);
  producer own{view_->system(), view_->endpoints()};
  std::vector<kafka_record> sent = numbered(10, 0);
  for (auto& r : sent) {
    record out{r.key, r.value, {}, r.timestamp_ms};
    for (const auto& [name, value] : r.headers)
      out.headers.push_back({name, value});
    own.send("across", std::move(out), [&r](const delivery_report& d) {
      r.offset = d.offset.value();
    });
  }
  ASSERT_TRUE(own.flush());
  expect_read_back(bootstrap(), "across", sent);

  rdkafka_producer theirs{bootstrap(), {{"acks", "all"}}};
  auto more = numbered(10, 0);
  auto errors = theirs.send("across", more, delivery_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  consumer_config config;
  config.auto_offset_reset = reset_policy::earliest;
  consumer reader{view_->system(), view_->endpoints(), config};
  reader.assign({{"across", partition_id{0}}});
  std::vector<consumer_record> read;
  ASSERT_TRUE(eventually([&] {
    for (auto& r : reader.poll(200ms))
      read.push_back(std::move(r));
    return read.size() >= 20;
  }, delivery_wait));
  for (size_t i = 0; i < more.size(); ++i) {
    const auto& got = read.at(10 + i).record;
    EXPECT_EQ(got.offset.value(), more[i].offset);
    EXPECT_EQ(got.key, more[i].key);
    EXPECT_EQ(got.value, more[i].value);
    EXPECT_EQ(got.timestamp_ms, more[i].timestamp_ms);
    ASSERT_EQ(got.headers.size(), 2u);
    EXPECT_EQ(got.headers[0].key, "h");
    EXPECT_EQ(got.headers[0].value, more[i].headers[0].second);
    EXPECT_EQ(got.headers[1].value, std::nullopt);
  }
}

class kafka_compression : public kafka_records,
                          public ::testing::WithParamInterface<const char*> {};

TEST_P(kafka_compression, a_compressed_batch_reads_back_through_both_doors) {
  std::string codec = GetParam();
  create("zipped-" + codec, 1);
  produce_and_read_back(bootstrap(), "zipped-" + codec,
                        {{"acks", "all"}, {"compression.codec", codec}, {"linger.ms", "20"}},
                        200);
  // Stored as it came: the batch in the leader's log names the codec.
  auto md = view_->ask<cluster_metadata>(node_id{1}, 5s, metadata_atom::value,
                                         std::vector<std::string>{"zipped-" + codec});
  ASSERT_TRUE(md && md->topics.size() == 1);
  const auto& p = md->topics[0].partitions.at(0);
  auto stored = view_->ask<fetch_reply>(p.leader, 5s, fetch_atom::value, p.group,
                                        fetch_request{record_offset{0}, 1 << 20, 0});
  ASSERT_TRUE(stored && !stored->batches.empty());
  // librdkafka sends a batch plain when compressing would not shrink it (a
  // first batch of one or two records), so one batch naming the codec is
  // what shows it was kept.
  size_t named = 0;
  for (const auto& batch : stored->batches) {
    auto raw = read_raw_batch(batch);
    ASSERT_TRUE(raw);
    EXPECT_TRUE(raw->header.attributes & batch_attribute_kafka_records);
    auto stored_codec = compression_codec_of_bits(raw->header.attributes);
    EXPECT_TRUE(stored_codec == compression_codec_of(codec)
                || stored_codec == compression_codec_of("none"));
    named += stored_codec == compression_codec_of(codec);
  }
  EXPECT_GE(named, 1u) << "no stored batch of " << stored->batches.size() << " names " << codec;

  consumer_config config;
  config.auto_offset_reset = reset_policy::earliest;
  consumer reader{view_->system(), view_->endpoints(), config};
  reader.assign({{"zipped-" + codec, partition_id{0}}});
  size_t read = 0;
  ASSERT_TRUE(eventually([&] {
    read += reader.poll(200ms).size();
    return read >= 200;
  }, delivery_wait)) << "strom's consumer read " << read << " of 200";
}

INSTANTIATE_TEST_SUITE_P(codecs, kafka_compression,
                         ::testing::Values("gzip", "snappy", "lz4", "zstd"));

} // namespace
} // namespace strom::testing
