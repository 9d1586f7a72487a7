// The service's topic, cluster and group RPCs: each one request to the
// node's broker (groups: to their coordinator, through the admin client).

#include <map>

#include "net/grpc/api_translation.hpp"
#include "net/grpc/grpc_service.hpp"
#include "net/grpc/request_checks.hpp"
#include "net/grpc/status_of.hpp"

namespace strom {

namespace {

topic_spec spec_of(const api::CreateTopicRequest& request) {
  topic_spec spec;
  spec.name = request.name();
  spec.partitions = request.partitions();
  spec.replication_factor = request.replication_factor();
  if (request.has_retention_ms())
    spec.retention_ms = request.retention_ms();
  if (request.has_retention_bytes())
    spec.retention_bytes = request.retention_bytes();
  // In key order, so that the same request makes the same command.
  std::map<std::string, std::string> sorted(request.configs().begin(), request.configs().end());
  for (const auto& [key, value] : sorted)
    spec.configs.emplace_back(key, value);
  return spec;
}

std::vector<config_change> changes_of(const api::AlterTopicConfigRequest& request) {
  std::map<std::string, std::string> sorted(request.set().begin(), request.set().end());
  std::vector<config_change> out;
  for (const auto& [key, value] : sorted)
    out.push_back(config_change{key, config_op::set, value});
  for (const auto& key : request.reset())
    out.push_back(config_change{key, config_op::remove, ""});
  return out;
}

} // namespace

grpc::Status grpc_service::CreateTopic(context* ctx, const api::CreateTopicRequest* request,
                                       api::Topic* reply) {
  if (auto s = check(*request); !s.ok())
    return s;
  if (auto s = auth_.check_create_topic(ctx, request->name()); !s.ok())
    return s;
  auto created = client_.ask_broker<topic_metadata>(create_topic_atom::value, spec_of(*request));
  if (!created)
    return status_of(created.error());
  // Answered once this node knows the topic, so that the next call here
  // (Produce, Consume) finds it; its leaders as this node sees them.
  auto known = client_.find_topic(created->name);
  to_api(known ? *known : *created, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::DeleteTopic(context* ctx, const api::TopicName* request,
                                       api::Topic* reply) {
  if (auto s = check_topic_name("name", request->name()); !s.ok())
    return s;
  if (auto s = auth_.check(ctx, acl_operation::remove, resource_type::topic, request->name());
      !s.ok())
    return s;
  auto deleted = client_.ask_broker<topic_metadata>(delete_topic_atom::value, request->name());
  if (!deleted)
    return status_of(deleted.error());
  to_api(*deleted, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::ListTopics(context* ctx, const api::ListTopicsRequest*,
                                      api::TopicList* reply) {
  if (auto s = auth_.check_authenticated(ctx); !s.ok())
    return s;
  auto md = client_.ask_broker<cluster_metadata>(metadata_atom::value, std::vector<std::string>{});
  if (!md)
    return status_of(md.error());
  for (const auto& t : md->topics)
    if (auth_.may(ctx, acl_operation::describe, resource_type::topic, t.name))
      to_api(t, *reply->add_topics());
  return grpc::Status::OK;
}

grpc::Status grpc_service::DescribeTopic(context* ctx, const api::TopicName* request,
                                         api::Topic* reply) {
  if (auto s = check_topic_name("name", request->name()); !s.ok())
    return s;
  if (auto s = auth_.check(ctx, acl_operation::describe, resource_type::topic, request->name());
      !s.ok())
    return s;
  auto topic = client_.find_topic(request->name());
  if (!topic)
    return status_of(topic.error());
  to_api(*topic, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::AlterTopicConfig(context* ctx,
                                            const api::AlterTopicConfigRequest* request,
                                            api::Topic* reply) {
  if (auto s = check_topic_name("name", request->name()); !s.ok())
    return s;
  auto changes = changes_of(*request);
  if (changes.empty())
    return invalid_argument("set", "name at least one config to set or reset");
  if (auto s = auth_.check(ctx, acl_operation::alter_configs, resource_type::topic,
                           request->name());
      !s.ok())
    return s;
  auto altered = client_.ask_broker<topic_metadata>(alter_configs_atom::value, request->name(),
                                                    std::move(changes));
  if (!altered)
    return status_of(altered.error());
  to_api(*altered, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::ClusterStatus(context* ctx, const api::ClusterStatusRequest*,
                                         api::Cluster* reply) {
  if (auto s = auth_.check(ctx, acl_operation::describe, resource_type::cluster,
                           std::string{cluster_resource_name});
      !s.ok())
    return s;
  auto md = client_.ask_broker<cluster_metadata>(metadata_atom::value, std::vector<std::string>{});
  if (!md)
    return status_of(md.error());
  to_api(*md, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::ListGroups(context* ctx, const api::ListGroupsRequest*,
                                      api::GroupList* reply) {
  if (auto s = auth_.check_authenticated(ctx); !s.ok())
    return s;
  auto groups = client_.with_admin([](admin_client& admin) { return admin.list_groups(); });
  if (!groups)
    return status_of(groups.error());
  for (const auto& g : *groups)
    if (auth_.may(ctx, acl_operation::describe, resource_type::group, g.group))
      to_api(g, *reply->add_groups());
  return grpc::Status::OK;
}

grpc::Status grpc_service::DescribeGroup(context* ctx, const api::GroupName* request,
                                         api::Group* reply) {
  if (request->group().empty())
    return invalid_argument("group", "a group name is required");
  if (auto s = auth_.check(ctx, acl_operation::describe, resource_type::group, request->group());
      !s.ok())
    return s;
  auto group = client_.with_admin(
    [&](admin_client& admin) { return admin.describe_group(request->group()); });
  if (!group)
    return status_of(group.error());
  to_api(*group, *reply);
  return grpc::Status::OK;
}

} // namespace strom
