#include "actors/group/group_records.hpp"

#include <climits>

#include "actors/partitioning/murmur2.hpp"
#include "messages/group.pb.h"

namespace strom {
namespace {

strom::error bad_record(const std::string& what) {
  return strom::error{errc::bad_request, "__consumer_offsets record: " + what};
}

template <class Message>
bool parse(Message& out, std::string_view bytes) {
  return bytes.size() <= static_cast<size_t>(INT_MAX)
         && out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

std::string group_key(const std::string& group) {
  wire::GroupRecordKey key;
  key.mutable_group()->set_group(group);
  return key.SerializeAsString();
}

std::string offset_key_bytes(const offset_key& k) {
  wire::GroupRecordKey key;
  auto* o = key.mutable_offset();
  o->set_group(k.group);
  o->set_topic(k.partition.topic);
  o->set_partition(k.partition.partition.value());
  return key.SerializeAsString();
}

void to_wire(const partition_set& partitions, google::protobuf::RepeatedPtrField<wire::TopicPartitions>& out) {
  for (const auto& tp : partitions) {
    if (out.empty() || out.rbegin()->topic() != tp.topic)
      out.Add()->set_topic(tp.topic);
    out.rbegin()->add_partitions(tp.partition.value());
  }
}

partition_set from_wire(const google::protobuf::RepeatedPtrField<wire::TopicPartitions>& in) {
  partition_set out;
  for (const auto& topic : in)
    for (int32_t p : topic.partitions())
      out.insert(topic_partition{topic.topic(), partition_id{p}});
  return out;
}

void to_wire(const member_snapshot& m, wire::GroupMember& out) {
  out.set_member_id(m.id.value());
  if (m.group_instance_id)
    out.set_group_instance_id(*m.group_instance_id);
  out.set_client_id(m.client_id);
  out.set_session_timeout_ms(m.session_timeout_ms);
  out.set_rebalance_timeout_ms(m.rebalance_timeout_ms);
  for (const auto& p : m.protocols)
    out.add_protocols(p);
  for (const auto& t : m.subscription)
    out.add_subscription(t);
  to_wire(m.assignment, *out.mutable_assignment());
  to_wire(m.owned, *out.mutable_owned());
  for (const auto& metadata : m.protocol_metadata)
    out.add_protocol_metadata(metadata);
  out.set_opaque_assignment(m.opaque_assignment);
}

member_snapshot from_wire(const wire::GroupMember& in) {
  member_snapshot m;
  m.id = member_id{in.member_id()};
  if (in.has_group_instance_id())
    m.group_instance_id = in.group_instance_id();
  m.client_id = in.client_id();
  m.session_timeout_ms = in.session_timeout_ms();
  m.rebalance_timeout_ms = in.rebalance_timeout_ms();
  m.protocols.assign(in.protocols().begin(), in.protocols().end());
  m.subscription.insert(in.subscription().begin(), in.subscription().end());
  m.assignment = from_wire(in.assignment());
  m.owned = from_wire(in.owned());
  m.protocol_metadata.assign(in.protocol_metadata().begin(), in.protocol_metadata().end());
  m.opaque_assignment = in.opaque_assignment();
  return m;
}

group_snapshot group_from_wire(const std::string& group, const wire::GroupMetadata& in) {
  group_snapshot out;
  out.group = group;
  out.generation = generation_id{in.generation()};
  out.protocol_type = in.protocol_type();
  out.protocol = in.protocol();
  out.leader = member_id{in.leader()};
  for (const auto& m : in.members())
    out.members.push_back(from_wire(m));
  for (const auto& c : in.partition_counts())
    out.partitions[c.topic()] = c.partition_count();
  out.follow_up_rebalance = in.follow_up_rebalance();
  out.next_member_number = in.next_member_number();
  out.held = from_wire(in.held());
  out.hold_ms = in.hold_ms();
  out.partitions_applied = raft_index{in.partition_counts_applied()};
  return out;
}

result<group_record_content> decode_group_value(const std::string& group,
                                                const std::optional<std::string>& value) {
  if (!value)
    return group_record_content{group_deleted{group}};
  wire::GroupMetadata metadata;
  if (!parse(metadata, *value))
    return bad_record("group " + group + ": value does not parse");
  return group_record_content{group_from_wire(group, metadata)};
}

result<group_record_content> decode_offset_value(const offset_key& key,
                                                 const std::optional<std::string>& value) {
  if (!value)
    return group_record_content{offset_deleted{key}};
  wire::OffsetCommit commit;
  if (!parse(commit, *value))
    return bad_record("offset of " + key.group + ": value does not parse");
  return group_record_content{offset_commit{
    key, committed_offset{record_offset{commit.offset()}, commit.metadata(), commit.commit_time_ms()}}};
}

} // namespace

group_record encode_group(const group_snapshot& snapshot) {
  wire::GroupMetadata out;
  out.set_generation(snapshot.generation.value());
  out.set_protocol_type(snapshot.protocol_type);
  out.set_protocol(snapshot.protocol);
  out.set_leader(snapshot.leader.value());
  for (const auto& m : snapshot.members)
    to_wire(m, *out.add_members());
  for (const auto& [topic, count] : snapshot.partitions) {
    auto* c = out.add_partition_counts();
    c->set_topic(topic);
    c->set_partition_count(count);
  }
  out.set_follow_up_rebalance(snapshot.follow_up_rebalance);
  out.set_next_member_number(snapshot.next_member_number);
  to_wire(snapshot.held, *out.mutable_held());
  out.set_hold_ms(snapshot.hold_ms);
  out.set_partition_counts_applied(snapshot.partitions_applied.value());
  return group_record{group_key(snapshot.group), out.SerializeAsString()};
}

group_record encode_group_tombstone(const std::string& group) {
  return group_record{group_key(group), std::nullopt};
}

group_record encode_offset(const offset_commit& commit) {
  wire::OffsetCommit out;
  out.set_offset(commit.value.offset.value());
  out.set_metadata(commit.value.metadata);
  out.set_commit_time_ms(commit.value.commit_time_ms);
  return group_record{offset_key_bytes(commit.key), out.SerializeAsString()};
}

group_record encode_offset_tombstone(const offset_key& key) {
  return group_record{offset_key_bytes(key), std::nullopt};
}

group_record encode_marker(const coordinator_marker& marker) {
  wire::GroupRecordKey key;
  key.mutable_marker()->set_node(marker.node.value());
  key.mutable_marker()->set_epoch(marker.epoch);
  return group_record{key.SerializeAsString(), std::nullopt};
}

result<group_record_content> decode_group_record(const group_record& record) {
  wire::GroupRecordKey key;
  if (!parse(key, record.key))
    return bad_record("key does not parse");
  switch (key.key_case()) {
    case wire::GroupRecordKey::kGroup: return decode_group_value(key.group().group(), record.value);
    case wire::GroupRecordKey::kOffset: {
      const auto& o = key.offset();
      offset_key k{o.group(), topic_partition{o.topic(), partition_id{o.partition()}}};
      return decode_offset_value(k, record.value);
    }
    case wire::GroupRecordKey::kMarker:
      return group_record_content{
        coordinator_marker{node_id{key.marker().node()}, key.marker().epoch()}};
    case wire::GroupRecordKey::KEY_NOT_SET: break;
  }
  return bad_record("key names nothing");
}

partition_id coordinator_partition(std::string_view group, int32_t partition_count) {
  return kafka_key_partition(group, partition_count);
}

} // namespace strom
