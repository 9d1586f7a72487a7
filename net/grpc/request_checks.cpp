#include "net/grpc/request_checks.hpp"

#include "net/grpc/status_of.hpp"

namespace strom {

namespace {

grpc::Status check_start_offset(const std::string& field, int64_t offset) {
  if (offset < api_earliest_offset)
    return invalid_argument(field, "must be an offset >= 0, -2 (earliest) or -1 (latest), not " +
                                     std::to_string(offset));
  return grpc::Status::OK;
}

grpc::Status check_partition(const std::string& field, int32_t partition) {
  if (partition < 0)
    return invalid_argument(field, "must be >= 0, not " + std::to_string(partition));
  return grpc::Status::OK;
}

grpc::Status check_fetch_bounds(int64_t max_records, int64_t max_wait_ms,
                                const grpc_door_config& config) {
  if (max_records < 0 || static_cast<size_t>(max_records) > config.fetch_records_max)
    return invalid_argument("max_records", "must be 0 (the default) to " +
                                             std::to_string(config.fetch_records_max) +
                                             ", not " + std::to_string(max_records));
  if (max_wait_ms < 0 || max_wait_ms > config.fetch_wait_ms_max.count())
    return invalid_argument("max_wait_ms", "must be 0 to " +
                                             std::to_string(config.fetch_wait_ms_max.count()) +
                                             ", not " + std::to_string(max_wait_ms));
  return grpc::Status::OK;
}

} // namespace

grpc::Status check_topic_name(const std::string& field, const std::string& name) {
  if (name.empty())
    return invalid_argument(field, "a topic name is required");
  return grpc::Status::OK;
}

grpc::Status check(const api::CreateTopicRequest& request) {
  if (auto s = check_topic_name("name", request.name()); !s.ok())
    return s;
  if (request.partitions() < 0)
    return invalid_argument("partitions", "must be >= 0 (0: the cluster's default)");
  if (request.replication_factor() < 0)
    return invalid_argument("replication_factor", "must be >= 0 (0: the cluster's default)");
  if (request.has_retention_ms() && request.retention_ms() < -1)
    return invalid_argument("retention_ms", "must be >= -1 (-1: forever)");
  if (request.has_retention_bytes() && request.retention_bytes() < -1)
    return invalid_argument("retention_bytes", "must be >= -1 (-1: no bound)");
  return grpc::Status::OK;
}

grpc::Status check(const api::ProduceRequest& request, const grpc_door_config& config) {
  if (auto s = check_topic_name("topic", request.topic()); !s.ok())
    return s;
  if (request.records().empty())
    return invalid_argument("records", "at least one record is required");
  if (static_cast<size_t>(request.records_size()) > config.produce_records_max)
    return invalid_argument("records", "at most " + std::to_string(config.produce_records_max) +
                                         " records per call, not " +
                                         std::to_string(request.records_size()));
  for (int i = 0; i < request.records_size(); ++i) {
    const auto& r = request.records(i);
    auto field = "records[" + std::to_string(i) + "]";
    if (r.has_partition())
      if (auto s = check_partition(field + ".partition", r.partition()); !s.ok())
        return s;
    if (r.timestamp_ms() < 0)
      return invalid_argument(field + ".timestamp_ms", "must be >= 0 (0: now)");
  }
  return grpc::Status::OK;
}

grpc::Status check(const api::CreateConsumerRequest& request, const grpc_door_config& config) {
  if (request.group().empty())
    return invalid_argument("group", "a group name is required");
  if (request.topics().empty())
    return invalid_argument("topics", "at least one topic is required");
  for (int i = 0; i < request.topics_size(); ++i)
    if (auto s = check_topic_name("topics[" + std::to_string(i) + "]", request.topics(i));
        !s.ok())
      return s;
  const auto& reset = request.auto_offset_reset();
  if (!reset.empty() && reset != "earliest" && reset != "latest")
    return invalid_argument("auto_offset_reset", "must be earliest or latest, not '" + reset + "'");
  auto idle = request.idle_timeout_ms();
  if (idle < 0 || idle > config.consumer_idle_timeout_ms_max.count())
    return invalid_argument("idle_timeout_ms",
                            "must be 0 (the door's default) to " +
                              std::to_string(config.consumer_idle_timeout_ms_max.count()));
  return grpc::Status::OK;
}

grpc::Status check(const api::FetchRequest& request, const grpc_door_config& config) {
  if (request.consumer_id().empty())
    return invalid_argument("consumer_id", "the id CreateConsumer answered is required");
  return check_fetch_bounds(request.max_records(), request.max_wait_ms(), config);
}

grpc::Status check(const api::ReadPartitionRequest& request, const grpc_door_config& config) {
  if (auto s = check_topic_name("topic", request.topic()); !s.ok())
    return s;
  if (auto s = check_partition("partition", request.partition()); !s.ok())
    return s;
  if (auto s = check_start_offset("offset", request.offset()); !s.ok())
    return s;
  return check_fetch_bounds(request.max_records(), request.max_wait_ms(), config);
}

grpc::Status check(const api::ConsumeRequest& request) {
  if (auto s = check_topic_name("topic", request.topic()); !s.ok())
    return s;
  if (!request.group().empty())
    return grpc::Status::OK;
  if (auto s = check_partition("partition", request.partition()); !s.ok())
    return s;
  return check_start_offset("offset", request.offset());
}

} // namespace strom
