#pragma once
// What the door refuses before asking anyone: each check answers OK or
// INVALID_ARGUMENT naming the field (bad_request: records[2].partition: ...).
// What only the cluster knows (a topic exists, a record fits its topic) is
// left to the cluster's own typed errors.

#include <grpcpp/support/status.h>

#include "net/door/door_client.hpp"
#include "net/grpc/grpc_door_config.hpp"
#include "strom_api.pb.h"

namespace strom {

// Where a read starts when the client gives no offset of its own.
inline constexpr int64_t api_earliest_offset = door_earliest_offset;
inline constexpr int64_t api_latest_offset = door_latest_offset;

grpc::Status check_topic_name(const std::string& field, const std::string& name);
grpc::Status check(const api::CreateTopicRequest& request);
grpc::Status check(const api::ProduceRequest& request, const grpc_door_config& config);
grpc::Status check(const api::CreateConsumerRequest& request, const grpc_door_config& config);
grpc::Status check(const api::FetchRequest& request, const grpc_door_config& config);
grpc::Status check(const api::ReadPartitionRequest& request, const grpc_door_config& config);
grpc::Status check(const api::ConsumeRequest& request);

} // namespace strom
