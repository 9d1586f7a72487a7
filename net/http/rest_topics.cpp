// Topics: create, delete, list, describe, and their configs (GET and POST
// /v1/topics/T/configs); each one request to the node's broker.

#include "net/http/http_replies.hpp"
#include "net/http/http_requests.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

namespace {

rest_answer create_topic(rest_context& ctx, const std::string& body) {
  nlohmann::json in;
  topic_spec spec;
  if (auto err = parse_body(body, in))
    return bad_request(*err);
  if (auto err = parse_topic_spec(in, spec))
    return bad_request(*err);
  // Kafka's rule: create on the cluster, or on the topic.
  if (ctx.security && !door_may_create_topic(*ctx.security, ctx.who, spec.name))
    return *refused(ctx, acl_operation::create, resource_type::topic, spec.name);
  auto created = ctx.client.ask_broker<topic_metadata>(create_topic_atom::value, spec);
  if (!created)
    return error_answer(created.error());
  // Answered once this node knows the topic, so that the next request here
  // (produce, read) finds it; its leaders as this node sees them.
  auto known = ctx.client.find_topic(created->name);
  return ok_answer(topic_json(known ? *known : *created), 201);
}

rest_answer delete_topic(rest_context& ctx, const std::string& name) {
  if (auto no = refused(ctx, acl_operation::remove, resource_type::topic, name))
    return *no;
  auto deleted = ctx.client.ask_broker<topic_metadata>(delete_topic_atom::value, name);
  if (!deleted)
    return error_answer(deleted.error());
  return ok_answer(topic_json(*deleted));
}

rest_answer list_topics(rest_context& ctx) {
  auto md = ctx.client.ask_broker<cluster_metadata>(metadata_atom::value,
                                                    std::vector<std::string>{});
  if (!md)
    return error_answer(md.error());
  auto topics = nlohmann::json::array();
  for (const auto& t : md->topics)
    if (permitted(ctx, acl_operation::describe, resource_type::topic, t.name))
      topics.push_back(topic_json(t));
  return ok_answer({{"topics", std::move(topics)}});
}

rest_answer describe_topic(rest_context& ctx, const std::string& name) {
  if (auto no = refused(ctx, acl_operation::describe, resource_type::topic, name))
    return *no;
  auto topic = ctx.client.find_topic(name);
  if (!topic)
    return error_answer(topic.error());
  return ok_answer(topic_json(*topic));
}

rest_answer describe_configs(rest_context& ctx, const std::string& name) {
  if (auto no = refused(ctx, acl_operation::describe_configs, resource_type::topic, name))
    return *no;
  auto topic = ctx.client.find_topic(name);
  if (!topic)
    return error_answer(topic.error());
  return ok_answer({{"name", topic->name}, {"configs", configs_json(topic->config)}});
}

rest_answer alter_configs(rest_context& ctx, const std::string& name, const std::string& body) {
  nlohmann::json in;
  std::vector<config_change> changes;
  if (auto err = parse_body(body, in))
    return bad_request(*err);
  if (auto err = parse_config_changes(in, changes))
    return bad_request(*err);
  if (auto no = refused(ctx, acl_operation::alter_configs, resource_type::topic, name))
    return *no;
  auto altered = ctx.client.ask_broker<topic_metadata>(alter_configs_atom::value, name, changes);
  if (!altered)
    return error_answer(altered.error());
  return ok_answer(topic_json(*altered));
}

} // namespace

rest_answer answer_topics(rest_context& ctx, const route& r, const std::string& body) {
  switch (r.kind) {
    case route_kind::create_topic:
      return create_topic(ctx, body);
    case route_kind::delete_topic:
      return delete_topic(ctx, r.topic);
    case route_kind::describe_topic:
      return describe_topic(ctx, r.topic);
    case route_kind::describe_topic_configs:
      return describe_configs(ctx, r.topic);
    case route_kind::alter_topic_configs:
      return alter_configs(ctx, r.topic, body);
    default:
      return list_topics(ctx);
  }
}

} // namespace strom
