#pragma once
// What the Kafka door's group tests share: librdkafka group consumers
// served in turn by the test's thread, checks of how they share partitions
// and what they read, and the group's coordinator as FindCoordinator names
// it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/kafka/rdkafka_client.hpp"

namespace strom::testing {

using consumers = std::vector<std::unique_ptr<rdkafka_group_consumer>>;

// A group forms after the coordinator's initial delay (3 s) and each
// rebalance waits for every member: generous, since the machine is shared.
constexpr std::chrono::milliseconds group_wait_ms{90'000};

// `count` records, record i to partition i % partitions, valued
// "v<first + i>" (what read_all looks for).
std::vector<kafka_record> spread_records(int first, int count, int32_t partitions);

// Serves every consumer in turn until `done` holds or the wait ends.
bool serve_until(consumers& members, const std::function<bool()>& done,
                 std::chrono::milliseconds wait_ms = group_wait_ms);

// Every partition assigned to exactly one member, and every member has some.
bool shared_exactly(const consumers& members, int32_t partitions);

// Each member's partitions, rebalances and errors, for a failure's message.
std::string shares_of(const consumers& members);

// The distinct values the members read.
std::set<std::string> values_read(const consumers& members);

// Whether the members read the values "v<first>" .. "v<first + count - 1>".
bool read_all(const consumers& members, int first, int count);

struct coordinator_door {
  int32_t node = -1;
  uint16_t port = 0;
};

// The group's coordinator as a FindCoordinator (v1) to `any_door` names it,
// once the cluster names one within the wait.
std::optional<coordinator_door> find_coordinator(uint16_t any_door, const std::string& group,
                                                 std::chrono::milliseconds wait_ms);

} // namespace strom::testing
