#pragma once
// A table with live brokers, for the controller tests.

#include <gtest/gtest.h>

#include "actors/controller/topic_table.hpp"

namespace strom::test {

inline void register_brokers(topic_table& table, int count) {
  for (int i = 1; i <= count; ++i) {
    auto applied = table.apply(register_broker_command{
      node_address{node_id{i}, "10.0.0." + std::to_string(i), static_cast<uint16_t>(9000 + i)}});
    ASSERT_TRUE(applied) << applied.error().describe();
  }
}

inline create_topic_command create(std::string name, int32_t partitions, int32_t replication) {
  return create_topic_command{std::move(name), partitions, replication, topic_config{}};
}

} // namespace strom::test
