#include "net/grpc/api_translation.hpp"

namespace strom {

namespace {

template <class Headers>
void headers_to_api(const std::vector<record_header>& in, Headers& out) {
  for (const auto& h : in) {
    auto* added = out.Add();
    added->set_key(h.key);
    if (h.value)
      added->set_value(*h.value);
  }
}

template <class Partitions>
void partitions_to_api(const std::vector<topic_partition>& in, Partitions& out) {
  for (const auto& tp : in) {
    auto* added = out.Add();
    added->set_topic(tp.topic);
    added->set_partition(tp.partition.value());
  }
}

} // namespace

record to_record(const api::Record& in) {
  record out;
  if (in.has_key())
    out.key = in.key();
  if (in.has_value())
    out.value = in.value();
  for (const auto& h : in.headers()) {
    record_header header{h.key(), std::nullopt};
    if (h.has_value())
      header.value = h.value();
    out.headers.push_back(std::move(header));
  }
  out.timestamp_ms = in.timestamp_ms();
  return out;
}

void to_api(const topic_metadata& in, api::Topic& out) {
  out.set_name(in.name);
  out.set_topic_id(in.topic_id);
  out.set_replication_factor(in.replication_factor);
  out.set_retention_ms(in.config.retention_ms);
  out.set_retention_bytes(in.config.retention_bytes);
  out.set_batch_bytes_max(in.config.batch_bytes_max);
  for (const auto& [key, value] : config_texts(in.config))
    (*out.mutable_configs())[key] = value;
  for (const auto& p : in.partitions) {
    auto* added = out.add_partitions();
    added->set_partition(p.partition.value());
    added->set_leader(p.leader.value());
    for (auto r : p.replicas)
      added->add_replicas(r.value());
  }
}

void to_api(const consumer_record& in, api::ConsumedRecord& out) {
  out.set_topic(in.topic);
  out.set_partition(in.partition.value());
  out.set_offset(in.record.offset.value());
  out.set_timestamp_ms(in.record.timestamp_ms);
  if (in.record.key)
    out.set_key(*in.record.key);
  if (in.record.value)
    out.set_value(*in.record.value);
  headers_to_api(in.record.headers, *out.mutable_headers());
}

void to_api(const std::vector<consumer_record>& in, api::RecordList& out) {
  for (const auto& r : in)
    to_api(r, *out.add_records());
}

void to_api(const cluster_metadata& in, api::Cluster& out) {
  for (const auto& b : in.brokers) {
    auto* added = out.add_brokers();
    added->set_id(b.address.id.value());
    added->set_host(b.address.host);
    added->set_port(b.address.port);
    added->set_alive(b.alive);
  }
  out.set_controller_leader(in.controller_leader.value());
  out.set_controller_term(static_cast<int64_t>(in.controller_term.value()));
  out.set_controller_applied(static_cast<int64_t>(in.controller_applied.value()));
  out.set_topic_count(static_cast<int32_t>(in.topics.size()));
}

void to_api(const group_overview& in, api::GroupSummary& out) {
  out.set_group(in.group);
  out.set_state(in.state);
  out.set_protocol(in.protocol);
  out.set_member_count(in.member_count);
  out.set_coordinator(in.coordinator.value());
}

void to_api(const partition_offset& in, api::PartitionOffset& out) {
  out.set_topic(in.partition.topic);
  out.set_partition(in.partition.partition.value());
  out.set_offset(in.offset.value());
}

void to_api(const group_description& in, api::Group& out) {
  to_api(in.overview, *out.mutable_summary());
  out.set_generation(in.generation);
  out.set_leader(in.leader);
  for (const auto& m : in.members) {
    auto* added = out.add_members();
    added->set_member_id(m.member);
    added->set_client_id(m.client_id);
    partitions_to_api(m.assignment, *added->mutable_assignment());
  }
  for (const auto& o : in.offsets)
    to_api(o, *out.add_offsets());
}

void to_api(const rebalance_event& in, api::Rebalance& out) {
  switch (in.what) {
    case rebalance_event::kind::assigned:
      out.set_kind(api::Rebalance::ASSIGNED);
      break;
    case rebalance_event::kind::revoked:
      out.set_kind(api::Rebalance::REVOKED);
      break;
    case rebalance_event::kind::lost:
      out.set_kind(api::Rebalance::LOST);
      break;
  }
  out.set_generation(in.generation);
  partitions_to_api(in.partitions, *out.mutable_partitions());
  partitions_to_api(in.owned, *out.mutable_owned());
}

} // namespace strom
