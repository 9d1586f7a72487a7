// The consumers a client holds by id (CreateConsumer, FetchRecords,
// CommitOffsets, CloseConsumer), and ReadPartition, a consumer for one call.

#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/consumer_actor.hpp"
#include "net/grpc/api_translation.hpp"
#include "net/grpc/grpc_service.hpp"
#include "net/grpc/grpc_service_detail.hpp"
#include "net/grpc/request_checks.hpp"
#include "net/grpc/status_of.hpp"

namespace strom {

namespace {

grpc::Status unknown_consumer(const std::string& id) {
  return status_of(make_error(errc::not_found, "no consumer " + id +
                                                 " (closed, expired or never created)"));
}

consumer_config group_config(const api::CreateConsumerRequest& request) {
  consumer_config c;
  c.group_id = request.group();
  // Commits are the client's (CommitOffsets); a group without commits
  // starts at the earliest record unless the client asks otherwise.
  c.enable_auto_commit = false;
  c.auto_offset_reset =
    request.auto_offset_reset() == "latest" ? reset_policy::latest : reset_policy::earliest;
  return c;
}

} // namespace

grpc::Status grpc_service::CreateConsumer(context* ctx, const api::CreateConsumerRequest* request,
                                          api::Consumer* reply) {
  const auto& config = config_;
  if (auto s = check(*request, config); !s.ok())
    return s;
  if (auto s = check_reader(ctx, request->group(), {request->topics().begin(),
                                                    request->topics().end()});
      !s.ok())
    return s;
  for (const auto& topic : request->topics())
    if (auto md = client_.find_topic(topic); !md)
      return status_of(md.error());
  auto idle_ms = grpc_detail::idle_timeout_of(request->idle_timeout_ms(), config);
  auto consumer = client_.spawn_consumer(group_config(*request));
  auto id = client_.hold(consumer, request->group(), idle_ms);
  if (!id) {
    caf::anon_send_exit(consumer, caf::exit_reason::user_shutdown);
    return grpc_detail::too_many("consumers", config.consumers_max);
  }
  std::vector<std::string> topics{request->topics().begin(), request->topics().end()};
  caf::anon_send(consumer, subscribe_topics_atom::value, std::move(topics));
  reply->set_consumer_id(*id);
  reply->set_idle_timeout_ms(idle_ms.count());
  return grpc::Status::OK;
}

grpc::Status grpc_service::FetchRecords(context* ctx, const api::FetchRequest* request,
                                        api::RecordList* reply) {
  const auto& config = config_;
  if (auto s = check(*request, config); !s.ok())
    return s;
  if (auto s = auth_.check_authenticated(ctx); !s.ok())
    return s;
  auto consumer = client_.use(request->consumer_id());
  if (!consumer)
    return unknown_consumer(request->consumer_id());
  auto records = client_.poll(*consumer, grpc_detail::records_max_of(request->max_records(), config),
                      grpc_detail::wait_of(request->max_wait_ms(), config));
  client_.use(request->consumer_id()); // a long wait is no idleness
  if (!records)
    return status_of(records.error());
  to_api(*records, *reply);
  return grpc::Status::OK;
}

grpc::Status grpc_service::CommitOffsets(context* ctx, const api::ConsumerRef* request,
                                         api::CommitReply* reply) {
  if (auto s = auth_.check_authenticated(ctx); !s.ok())
    return s;
  auto consumer = client_.use(request->consumer_id());
  if (!consumer)
    return unknown_consumer(request->consumer_id());
  auto positions = client_.positions(*consumer);
  if (!positions)
    return status_of(positions.error());
  if (auto err = client_.commit(*consumer))
    return status_of(err);
  for (const auto& [tp, offset] : *positions)
    to_api(partition_offset{tp, offset, {}, -1}, *reply->add_committed());
  return grpc::Status::OK;
}

grpc::Status grpc_service::CloseConsumer(context* ctx, const api::ConsumerRef* request,
                                         api::CloseReply*) {
  if (auto s = auth_.check_authenticated(ctx); !s.ok())
    return s;
  auto consumer = client_.release(request->consumer_id());
  if (!consumer)
    return unknown_consumer(request->consumer_id());
  client_.close_consumer(*consumer);
  return grpc::Status::OK;
}

grpc::Status grpc_service::ReadPartition(context* ctx, const api::ReadPartitionRequest* request,
                                         api::RecordList* reply) {
  const auto& config = config_;
  if (auto s = check(*request, config); !s.ok())
    return s;
  if (auto s = check_reader(ctx, "", {request->topic()}); !s.ok())
    return s;
  auto topic = client_.find_topic(request->topic());
  if (!topic)
    return status_of(topic.error());
  if (auto err = door_client::check_partition(*topic, request->partition()))
    return status_of(err);
  consumer_config c;
  c.enable_auto_commit = false;
  // An offset outside the log starts at its end: nothing to read yet.
  c.auto_offset_reset = reset_policy::latest;
  auto consumer = client_.spawn_consumer(std::move(c));
  client_.start_partition_read(consumer, request->topic(), request->partition(), request->offset());
  auto records = client_.poll(consumer, grpc_detail::records_max_of(request->max_records(), config),
                      grpc_detail::wait_of(request->max_wait_ms(), config));
  caf::anon_send_exit(consumer, caf::exit_reason::user_shutdown); // no group to leave
  if (!records)
    return status_of(records.error());
  to_api(*records, *reply);
  return grpc::Status::OK;
}

} // namespace strom
