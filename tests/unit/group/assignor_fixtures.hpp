#pragma once
// Builders for assignor inputs and the checks every assignor must pass.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "actors/group/assignor.hpp"

namespace strom::test {

inline topic_partition tp(const std::string& topic, int32_t partition) {
  return topic_partition{topic, partition_id{partition}};
}

inline assignor_member member(const std::string& id, std::set<std::string> topics,
                              partition_set owned = {}, int32_t generation = -1) {
  return assignor_member{member_id{id}, std::move(topics), std::move(owned),
                         generation_id{generation}};
}

inline group_assignment assign(std::string_view assignor_name, const assignor_input& input) {
  auto assignor = make_assignor(assignor_name);
  EXPECT_TRUE(assignor) << assignor_name;
  return assignor ? assignor->assign(input) : group_assignment{};
}

// Every partition of a subscribed topic at most once, only to a subscriber.
inline void expect_owned_at_most_once(const assignor_input& input, const group_assignment& out) {
  std::map<topic_partition, member_id> owner;
  for (const auto& [member, partitions] : out) {
    for (const auto& p : partitions) {
      auto [it, fresh] = owner.emplace(p, member);
      EXPECT_TRUE(fresh) << p << " owned by " << it->second << " and " << member;
      EXPECT_LT(p.partition.value(), input.partitions.at(p.topic)) << p;
      for (const auto& m : input.members)
        if (m.id == member) {
          EXPECT_TRUE(m.subscription.count(p.topic)) << member << " got " << p;
        }
    }
  }
}

inline size_t assigned_count(const group_assignment& out) {
  size_t n = 0;
  for (const auto& entry : out)
    n += entry.second.size();
  return n;
}

// Members with equal subscriptions hold counts that differ by at most 1.
inline void expect_balanced(const assignor_input& input, const group_assignment& out) {
  for (const auto& a : input.members)
    for (const auto& b : input.members)
      if (a.subscription == b.subscription) {
        EXPECT_LE(out.at(a.id).size(), out.at(b.id).size() + 1)
          << a.id << " holds " << out.at(a.id).size() << ", " << b.id << " "
          << out.at(b.id).size();
      }
}

} // namespace strom::test
