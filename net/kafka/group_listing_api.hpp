#pragma once
// What tools ask of each node about the groups it coordinates: ListGroups
// (key 16) v0-v4, DescribeGroups (key 15) v0-v5, DeleteGroups (key 42)
// v0-v2, flexible (KIP-482) from v3, v5 and v2 by the API table. A
// member's subscription and assignment are written in Kafka's consumer
// protocol (version 0), so that tools which parse them (lag monitors,
// kafka-consumer-groups) show strom's groups as Kafka's.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/group_messages.hpp"
#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

// Kafka's names of group states (Stable, PreparingRebalance, ...).
std::string kafka_group_state(const std::string& state);

struct list_groups_request {
  std::vector<std::string> states; // v4+; empty: every state
};
result<list_groups_request> read_list_groups(int16_t version, std::string_view body);

// The groups the request's states filter keeps, each with its state (v4+).
std::string write_list_groups(int16_t version, error_code error,
                              const std::vector<group_overview>& groups,
                              const list_groups_request& request = {});

struct describe_groups_request {
  std::vector<std::string> groups;
};
result<describe_groups_request> read_describe_groups(int16_t version, std::string_view body);

struct described_group {
  error_code error = error_code::none;
  std::string name;
  group_description description; // empty for an error or an unknown group (Dead)
};

std::string write_describe_groups(int16_t version, const std::vector<described_group>& groups);

// The consumer protocol's Subscription and Assignment (version 0).
std::string consumer_subscription(const std::vector<std::string>& topics);
std::string consumer_assignment(const std::vector<topic_partition>& assignment);

result<std::vector<std::string>> read_delete_groups(int16_t version, std::string_view body);
std::string write_delete_groups(int16_t version,
                                const std::vector<std::pair<std::string, error_code>>& results);

} // namespace strom::kafka
