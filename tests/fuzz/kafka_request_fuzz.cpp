// Kafka's wire protocol as the Kafka door reads it from a socket (net/kafka):
// the bytes cut into frames in reads of a size taken from the input, each
// frame's header read, and the body of each API the door answers decoded
// as the session would (Metadata answered; a Produce's record batches
// checked and carried into strom batches). Nothing may crash or read past a
// frame; a frame is never buffered beyond its limit.
//
// Input: a read size (uint8, 0 taken as 1), then the connection's bytes.

#include "messages/record_batch.hpp"
#include "net/kafka/api_versions.hpp"
#include "net/kafka/alter_configs_api.hpp"
#include "net/kafka/describe_configs_api.hpp"
#include "net/kafka/fetch_api.hpp"
#include "net/kafka/group_listing_api.hpp"
#include "net/kafka/group_membership_api.hpp"
#include "net/kafka/group_offsets_api.hpp"
#include "net/kafka/init_producer_id_api.hpp"
#include "net/kafka/kafka_batch.hpp"
#include "net/kafka/list_offsets_api.hpp"
#include "net/kafka/metadata_api.hpp"
#include "net/kafka/produce_api.hpp"
#include "net/kafka/topic_admin_api.hpp"
#include "net/kafka/request_frame.hpp"
#include "net/kafka/response_frame.hpp"
#include "net/kafka/wire_writer.hpp"
#include "tests/fuzz/support/byte_reader.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

// Small, so that the limit is met by small inputs.
constexpr size_t frame_bytes_max = 4096;

cluster_metadata one_topic() {
  cluster_metadata md;
  md.brokers.push_back({{node_id{1}, "127.0.0.1", 9301}, true});
  topic_metadata t;
  t.name = "events";
  t.partitions.push_back({partition_id{0}, group_id{1}, {node_id{1}}, node_id{1}, term_id{1}});
  md.topics.push_back(t);
  return md;
}

// The alter APIs: every change goes through the config catalogue, as the
// controller applies it, and the answer is written for every resource.
void answer_alter(bool flexible, const result<kafka::alter_configs_request>& request) {
  if (!request)
    return;
  std::vector<kafka::alter_answer> answers;
  for (const auto& resource : request->resources) {
    topic_config config;
    for (const auto& change : resource.changes)
      (void)apply_config_change(config, change, topic_config{});
    answers.push_back({kafka::error_code::none, resource.unreadable, resource.type, resource.name});
  }
  (void)kafka::write_alter_configs(flexible, answers);
}

// The membership APIs, each read and answered with what was read.
void answer_join_group(int16_t v, std::string_view body) {
  auto request = kafka::read_join_group(v, body);
  if (!request)
    return;
  kafka::join_group_response response; // a leader's: a member per protocol read
  for (const auto& p : request->protocols)
    response.members.push_back({request->member, request->instance, p.metadata});
  (void)kafka::write_join_group(v, response);
}

void answer_sync_group(int16_t v, std::string_view body) {
  if (auto request = kafka::read_sync_group(v, body))
    (void)kafka::write_sync_group(v, {kafka::error_code::none, request->protocol_type,
                                      request->protocol_name, ""});
}

void answer_leave_group(int16_t v, std::string_view body) {
  auto request = kafka::read_leave_group(v, body);
  if (!request)
    return;
  std::vector<kafka::leave_group_member_result> results;
  for (const auto& m : request->members)
    results.push_back({m.member, m.instance, kafka::error_code::unknown_member_id});
  (void)kafka::write_leave_group(v, kafka::error_code::none, results);
}

void answer(const kafka::parsed_request& r) {
  const auto& h = r.header;
  if (!h.api)
    return;
  if (h.api->key == kafka::api_key::api_versions) {
    if (auto body = kafka::answer_api_versions(h, r.body))
      require(!kafka::frame_response(h, *body).empty(), "an answer is framed");
    return;
  }
  if (h.api_version < h.api->min_version || h.api_version > h.api->max_version)
    return; // the session closes the connection
  bool flexible = kafka::is_flexible(*h.api, h.api_version);
  auto v = h.api_version;
  switch (h.api->key) {
    case kafka::api_key::metadata:
      if (auto request = kafka::read_metadata_request(v, flexible, r.body))
        (void)kafka::answer_metadata(v, flexible, *request, one_topic(), {});
      return;
    case kafka::api_key::produce:
      if (auto request = kafka::read_produce_request(v, flexible, r.body))
        for (const auto& t : request->topics)
          for (const auto& p : t.partitions)
            (void)kafka::kafka_batches_to_strom(p.records.value_or(""));
      return;
    case kafka::api_key::fetch: (void)kafka::read_fetch_request(v, r.body); return;
    case kafka::api_key::list_offsets: (void)kafka::read_list_offsets_request(v, r.body); return;
    case kafka::api_key::create_topics:
      if (auto request = kafka::read_create_topics(v, r.body))
        for (const auto& t : request->topics) {
          auto refusal = kafka::error_code::none;
          (void)kafka::spec_of(t, refusal);
        }
      return;
    case kafka::api_key::delete_topics: (void)kafka::read_delete_topics(v, r.body); return;
    case kafka::api_key::create_partitions: (void)kafka::read_create_partitions(v, r.body); return;
    case kafka::api_key::find_coordinator: (void)kafka::read_find_coordinator(v, r.body); return;
    case kafka::api_key::offset_commit: (void)kafka::read_offset_commit(v, r.body); return;
    case kafka::api_key::offset_fetch: (void)kafka::read_offset_fetch(v, r.body); return;
    case kafka::api_key::init_producer_id: (void)kafka::read_init_producer_id(v, r.body); return;
    case kafka::api_key::describe_configs: (void)kafka::read_describe_configs(v, r.body); return;
    case kafka::api_key::describe_groups: (void)kafka::read_describe_groups(v, r.body); return;
    case kafka::api_key::alter_configs:
      answer_alter(kafka::is_flexible(kafka::api_key::alter_configs, v),
                   kafka::read_alter_configs(v, r.body));
      return;
    case kafka::api_key::incremental_alter_configs:
      answer_alter(kafka::is_flexible(kafka::api_key::incremental_alter_configs, v),
                   kafka::read_incremental_alter_configs(v, r.body));
      return;
    case kafka::api_key::list_groups:
      if (auto request = kafka::read_list_groups(v, r.body))
        (void)kafka::write_list_groups(v, kafka::error_code::none, {}, *request);
      return;
    case kafka::api_key::delete_groups: (void)kafka::read_delete_groups(v, r.body); return;
    case kafka::api_key::join_group: answer_join_group(v, r.body); return;
    case kafka::api_key::sync_group: answer_sync_group(v, r.body); return;
    case kafka::api_key::heartbeat:
      if (kafka::read_heartbeat(v, r.body))
        (void)kafka::write_heartbeat(v, kafka::error_code::none);
      return;
    case kafka::api_key::leave_group: answer_leave_group(v, r.body); return;
    default: return;
  }
}

