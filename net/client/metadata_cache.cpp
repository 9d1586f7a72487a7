#include "net/client/metadata_cache.hpp"

#include <algorithm>

namespace strom {

void metadata_cache::update(const cluster_metadata& metadata) {
  ++version_;
  if (!metadata.brokers.empty()) {
    brokers_.clear();
    for (const auto& b : metadata.brokers)
      brokers_[b.address.id] = b;
  }
  for (const auto& t : metadata.topics)
    topics_[t.name] = t;
}

void metadata_cache::forget_topic(const std::string& topic) {
  ++version_;
  topics_.erase(topic);
}

const topic_metadata* metadata_cache::topic(const std::string& name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? nullptr : &it->second;
}

const partition_metadata* metadata_cache::partition(const std::string& topic,
                                                    partition_id p) const {
  auto t = this->topic(topic);
  if (!t || p.value() < 0 || static_cast<size_t>(p.value()) >= t->partitions.size())
    return nullptr;
  return &t->partitions[static_cast<size_t>(p.value())];
}

std::optional<node_address> metadata_cache::address(node_id node) const {
  auto it = brokers_.find(node);
  if (it == brokers_.end())
    return std::nullopt;
  return it->second.address;
}

std::vector<node_address> metadata_cache::alive_brokers() const {
  std::vector<node_address> out;
  for (const auto& [id, b] : brokers_)
    if (b.alive)
      out.push_back(b.address);
  return out;
}

std::vector<endpoint> metadata_cache::brokers_to_ask(const std::vector<endpoint>& bootstrap) const {
  std::vector<endpoint> out;
  for (const auto& a : alive_brokers())
    out.push_back(endpoint_of(a));
  out.insert(out.end(), bootstrap.begin(), bootstrap.end());
  return out;
}

endpoint metadata_cache::next_to_ask(const std::vector<endpoint>& bootstrap) {
  auto candidates = brokers_to_ask(bootstrap);
  return candidates[next_to_ask_++ % candidates.size()];
}

size_t metadata_cache::places_to_ask(const std::vector<endpoint>& bootstrap) const {
  return alive_brokers().size() + bootstrap.size();
}

partition_metadata* metadata_cache::find_group(group_id group) {
  for (auto& [name, t] : topics_)
    for (auto& p : t.partitions)
      if (p.group == group)
        return &p;
  return nullptr;
}

void metadata_cache::set_leader(group_id group, node_id leader) {
  auto p = find_group(group);
  if (p && p->leader != leader) {
    p->leader = leader;
    ++version_;
  }
}

void metadata_cache::forget_leader(group_id group, node_id failed) {
  auto p = find_group(group);
  if (!p)
    return;
  ++version_;
  if (p->leader == failed)
    p->leader = node_id{-1};
  // route() falls back to the first replica: make that another one.
  if (!p->replicas.empty() && p->replicas.front() == failed)
    std::rotate(p->replicas.begin(), p->replicas.begin() + 1, p->replicas.end());
}

std::optional<node_id> metadata_cache::route(const std::string& topic, partition_id p) const {
  auto m = partition(topic, p);
  if (!m)
    return std::nullopt;
  if (m->leader.value() >= 0)
    return m->leader;
  if (m->replicas.empty())
    return std::nullopt;
  return m->replicas.front();
}

} // namespace strom
