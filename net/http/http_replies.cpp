#include "net/http/http_replies.hpp"

namespace strom {

using nlohmann::json;

namespace {

const char* kind_name(rebalance_event::kind k) {
  switch (k) {
    case rebalance_event::kind::assigned:
      return "assigned";
    case rebalance_event::kind::revoked:
      return "revoked";
    case rebalance_event::kind::lost:
      return "lost";
  }
  return "assigned";
}

json partition_json(const partition_metadata& p) {
  json replicas = json::array();
  for (auto r : p.replicas)
    replicas.push_back(r.value());
  return {{"partition", p.partition.value()},
          {"leader", p.leader.value()},
          {"replicas", std::move(replicas)}};
}

} // namespace

json configs_json(const topic_config& in) {
  json out = json::object();
  for (const auto& [key, value] : config_texts(in))
    out[key] = value;
  return out;
}

json topic_json(const topic_metadata& in) {
  json partitions = json::array();
  for (const auto& p : in.partitions)
    partitions.push_back(partition_json(p));
  return {{"name", in.name},
          {"topic_id", in.topic_id},
          {"replication_factor", in.replication_factor},
          {"retention_ms", in.config.retention_ms},
          {"retention_bytes", in.config.retention_bytes},
          {"batch_bytes_max", in.config.batch_bytes_max},
          {"configs", configs_json(in.config)},
          {"partitions", std::move(partitions)}};
}

json cluster_json(const cluster_metadata& in) {
  json brokers = json::array();
  for (const auto& b : in.brokers)
    brokers.push_back({{"id", b.address.id.value()},
                       {"host", b.address.host},
                       {"port", b.address.port},
                       {"alive", b.alive}});
  return {{"brokers", std::move(brokers)},
          {"controller_leader", in.controller_leader.value()},
          {"controller_term", static_cast<int64_t>(in.controller_term.value())},
          {"controller_applied", static_cast<int64_t>(in.controller_applied.value())},
          {"topic_count", in.topics.size()}};
}

json group_overview_json(const group_overview& in) {
  return {{"group", in.group},
          {"state", in.state},
          {"protocol", in.protocol},
          {"member_count", in.member_count},
          {"coordinator", in.coordinator.value()}};
}

json partitions_json(const std::vector<topic_partition>& in) {
  json out = json::array();
  for (const auto& tp : in)
    out.push_back({{"topic", tp.topic}, {"partition", tp.partition.value()}});
  return out;
}

json group_json(const group_description& in) {
  json members = json::array();
  for (const auto& m : in.members)
    members.push_back({{"member_id", m.member},
                       {"client_id", m.client_id},
                       {"assignment", partitions_json(m.assignment)}});
  json offsets = json::array();
  for (const auto& o : in.offsets)
    offsets.push_back({{"topic", o.partition.topic},
                       {"partition", o.partition.partition.value()},
                       {"offset", o.offset.value()}});
  auto out = group_overview_json(in.overview);
  out["generation"] = in.generation;
  out["leader"] = in.leader;
  out["members"] = std::move(members);
  out["offsets"] = std::move(offsets);
  return out;
}

json lag_json(const std::vector<partition_lag>& rows) {
  json out = json::array();
  int64_t total = 0;
  auto offset_or_null = [](const std::optional<record_offset>& o) {
    return o ? json(o->value()) : json(nullptr);
  };
  for (const auto& r : rows) {
    auto lag = r.lag();
    total += lag.value_or(0);
    out.push_back({{"topic", r.partition.topic},
                   {"partition", r.partition.partition.value()},
                   {"committed", offset_or_null(r.committed)},
                   {"log_end", offset_or_null(r.log_end)},
                   {"lag", lag ? json(*lag) : json(nullptr)},
                   {"owner", r.owner}});
  }
  return {{"lag", std::move(out)}, {"total_lag", total}};
}

json positions_json(const consumer_positions& in) {
  json out = json::array();
  for (const auto& [tp, offset] : in)
    out.push_back(
      {{"topic", tp.topic}, {"partition", tp.partition.value()}, {"offset", offset.value()}});
  return out;
}

json delivery_json(const std::vector<delivery_report>& in) {
  json offsets = json::array();
  for (const auto& r : in) {
    if (r.ok()) {
      offsets.push_back({{"partition", r.partition.value()}, {"offset", r.offset.value()}});
      continue;
    }
    auto err = http_error_of(r.error);
    offsets.push_back(
      {{"partition", r.partition.value()}, {"error", err.error}, {"message", err.message}});
  }
  return {{"offsets", std::move(offsets)}};
}

json rebalance_json(const rebalance_event& in) {
  return {{"type", kind_name(in.what)},
          {"generation", in.generation},
          {"partitions", partitions_json(in.partitions)},
          {"owned", partitions_json(in.owned)}};
}

json error_json(const http_error& in) {
  return {{"error", in.error}, {"message", in.message}};
}

} // namespace strom
