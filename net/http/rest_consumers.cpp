// Consumer instances in a group, held by the door_client for clients that
// come back for them (Confluent's REST proxy style): create, subscribe,
// fetch the next records, commit what was fetched, see the positions,
// delete. An instance id is the door's own and unique across groups, and
// found only under the path of its own group.

#include <caf/send.hpp>

#include "net/client/client_atoms.hpp"
#include "net/http/http_replies.hpp"
#include "net/http/http_requests.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

namespace {

rest_answer unknown_instance(const route& r) {
  return error_answer(http_error_of(errc::not_found, "no consumer instance " + r.instance +
                                                       " in group " + r.group +
                                                       " (deleted, expired or never created)"));
}

// Every topic must exist, and be the principal's to read, before a
// consumer subscribes to it.
std::optional<rest_answer> check_topics(rest_context& ctx,
                                        const std::vector<std::string>& topics) {
  for (const auto& t : topics) {
    if (auto no = refused(ctx, acl_operation::read, resource_type::topic, t))
      return no;
    if (auto md = ctx.client.find_topic(t); !md)
      return error_answer(md.error());
  }
  return std::nullopt;
}

// An ACL taken away after the subscription takes effect at the next poll.
std::optional<rest_answer> check_records(rest_context& ctx,
                                         const std::vector<consumer_record>& records) {
  std::string last;
  for (const auto& record : records) {
    if (record.topic == last)
      continue;
    last = record.topic;
    if (auto no = refused(ctx, acl_operation::read, resource_type::topic, last))
      return no;
  }
  return std::nullopt;
}

consumer_config instance_config(const std::string& group, const consumer_request& request) {
  consumer_config c;
  c.group_id = group;
  c.enable_auto_commit = request.auto_commit;
  c.auto_offset_reset = request.auto_offset_reset;
  return c;
}

rest_answer create_instance(rest_context& ctx, const route& r, const std::string& body) {
  nlohmann::json in;
  consumer_request request;
  if (auto err = parse_body(body, in))
    return bad_request(*err);
  if (auto err = parse_consumer_request(in, request))
    return bad_request(*err);
  if (auto failed = check_topics(ctx, request.topics))
    return *failed;
  auto consumer = ctx.client.spawn_consumer(instance_config(r.group, request));
  auto id = ctx.client.hold(consumer, r.group, ctx.config.consumer_idle_timeout_ms);
  if (!id) {
    caf::anon_send_exit(consumer, caf::exit_reason::user_shutdown);
    return error_answer(http_error{429, to_string(errc::bad_request),
                                   "this door holds as many consumer instances as it may"});
  }
  if (!request.topics.empty())
    caf::anon_send(consumer, subscribe_topics_atom::value, request.topics);
  return ok_answer({{"instance_id", *id},
                    {"group", r.group},
                    {"base_uri", "/v1/consumers/" + r.group + "/instances/" + *id}},
                   201);
}

rest_answer subscribe(rest_context& ctx, const caf::actor& consumer, const std::string& body) {
  nlohmann::json in;
  std::vector<std::string> topics;
  if (auto err = parse_body(body, in))
    return bad_request(*err);
  if (auto err = parse_topic_list(in, topics))
    return bad_request(*err);
  if (auto failed = check_topics(ctx, topics))
    return *failed;
  caf::anon_send(consumer, subscribe_topics_atom::value, topics);
  return ok_answer({{"topics", topics}});
}

rest_answer poll_records(rest_context& ctx, const route& r, const caf::actor& consumer) {
  int64_t records_max = static_cast<int64_t>(ctx.config.read_records_default);
  int64_t wait_ms = ctx.config.read_wait_ms_default.count();
  auto encoding = record_encoding::utf8;
  if (auto err = query_integer(r.query, "max", 1,
                               static_cast<int64_t>(ctx.config.read_records_max), records_max))
    return bad_request(*err);
  if (auto err = query_integer(r.query, "wait_ms", 0, ctx.config.read_wait_ms_max.count(),
                               wait_ms))
    return bad_request(*err);
  if (auto err = query_encoding(r.query, encoding))
    return bad_request(*err);
  auto records = ctx.client.poll(consumer, static_cast<size_t>(records_max),
                                 std::chrono::milliseconds{wait_ms});
  ctx.client.use(r.instance, r.group); // a long wait is no idleness
  if (!records)
    return error_answer(records.error());
  if (auto no = check_records(ctx, *records))
    return *no;
  return ok_answer({{"records", records_json(*records, encoding)}});
}

rest_answer commit(rest_context& ctx, const caf::actor& consumer) {
  auto positions = ctx.client.positions(consumer);
  if (!positions)
    return error_answer(positions.error());
  if (auto err = ctx.client.commit(consumer))
    return error_answer(err);
  return ok_answer({{"committed", positions_json(*positions)}});
}

rest_answer assignments(rest_context& ctx, const caf::actor& consumer) {
  auto positions = ctx.client.positions(consumer);
  if (!positions)
    return error_answer(positions.error());
  return ok_answer({{"positions", positions_json(*positions)}});
}

rest_answer delete_instance(rest_context& ctx, const route& r) {
  auto consumer = ctx.client.release(r.instance, r.group);
  if (!consumer)
    return unknown_instance(r);
  ctx.client.close_consumer(*consumer);
  return ok_answer({{"instance_id", r.instance}, {"closed", true}});
}

} // namespace

rest_answer answer_consumers(rest_context& ctx, const route& r, const std::string& body) {
  // Kafka's rule: a group's members and commits need read on the group.
  if (auto no = refused(ctx, acl_operation::read, resource_type::group, r.group))
    return *no;
  if (r.kind == route_kind::create_consumer)
    return create_instance(ctx, r, body);
  if (r.kind == route_kind::delete_consumer)
    return delete_instance(ctx, r);
  auto consumer = ctx.client.use(r.instance, r.group);
  if (!consumer)
    return unknown_instance(r);
  switch (r.kind) {
    case route_kind::subscribe:
      return subscribe(ctx, *consumer, body);
    case route_kind::poll_records:
      return poll_records(ctx, r, *consumer);
    case route_kind::commit_offsets:
      return commit(ctx, *consumer);
    default:
      return assignments(ctx, *consumer);
  }
}

} // namespace strom
