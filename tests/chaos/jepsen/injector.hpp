#pragma once
// Carries out a schedule's faults on a running cluster: each fault is put
// on, held, and healed, and the timeline says when. The nodes run behind a
// proxied_network, each on a power_mount, each under libfaketime with a
// time file of its own.

#include <functional>
#include <map>
#include <memory>

#include "tests/chaos/jepsen/schedule.hpp"
#include "tests/chaos/jepsen/timeline.hpp"
#include "tests/chaos/proxied_network.hpp"
#include "tests/power_fs/power_mount.hpp"

namespace strom::testing::jepsen {

struct fault_rig {
  test_cluster& cluster;
  proxied_network& network;
  std::map<node_id, std::unique_ptr<power_mount>>& mounts;
  // The file whose offset ("+5m") libfaketime gives the node's wall clock.
  std::function<std::string(node_id)> time_file;
};

class injector {
public:
  injector(fault_rig rig, timeline& events) : rig_(rig), events_(events) {}

  void run(const fault& f);
  const std::map<fault_kind, int>& counts() const { return counts_; }

private:
  void put_on(const fault& f);
  void heal(const fault& f);
  void take_down(node_id n, const fault& f);

  fault_rig rig_;
  timeline& events_;
  std::map<fault_kind, int> counts_;
  uint64_t mounts_made_ = 0;
};

// Writes `offset` ("+0", "-7m") as a node's clock offset.
void set_clock_offset(const std::string& time_file, const std::string& offset);

} // namespace strom::testing::jepsen
