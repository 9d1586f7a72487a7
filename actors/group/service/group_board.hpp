#pragma once
// The consumer groups this node coordinates, as /metrics shows them: members
// and generation per group, rebalances and how long they took, and each
// committed offset with its lag behind the partition's high watermark as
// this node's replica of it knows it (absent where the node holds none).
// The group service publishes a group after every change; a scrape reads
// the board under its lock, never the service's state.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "actors/group/group_state.hpp"
#include "actors/group/offset_table.hpp"
#include "messages/metrics/registry.hpp"

namespace strom {

class group_board {
public:
  // The group's state now (null: a group with commits and no members);
  // `slot` is the partition of __consumer_offsets that coordinates it.
  void publish(int32_t slot, const std::string& name, const group_state* group,
               const offset_table& offsets, int64_t now_ms);
  void forget(const std::string& name);
  // The coordinator gave up (or reloads) the slot: its groups go.
  void forget_slot(int32_t slot);
  void collect(std::vector<metrics::family_value>& out);

private:
  struct entry {
    int32_t slot = 0;
    int64_t members = 0;
    int64_t generation = -1;
    int64_t rebalance_started_ms = 0; // 0: not rebalancing
    std::map<topic_partition, int64_t> committed;
  };
  void track_rebalance(entry& e, bool rebalancing, int64_t now_ms);

  std::mutex mutex_;
  std::map<std::string, entry> groups_;
};

// The process's board; its families are in the global registry from the first call.
group_board& groups_board();

} // namespace strom
