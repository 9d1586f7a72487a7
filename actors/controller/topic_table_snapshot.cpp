// The whole table as Protobuf bytes for raft snapshots, and back. Restore
// checks every invariant apply() keeps, so a corrupt or hostile snapshot is a
// typed error, not a table that breaks later.

#include <climits>
#include <cstdint>
#include <set>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "actors/controller/config_codec.hpp"
#include "actors/controller/security_codec.hpp"
#include "actors/controller/topic_name.hpp"
#include "actors/controller/topic_table.hpp"
#include "messages/controller.pb.h"

namespace strom {

namespace {

// The largest counter (next topic, group and producer ids, the placement
// cursor) a snapshot may hold. Commands only count them up, by at most a
// topic's partitions or a block of producer ids (a million at most) per
// command, so a real table stays far below it, and
// the room above it is more than any log could hold commands for: a restored
// table can never overflow one.
constexpr int64_t snapshot_counter_max = int64_t{1} << 62;

bool counter_in_range(int64_t counter, int64_t min) {
  return counter >= min && counter <= snapshot_counter_max;
}

} // namespace

// Friend of topic_table: reads and fills its private state.
class topic_table_snapshot {
public:
  static void write(const topic_table& table, wire::ControllerSnapshot& out);
  static result<void> read(const wire::ControllerSnapshot& in, topic_table& table);

private:
  static result<void> read_broker(const wire::BrokerState& in, topic_table& table);
  static void write_security(const security_table& security, wire::ControllerSnapshot& out);
  static result<void> read_security(const wire::ControllerSnapshot& in, topic_table& table);
  static result<void> read_topic(const wire::TopicState& in, topic_table& table);
  static result<void> read_partition(const wire::PartitionState& in, const topic_info& topic,
                                     topic_table& table);
};

namespace {

strom::error corrupt(const std::string& what) {
  return strom::error{errc::bad_request, "controller snapshot: " + what};
}

} // namespace

void topic_table_snapshot::write(const topic_table& table, wire::ControllerSnapshot& out) {
  for (const auto& [id, info] : table.brokers_) {
    auto* b = out.add_brokers();
    b->set_node_id(id.value());
    b->set_host(info.address.host);
    b->set_port(info.address.port);
    b->set_alive(info.alive);
  }
  for (const auto& [name, topic] : table.topics_) {
    auto* t = out.add_topics();
    t->set_name(name);
    t->set_topic_id(topic.id.value());
    t->set_replication_factor(topic.replication_factor);
    to_wire(topic.config, *t->mutable_config());
    for (const auto& assignment : topic.partitions) {
      auto* p = t->add_partitions();
      p->set_partition(assignment.partition.value());
      p->set_group_id(assignment.group.value());
      for (auto replica : assignment.replicas)
        p->add_replicas(replica.value());
    }
  }
  out.set_next_topic_id(table.next_topic_id_);
  out.set_next_group_id(table.next_group_id_);
  out.set_next_producer_id(table.next_producer_id_.value());
  out.set_placement_cursor(table.placement_cursor_);
  write_security(table.security_, out);
}

result<void> topic_table_snapshot::read_broker(const wire::BrokerState& in, topic_table& table) {
  if (in.node_id() < 0 || in.port() == 0 || in.port() > UINT16_MAX || in.host().empty())
    return corrupt("broker " + std::to_string(in.node_id()) + " has a bad id or address");
  node_id id{in.node_id()};
  if (table.brokers_.count(id) != 0)
    return corrupt("broker " + std::to_string(in.node_id()) + " twice");
  table.brokers_[id] =
    broker_info{node_address{id, in.host(), static_cast<uint16_t>(in.port())}, in.alive()};
  return {};
}

result<void> topic_table_snapshot::read_partition(const wire::PartitionState& in,
                                                  const topic_info& topic, topic_table& table) {
  if (in.partition() != topic.partition_count())
    return corrupt("topic " + topic.name + " partitions out of order");
  group_id group{in.group_id()};
  if (group.value() < 1 || group.value() >= table.next_group_id_ || table.groups_.count(group))
    return corrupt("topic " + topic.name + " has a bad or repeated group id");
  if (in.replicas_size() != topic.replication_factor)
    return corrupt("topic " + topic.name + " partition with the wrong number of replicas");
  std::set<int32_t> distinct(in.replicas().begin(), in.replicas().end());
  if (distinct.size() != static_cast<size_t>(in.replicas_size()))
    return corrupt("topic " + topic.name + " partition with a repeated replica");
  for (auto replica : in.replicas())
    if (table.brokers_.count(node_id{replica}) == 0)
      return corrupt("topic " + topic.name + " has a replica on unknown broker "
                     + std::to_string(replica));
  table.groups_[group] = partition_location{topic.name, partition_id{in.partition()}};
  return {};
}

result<void> topic_table_snapshot::read_topic(const wire::TopicState& in, topic_table& table) {
  if (auto ok = validate_topic_name(in.name()); !ok)
    return corrupt(ok.error().message);
  if (table.topics_.count(in.name()) != 0 || in.topic_id() < 1
      || in.topic_id() >= table.next_topic_id_ || in.replication_factor() < 1
      || in.partitions_size() < 1)
    return corrupt("topic " + in.name() + " is repeated or has a bad id or counts");
  auto config = from_wire(in.config());
  if (!config)
    return corrupt(config.error().message);
  topic_info topic{in.name(), topic_id{in.topic_id()}, in.replication_factor(), *config, {}};
  for (const auto& p : in.partitions()) {
    if (auto ok = read_partition(p, topic, table); !ok)
      return ok;
    std::vector<node_id> replicas;
    for (auto replica : p.replicas())
      replicas.push_back(node_id{replica});
    topic.partitions.push_back(
      partition_assignment{partition_id{p.partition()}, group_id{p.group_id()}, replicas});
  }
  table.topics_.emplace(topic.name, std::move(topic));
  return {};
}

result<void> topic_table_snapshot::read(const wire::ControllerSnapshot& in, topic_table& table) {
  if (!counter_in_range(in.next_topic_id(), 1) || !counter_in_range(in.next_group_id(), 1)
      || !counter_in_range(in.next_producer_id(), 0)
      || !counter_in_range(in.placement_cursor(), 0))
    return corrupt("bad counters");
  table.next_topic_id_ = in.next_topic_id();
  table.next_group_id_ = in.next_group_id();
  table.next_producer_id_ = producer_id{in.next_producer_id()};
  table.placement_cursor_ = in.placement_cursor();
  for (const auto& b : in.brokers())
    if (auto ok = read_broker(b, table); !ok)
      return ok;
  for (const auto& t : in.topics())
    if (auto ok = read_topic(t, table); !ok)
      return ok;
  return read_security(in, table);
}

void topic_table_snapshot::write_security(const security_table& security,
                                          wire::ControllerSnapshot& out) {
  for (const auto& user : security.users()) {
    auto* u = out.add_users();
    u->set_name(user.name);
    for (const auto& c : user.credentials)
      to_wire(c, *u->add_credentials());
  }
  for (const auto& acl : security.acls())
    to_wire(acl, *out.add_acls());
}

result<void> topic_table_snapshot::read_security(const wire::ControllerSnapshot& in,
                                                 topic_table& table) {
  for (const auto& u : in.users())
    for (const auto& c : u.credentials()) {
      auto credential = from_wire(c);
      if (!credential)
        return credential.error();
      if (auto ok = security_table::validate_user(u.name(), *credential); !ok)
        return corrupt("user " + u.name() + ": " + ok.error().message);
      table.security_.upsert_user(u.name(), *credential);
    }
  std::vector<acl_binding> acls;
  for (const auto& a : in.acls()) {
    auto acl = from_wire(a);
    if (!acl)
      return acl.error();
    if (auto ok = validate(*acl); !ok)
      return corrupt("ACL: " + ok.error().message);
    acls.push_back(*acl);
  }
  table.security_.create_acls(acls);
  return {};
}

std::string topic_table::snapshot() const {
  wire::ControllerSnapshot out;
  topic_table_snapshot::write(*this, out);
  // Maps are walked in key order and fields written in number order, so
  // equal tables give equal bytes.
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  out.SerializeToCodedStream(&coded);
  return bytes;
}

result<topic_table> topic_table::restore(std::string_view bytes, topic_table_limits limits) {
  wire::ControllerSnapshot in;
  if (bytes.size() > static_cast<size_t>(INT_MAX)
      || !in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return corrupt("does not parse");
  topic_table table(limits);
  if (auto ok = topic_table_snapshot::read(in, table); !ok)
    return ok.error();
  return table;
}

} // namespace strom