// Frames the request the way a client would, for the seeds.
std::string framed(int16_t key, int16_t version, const std::string& body, bool flexible_header) {
  kafka::wire_writer w{false};
  auto size_at = w.reserve_int32();
  w.int16(key);
  w.int16(version);
  w.int32(1);
  w.string("fuzz");
  if (flexible_header)
    w.uvarint(0);
  w.raw(body);
  w.patch_int32(size_at, static_cast<int32_t>(w.size() - 4));
  return w.take();
}

} // namespace

// A Produce v3 body carrying one Kafka batch of two records.
std::string produce_body() {
  auto batch = kafka::strom_batch_to_kafka(
    *encode_record_batch({record{std::string{"k"}, "v", {{"h", std::nullopt}}, 7},
                          record{std::nullopt, std::nullopt, {}, 8}}));
  kafka::wire_writer w{false};
  w.nullable_string(std::nullopt);
  w.int16(-1);
  w.int32(1000);
  w.array_length(1);
  w.string("events");
  w.array_length(1);
  w.int32(0);
  w.bytes(batch ? *batch : std::string{});
  return w.take();
}

// A member's life in a group: JoinGroup v5, SyncGroup v4 (flexible, the
// leader's assignment), Heartbeat v4 (flexible), LeaveGroup v3.
std::string membership_frames() {
  kafka::wire_writer join{false};
  join.string("g");
  join.int32(10000);
  join.int32(60000);
  join.string("");
  join.nullable_string(std::nullopt);
  join.string("consumer");
  join.array_length(1);
  join.string("range");
  join.bytes("meta");
  kafka::wire_writer sync{true};
  sync.string("g");
  sync.int32(1);
  sync.string("m");
  sync.nullable_string(std::nullopt);
  sync.array_length(1);
  sync.string("m");
  sync.bytes("assignment");
  sync.tagged_fields();
  sync.tagged_fields();
  std::string heartbeat("\x02" "g" "\0\0\0\x01" "\x02" "m" "\0" "\0", 10);
  std::string leave("\0\x01" "g" "\0\0\0\x01" "\0\x01" "m" "\xff\xff", 12);
  return framed(11, 5, join.take(), false) + framed(14, 4, sync.take(), true)
         + framed(12, 4, heartbeat, true) + framed(13, 3, leave, false);
}

std::vector<std::string> seeds() {
  std::string all_topics("\xff\xff\xff\xff", 4);
  std::string v9_topics("\x02\x07" "events" "\x00" "\x01\x00\x00\x00", 12);
  return {std::string(1, '\x05') + framed(18, 0, "", false) + framed(18, 3, std::string("\x02" "a" "\x02" "b" "\x00", 5), true)
            + framed(3, 1, all_topics, false) + framed(3, 9, v9_topics, true),
          std::string(1, '\x01') + framed(3, 4, all_topics + std::string(1, '\x01'), false)
            + framed(999, 0, "", false),
          std::string(1, '\x40') + framed(0, 3, produce_body(), false),
          std::string(1, '\x07') + membership_frames()};
}

void run(const uint8_t* data, size_t size) {
  byte_reader in{data, size};
  size_t read_bytes = std::max<size_t>(1, in.take<uint8_t>());
  auto bytes = in.take_rest();
  kafka::frame_splitter frames{frame_bytes_max};
  for (size_t at = 0; at < bytes.size(); at += read_bytes) {
    frames.received(std::string_view{bytes}.substr(at, read_bytes));
    for (;;) {
      auto frame = frames.next();
      if (!frame || !*frame)
        break;
      require((*frame)->size() <= frame_bytes_max, "a frame is within the limit");
      if (auto request = kafka::parse_request(**frame))
        answer(*request);
    }
    if (!frames.next())
      return; // the session closes the connection
    require(frames.buffered_bytes() <= frame_bytes_max + 4 + read_bytes,
            "the splitter holds at most one unfinished frame and one read");
  }
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
