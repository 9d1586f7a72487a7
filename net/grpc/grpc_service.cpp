#include "net/grpc/grpc_service.hpp"

namespace strom {

namespace {

door_client_config client_config_of(const grpc_door_settings& s) {
  door_client_config c;
  c.broker = s.broker;
  c.broker_endpoint = s.broker_endpoint;
  c.client_id = "strom-grpc";
  c.consumers_max = s.config.consumers_max;
  c.consumer_credit_bytes = s.config.consumer_credit_bytes;
  c.request_timeout_ms = s.config.request_timeout_ms;
  c.topic_wait_ms = s.config.topic_wait_ms;
  c.publish_timeout_ms = s.config.publish_timeout_ms;
  return c;
}

} // namespace

grpc_service::grpc_service(caf::actor_system& sys, grpc_door_settings settings)
  : config_(settings.config),
    client_(sys, client_config_of(settings)),
    streams_(settings.config.streams_max),
    auth_(std::move(settings.security)) {
}

grpc::Status grpc_service::check_reader(context* ctx, const std::string& group,
                                        const std::vector<std::string>& topics) {
  if (!group.empty())
    if (auto s = auth_.check(ctx, acl_operation::read, resource_type::group, group); !s.ok())
      return s;
  for (const auto& topic : topics)
    if (auto s = auth_.check(ctx, acl_operation::read, resource_type::topic, topic); !s.ok())
      return s;
  return auth_.check_authenticated(ctx);
}

} // namespace strom
