// Produce: the records go to the door's producer_actor, which batches them
// per partition with every other client's; the call answers once each has
// its delivery report.

#include "messages/error_category.hpp"
#include "net/grpc/api_translation.hpp"
#include "net/grpc/grpc_service.hpp"
#include "net/grpc/request_checks.hpp"
#include "net/grpc/status_of.hpp"

namespace strom {

namespace {

std::vector<door_record> records_of(const api::ProduceRequest& request) {
  std::vector<door_record> out;
  out.reserve(static_cast<size_t>(request.records_size()));
  for (const auto& r : request.records()) {
    door_record d;
    if (r.has_partition())
      d.partition = r.partition();
    d.value = to_record(r);
    out.push_back(std::move(d));
  }
  return out;
}

// True (with the first failure) when no record was delivered.
std::optional<caf::error> all_failed(const std::vector<delivery_report>& reports) {
  for (const auto& r : reports)
    if (r.ok())
      return std::nullopt;
  return reports.front().error;
}

void fill_reply(const std::vector<delivery_report>& reports, api::ProduceReply& reply) {
  for (const auto& r : reports) {
    auto* result = reply.add_results();
    result->set_partition(r.partition.value());
    result->set_offset(r.ok() ? r.offset.value() : -1);
    if (!r.ok())
      result->set_error(describe(r.error));
  }
}

} // namespace

grpc::Status grpc_service::Produce(context* ctx, const api::ProduceRequest* request,
                                   api::ProduceReply* reply) {
  if (auto s = check(*request, config_); !s.ok())
    return s;
  if (auto s = auth_.check(ctx, acl_operation::write, resource_type::topic, request->topic());
      !s.ok())
    return s;
  auto topic = client_.find_topic(request->topic());
  if (!topic)
    return status_of(topic.error());
  for (const auto& r : request->records())
    if (r.has_partition())
      if (auto err = door_client::check_partition(*topic, r.partition()))
        return status_of(err);
  auto reports = client_.produce(request->topic(), records_of(*request));
  if (!reports)
    return status_of(reports.error());
  if (auto failed = all_failed(*reports))
    return status_of(*failed);
  fill_reply(*reports, *reply);
  return grpc::Status::OK;
}

} // namespace strom
