#include "actors/group/assignor.hpp"

#include <algorithm>

#include "actors/group/assignor_support.hpp"

namespace strom {

std::unique_ptr<assignor> make_assignor(std::string_view name) {
  if (name == "range")
    return make_range_assignor();
  if (name == "round_robin")
    return make_round_robin_assignor();
  if (name == "sticky")
    return make_sticky_assignor();
  if (name == "cooperative_sticky")
    return make_cooperative_sticky_assignor();
  return nullptr;
}

bool is_known_assignor(std::string_view name) {
  return make_assignor(name) != nullptr;
}

group_assignment empty_assignment(const assignor_input& input) {
  group_assignment out;
  for (const auto& member : input.members)
    out[member.id];
  return out;
}

std::vector<const assignor_member*> members_by_id(const assignor_input& input) {
  std::vector<const assignor_member*> out;
  for (const auto& member : input.members)
    out.push_back(&member);
  std::sort(out.begin(), out.end(),
            [](const assignor_member* a, const assignor_member* b) { return a->id < b->id; });
  return out;
}

std::vector<topic_partition> subscribed_partitions(const assignor_input& input) {
  std::set<std::string> topics;
  for (const auto& member : input.members)
    topics.insert(member.subscription.begin(), member.subscription.end());
  std::vector<topic_partition> out;
  for (const auto& [topic, count] : input.partitions) {
    if (topics.count(topic) == 0)
      continue;
    for (int32_t p = 0; p < count; ++p)
      out.push_back(topic_partition{topic, partition_id{p}});
  }
  return out;
}

bool subscribes(const assignor_member& member, const std::string& topic) {
  return member.subscription.count(topic) > 0;
}

std::map<topic_partition, member_id> current_owners(const assignor_input& input,
                                                    claims which) {
  std::map<topic_partition, const assignor_member*> owners;
  for (const auto* member : members_by_id(input)) {
    for (const auto& tp : member->owned) {
      auto count = input.partitions.find(tp.topic);
      bool exists = count != input.partitions.end() && tp.partition.value() >= 0
                    && tp.partition.value() < count->second;
      if (!exists || (which == claims::subscribed_only && !subscribes(*member, tp.topic)))
        continue;
      auto [it, fresh] = owners.emplace(tp, member);
      // Members come in id order, so on equal generations the first stays.
      if (!fresh && member->owned_generation > it->second->owned_generation)
        it->second = member;
    }
  }
  std::map<topic_partition, member_id> out;
  for (const auto& [tp, member] : owners)
    out.emplace(tp, member->id);
  return out;
}

} // namespace strom
