#pragma once
// The cluster's answers as the JSON the REST door and its WebSocket
// sessions send. Pure.

#include <vector>

#include <nlohmann/json.hpp>

#include "messages/group_messages.hpp"
#include "messages/metadata_types.hpp"
#include "net/client/consumer_config.hpp"
#include "net/client/group_lag.hpp"
#include "net/client/producer_config.hpp"
#include "net/http/http_status_of.hpp"

namespace strom {

nlohmann::json topic_json(const topic_metadata& in);
// {"retention.ms": "604800000", ...}: every key, as Kafka's names and texts.
nlohmann::json configs_json(const topic_config& in);
nlohmann::json cluster_json(const cluster_metadata& in);
nlohmann::json group_overview_json(const group_overview& in);
nlohmann::json group_json(const group_description& in);
nlohmann::json partitions_json(const std::vector<topic_partition>& in);
nlohmann::json positions_json(const consumer_positions& in);
// {"offsets": [{partition, offset} or {partition, error, message}]}
nlohmann::json delivery_json(const std::vector<delivery_report>& in);
// A WebSocket event: {"type": "assigned"|"revoked"|"lost", generation,
// partitions (what changed), owned (everything owned now)}.
nlohmann::json rebalance_json(const rebalance_event& in);
// {"lag": [{topic, partition, committed, log_end, lag, owner}], "total_lag"}:
// committed, log_end and lag are null where unknown.
nlohmann::json lag_json(const std::vector<partition_lag>& rows);
// {"error": errc name, "message": ...}
nlohmann::json error_json(const http_error& in);

} // namespace strom
