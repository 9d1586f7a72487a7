// Records in and out by partition: produce (through the door's one
// producer, batched with every other client's), and a read of one
// partition from an offset (a group-less consumer for one request).

#include <caf/send.hpp>

#include "net/http/http_replies.hpp"
#include "net/http/http_requests.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

namespace {

// The first failure when no record was delivered: the request failed as a
// whole (one too large record: 413).
std::optional<caf::error> all_failed(const std::vector<delivery_report>& reports) {
  for (const auto& r : reports)
    if (r.ok())
      return std::nullopt;
  return reports.front().error;
}

struct read_request {
  int32_t partition = 0;
  int64_t offset = door_earliest_offset;
  int64_t records_max = 0;
  int64_t wait_ms = 0;
  record_encoding encoding = record_encoding::utf8;
};

std::optional<request_error> parse_read(const route& r, const http_door_config& config,
                                        read_request& out) {
  out.records_max = static_cast<int64_t>(config.read_records_default);
  out.wait_ms = config.read_wait_ms_default.count();
  if (auto err = parse_partition_segment(r.partition, out.partition))
    return err;
  if (auto err = query_offset(r.query, out.offset))
    return err;
  if (auto err = query_integer(r.query, "max", 1,
                               static_cast<int64_t>(config.read_records_max), out.records_max))
    return err;
  if (auto err = query_integer(r.query, "wait_ms", 0, config.read_wait_ms_max.count(),
                               out.wait_ms))
    return err;
  return query_encoding(r.query, out.encoding);
}

} // namespace

rest_answer answer_produce(rest_context& ctx, const route& r, const std::string& body) {
  if (auto no = refused(ctx, acl_operation::write, resource_type::topic, r.topic))
    return *no;
  nlohmann::json in;
  std::vector<door_record> records;
  if (auto err = parse_body(body, in))
    return bad_request(*err);
  if (auto err = parse_produce(in, ctx.config.produce_records_max, records))
    return bad_request(*err);
  auto topic = ctx.client.find_topic(r.topic);
  if (!topic)
    return error_answer(topic.error());
  for (const auto& record : records)
    if (record.partition)
      if (auto err = door_client::check_partition(*topic, *record.partition))
        return error_answer(err);
  auto reports = ctx.client.produce(r.topic, std::move(records));
  if (!reports)
    return error_answer(reports.error());
  if (auto failed = all_failed(*reports))
    return error_answer(*failed);
  return ok_answer(delivery_json(*reports));
}

rest_answer answer_read(rest_context& ctx, const route& r) {
  if (auto no = refused(ctx, acl_operation::read, resource_type::topic, r.topic))
    return *no;
  read_request request;
  if (auto err = parse_read(r, ctx.config, request))
    return bad_request(*err);
  auto topic = ctx.client.find_topic(r.topic);
  if (!topic)
    return error_answer(topic.error());
  if (auto err = door_client::check_partition(*topic, request.partition))
    return error_answer(err);
  consumer_config c;
  c.enable_auto_commit = false;
  // An offset outside the log starts at its end: nothing to read yet.
  c.auto_offset_reset = reset_policy::latest;
  auto consumer = ctx.client.spawn_consumer(std::move(c));
  ctx.client.start_partition_read(consumer, r.topic, request.partition, request.offset);
  auto records = ctx.client.poll(consumer, static_cast<size_t>(request.records_max),
                                 std::chrono::milliseconds{request.wait_ms});
  caf::anon_send_exit(consumer, caf::exit_reason::user_shutdown); // no group to leave
  if (!records)
    return error_answer(records.error());
  return ok_answer({{"records", records_json(*records, request.encoding)}});
}

} // namespace strom
