#pragma once
// A group_state driven by hand: requests at a chosen time, the coordinator's
// log writes acknowledged at once, completions collected.

#include <string>

#include <gtest/gtest.h>

#include "actors/group/group_state.hpp"

namespace strom::test {

inline group_limits quick_limits() {
  group_limits limits;
  limits.initial_rebalance_delay_ms = 0;
  return limits;
}

inline join_request join_as(const std::string& client, std::set<std::string> topics,
                            std::vector<std::string> protocols = {"range"}) {
  join_request request;
  request.client_id = client;
  request.session_timeout_ms = 10'000;
  request.rebalance_timeout_ms = 30'000;
  request.subscription = std::move(topics);
  request.protocols = std::move(protocols);
  return request;
}

// A new member's join as a client makes it: the first answer gives the id
// (member_id_required), the second join, with the id, is the real one.
inline result<join_reply> join_new(group_state& group, join_request request, int64_t now_ms) {
  auto first = group.join(request, now_ms);
  auto* given = first ? std::get_if<join_response>(&*first) : nullptr;
  if (given == nullptr || !given->member_id_required)
    return first;
  request.member = given->member;
  return group.join(request, now_ms);
}

inline member_id pending_member(const result<join_reply>& reply) {
  EXPECT_TRUE(reply) << reply.error().describe();
  if (!reply)
    return member_id{};
  EXPECT_TRUE(std::holds_alternative<pending_reply>(*reply));
  return std::holds_alternative<pending_reply>(*reply) ? std::get<pending_reply>(*reply).member
                                                       : std::get<join_response>(*reply).member;
}

template <class T>
errc code_of(const result<T>& r) {
  return r ? errc::ok : r.error().code;
}

class group_driver {
public:
  explicit group_driver(std::string assignor = "range", group_limits limits = quick_limits())
    : group(("g-" + assignor), limits), assignor_(std::move(assignor)) {}

  member_id join(const std::string& client, std::set<std::string> topics = {"t"}) {
    return pending_member(join_new(group, join_as(client, std::move(topics), {assignor_}), now));
  }

  // The log took every write: syncs of the written generation complete.
  group_completions settle() {
    for (const auto& write : group.take_writes()) {
      written.push_back(write);
      group.assignment_persisted(write.generation, now);
    }
    return group.take_completed();
  }

  // Every member syncs its generation; the assignments by member.
  group_assignment sync_all() {
    for (const auto& [id, member] : group.members())
      EXPECT_TRUE(group.sync(id, group.generation(), now));
    group_assignment out;
    for (const auto& done : settle().syncs)
      if (done.response)
        out[done.member] = done.response->assignment;
    return out;
  }

  // Rejoin every member as a client told rebalance_in_progress would.
  void rejoin_all() {
    auto members = group.members(); // joins change the group as it goes
    for (const auto& [id, member] : members) {
      auto request = join_as(member.client_id, member.subscription, member.protocols);
      request.member = id;
      request.group_instance_id = member.group_instance_id;
      EXPECT_TRUE(group.join(request, now));
    }
  }

  // A stable group of these clients on topic "t"; their member ids.
  std::vector<member_id> stable_group(const std::vector<std::string>& clients,
                                      int32_t partitions) {
    group.topic_partitions_changed({{"t", partitions}}, now);
    std::vector<member_id> ids;
    for (const auto& client : clients)
      ids.push_back(join(client));
    rejoin_all();
    sync_all();
    EXPECT_EQ(group.phase(), group_phase::stable);
    return ids;
  }

  group_state group;
  int64_t now = 1'000;
  std::vector<group_snapshot> written;

private:
  std::string assignor_;
};

} // namespace strom::test
