// Validating and applying controller commands. Queries: topic_table_queries.cpp,
// snapshots: topic_table_snapshot.cpp.

#include "actors/controller/topic_table.hpp"
#include "messages/overloaded.hpp"

#include "actors/controller/placement.hpp"
#include "actors/controller/topic_name.hpp"

namespace strom {
namespace {


strom::error bad(const std::string& what) {
  return strom::error{errc::bad_request, what};
}

} // namespace

result<void> topic_table::check_replication_factor(int32_t replication_factor) const {
  auto live = static_cast<int64_t>(live_brokers().size());
  if (replication_factor < 1 || replication_factor > live)
    return strom::error{errc::invalid_replication_factor,
                        "replication factor " + std::to_string(replication_factor) + " with "
                          + std::to_string(live) + " live brokers"};
  return {};
}

result<void> topic_table::validate_create(const create_topic_command& c) const {
  if (auto ok = validate_topic_name(c.name); !ok)
    return ok;
  if (topics_.count(c.name) != 0)
    return strom::error{errc::topic_exists, "topic " + c.name};
  auto key = topic_name_collision_key(c.name);
  for (const auto& [name, topic] : topics_)
    if (topic_name_collision_key(name) == key)
      return bad("topic " + c.name + " collides with " + name + " ('.' and '_' are the same)");
  if (c.partition_count < 1 || c.partition_count > limits_.partition_count_max)
    return bad("partition count " + std::to_string(c.partition_count) + " (1 to "
               + std::to_string(limits_.partition_count_max) + ")");
  if (auto ok = check_replication_factor(c.replication_factor); !ok)
    return ok;
  return validate_topic_config(c.config, c.replication_factor);
}

result<void> topic_table::validate_add(const add_partitions_command& c) const {
  auto* topic = find_topic(c.name);
  if (topic == nullptr)
    return strom::error{errc::unknown_topic, "topic " + c.name};
  if (c.partition_count <= topic->partition_count())
    return bad("topic " + c.name + " has " + std::to_string(topic->partition_count())
               + " partitions; partitions can only be added, to more than that");
  if (c.partition_count > limits_.partition_count_max)
    return bad("partition count " + std::to_string(c.partition_count) + " above "
               + std::to_string(limits_.partition_count_max));
  return check_replication_factor(topic->replication_factor);
}

result<topic_config> topic_table::altered_config(const alter_topic_config_command& c) const {
  auto* topic = find_topic(c.name);
  if (topic == nullptr)
    return strom::error{errc::unknown_topic, "topic " + c.name};
  auto config = topic->config;
  for (const auto& change : c.changes) {
    // remove became a set at the proposer; the defaults are not needed here.
    if (auto ok = apply_config_change(config, change, config); !ok)
      return ok.error();
  }
  if (auto ok = validate_topic_config(config, topic->replication_factor); !ok)
    return ok.error();
  return config;
}

result<void> topic_table::validate_register(const register_broker_command& c) const {
  if (c.address.id.value() < 0)
    return bad("broker id " + std::to_string(c.address.id.value()));
  if (c.address.host.empty() || c.address.port == 0)
    return bad("broker " + std::to_string(c.address.id.value()) + " needs a host and a port");
  return {};
}

result<void> topic_table::validate(const controller_command& command) const {
  return std::visit(
    overloaded{
      [&](const create_topic_command& c) { return validate_create(c); },
      [&](const delete_topic_command& c) -> result<void> {
        if (find_topic(c.name) == nullptr)
          return strom::error{errc::unknown_topic, "topic " + c.name};
        return {};
      },
      [&](const add_partitions_command& c) { return validate_add(c); },
      [&](const register_broker_command& c) { return validate_register(c); },
      [&](const set_broker_alive_command& c) -> result<void> {
        if (broker(c.id) == nullptr)
          return strom::error{errc::not_found, "broker " + std::to_string(c.id.value())};
        return {};
      },
      [&](const allocate_producer_id_command& c) -> result<void> {
        if (c.count < 1 || c.count > producer_id_block_max)
          return strom::error{errc::bad_request, "a block of " + std::to_string(c.count) +
                                                   " producer ids: 1 to " +
                                                   std::to_string(producer_id_block_max)};
        return {};
      },
      [&](const alter_topic_config_command& c) -> result<void> {
        auto config = altered_config(c);
        if (!config)
          return config.error();
        return {};
      },
      [&](const auto& security_command) { return validate_security(security_command); },
    },
    command);
}

result<apply_effect> topic_table::apply(std::string_view command_bytes) {
  auto command = decode_command(command_bytes);
  if (!command)
    return command.error();
  return apply(*command);
}

result<apply_effect> topic_table::apply(const controller_command& command) {
  if (auto ok = validate(command); !ok)
    return ok.error();
  return std::visit(
    overloaded{
      [&](const create_topic_command& c) { return apply_create(c); },
      [&](const delete_topic_command& c) { return apply_delete(c); },
      [&](const add_partitions_command& c) { return apply_add(c); },
      [&](const register_broker_command& c) { return apply_register(c); },
      [&](const set_broker_alive_command& c) { return apply_set_alive(c); },
      [&](const allocate_producer_id_command& c) { return apply_allocate_producer_id(c); },
      [&](const alter_topic_config_command& c) { return apply_alter_config(c); },
      [&](const auto&) { return apply_security(command); },
    },
    command);
}

std::vector<placed_partition> topic_table::grow(topic_info& topic, int32_t count,
                                                int64_t start_index, int64_t replica_shift) {
  placement_request request{live_brokers(), topic.replication_factor, count,
                            topic.partition_count(), start_index, replica_shift};
  std::vector<placed_partition> created;
  for (auto& replicas : place_replicas(request)) {
    partition_assignment assignment{partition_id{topic.partition_count()},
                                    group_id{next_group_id_++}, std::move(replicas)};
    groups_[assignment.group] = partition_location{topic.name, assignment.partition};
    topic.partitions.push_back(assignment);
    created.push_back(placed_partition{topic.name, topic.id, std::move(assignment)});
  }
  placement_cursor_ += count;
  return created;
}

apply_effect topic_table::apply_create(const create_topic_command& c) {
  topic_info topic{c.name, topic_id{next_topic_id_++}, c.replication_factor, c.config, {}};
  auto& stored = topics_.emplace(c.name, std::move(topic)).first->second;
  const auto n = static_cast<int64_t>(live_brokers().size());
  apply_effect effect;
  effect.created = grow(stored, c.partition_count, placement_cursor_ % n,
                        (placement_cursor_ / n) % n);
  return effect;
}

apply_effect topic_table::apply_delete(const delete_topic_command& c) {
  auto found = topics_.find(c.name);
  apply_effect effect;
  for (auto& assignment : found->second.partitions) {
    groups_.erase(assignment.group);
    effect.deleted.push_back(placed_partition{found->first, found->second.id, assignment});
  }
  topics_.erase(found);
  return effect;
}

// As Kafka's addPartitions: continue the topic's own round-robin from where
// its partition 0's leader stands among the live brokers.
apply_effect topic_table::apply_add(const add_partitions_command& c) {
  auto& topic = topics_.find(c.name)->second;
  auto live = live_brokers();
  const auto n = static_cast<int64_t>(live.size());
  int64_t start_index = placement_cursor_ % n;
  for (int64_t i = 0; i < n; ++i)
    if (live[static_cast<size_t>(i)] == topic.partitions.front().preferred_leader())
      start_index = i;
  apply_effect effect;
  effect.created = grow(topic, c.partition_count - topic.partition_count(), start_index,
                        start_index);
  return effect;
}

apply_effect topic_table::apply_alter_config(const alter_topic_config_command& c) {
  auto& topic = topics_.find(c.name)->second;
  topic.config = *altered_config(c);
  apply_effect effect;
  effect.reconfigured.push_back(c.name);
  return effect;
}

apply_effect topic_table::apply_register(const register_broker_command& c) {
  brokers_[c.address.id] = broker_info{c.address, true};
  return {};
}

apply_effect topic_table::apply_set_alive(const set_broker_alive_command& c) {
  brokers_.at(c.id).alive = c.alive;
  return {};
}

apply_effect topic_table::apply_allocate_producer_id(const allocate_producer_id_command& c) {
  apply_effect effect;
  effect.producer_id = next_producer_id_;
  next_producer_id_ = producer_id{next_producer_id_.value() + c.count};
  return effect;
}

} // namespace strom
