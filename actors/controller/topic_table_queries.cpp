// What the table answers: describe, list, lookups for the frontend, the
// metadata answer to clients and the backend.

#include "actors/controller/topic_table.hpp"

namespace strom {

std::vector<broker_info> topic_table::brokers() const {
  std::vector<broker_info> out;
  out.reserve(brokers_.size());
  for (const auto& [id, info] : brokers_)
    out.push_back(info);
  return out;
}

const broker_info* topic_table::broker(node_id id) const {
  auto found = brokers_.find(id);
  return found == brokers_.end() ? nullptr : &found->second;
}

std::vector<node_id> topic_table::live_brokers() const {
  std::vector<node_id> out;
  for (const auto& [id, info] : brokers_)
    if (info.alive)
      out.push_back(id);
  return out;
}

std::vector<std::string> topic_table::list_topics() const {
  std::vector<std::string> out;
  out.reserve(topics_.size());
  for (const auto& [name, topic] : topics_)
    out.push_back(name);
  return out;
}

const topic_info* topic_table::find_topic(std::string_view name) const {
  auto found = topics_.find(name);
  return found == topics_.end() ? nullptr : &found->second;
}

result<topic_info> topic_table::describe_topic(std::string_view name) const {
  if (auto* topic = find_topic(name))
    return *topic;
  return strom::error{errc::unknown_topic, "topic " + std::string{name}};
}

result<partition_assignment> topic_table::partition(std::string_view topic,
                                                    partition_id partition) const {
  auto* found = find_topic(topic);
  if (found == nullptr)
    return strom::error{errc::unknown_topic, "topic " + std::string{topic}};
  if (partition.value() < 0 || partition.value() >= found->partition_count())
    return strom::error{errc::unknown_partition,
                        "partition " + std::to_string(partition.value()) + " of topic "
                          + std::string{topic}};
  return found->partitions[static_cast<size_t>(partition.value())];
}

std::optional<partition_location> topic_table::find_group(group_id group) const {
  auto found = groups_.find(group);
  if (found == groups_.end())
    return std::nullopt;
  return found->second;
}

std::vector<placed_partition> topic_table::partitions_on(node_id node) const {
  std::vector<placed_partition> out;
  for (const auto& [name, topic] : topics_)
    for (const auto& assignment : topic.partitions)
      for (auto replica : assignment.replicas)
        if (replica == node)
          out.push_back(placed_partition{name, topic.id, assignment});
  return out;
}

} // namespace strom
