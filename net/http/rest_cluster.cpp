// The cluster as this node sees it, and consumer groups (through the admin
// client, wherever their coordinators are).

#include <algorithm>

#include "net/http/http_replies.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

namespace {

rest_answer cluster_status(rest_context& ctx) {
  auto md = ctx.client.ask_broker<cluster_metadata>(metadata_atom::value,
                                                    std::vector<std::string>{});
  if (!md)
    return error_answer(md.error());
  // As Kafka's Metadata: the nodes for everyone, the topics one may describe.
  auto& topics = md->topics;
  topics.erase(std::remove_if(topics.begin(), topics.end(),
                              [&ctx](const topic_metadata& t) {
                                return !permitted(ctx, acl_operation::describe,
                                                  resource_type::topic, t.name);
                              }),
               topics.end());
  return ok_answer(cluster_json(*md));
}

rest_answer list_groups(rest_context& ctx) {
  auto groups = ctx.client.with_admin([](admin_client& admin) { return admin.list_groups(); });
  if (!groups)
    return error_answer(groups.error());
  auto out = nlohmann::json::array();
  for (const auto& g : *groups)
    if (permitted(ctx, acl_operation::describe, resource_type::group, g.group))
      out.push_back(group_overview_json(g));
  return ok_answer({{"groups", std::move(out)}});
}

// The group, and its lag per partition against the leaders' log ends.
rest_answer describe_group(rest_context& ctx, const std::string& name) {
  if (auto no = refused(ctx, acl_operation::describe, resource_type::group, name))
    return *no;
  std::vector<partition_lag> lag;
  auto group = ctx.client.with_admin([&name, &lag](admin_client& admin) {
    auto described = admin.describe_group(name);
    if (described)
      lag = admin.group_lag(*described);
    return described;
  });
  if (!group)
    return error_answer(group.error());
  auto out = group_json(*group);
  out.update(lag_json(lag));
  return ok_answer(std::move(out));
}

} // namespace

rest_answer answer_cluster(rest_context& ctx, const route& r) {
  switch (r.kind) {
    case route_kind::list_groups:
      return list_groups(ctx);
    case route_kind::describe_group:
      return describe_group(ctx, r.group);
    default:
      return cluster_status(ctx);
  }
}

} // namespace strom
