// Issue 5's failover run (produce_failover.hpp) with power cuts: each node's
// data dir is a strom-power-fs mount of its own (tests/power_fs), and taking
// a node down is SIGKILL, then a power cut of its file system (drop or torn,
// drawn from the seed), then the platter mounted again. Under fsync: always
// every acknowledged record must be there exactly once, in per-key order.
// Needs /dev/fuse and root; fails without them.

#include <signal.h>

#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "tests/chaos/produce_failover.hpp"
#include "tests/power_fs/power_mount.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::testing {
namespace {

// What strom promises survives a power loss.
constexpr char fsync_always_yaml[] = "defaults:\n  fsync: always\n";
// About 19 s of load: four cuts at one every 4.5 s (three are required).
constexpr int records_default = 150'000;

class power_failover : public produce_failover {
protected:
  power_failover() : produce_failover(fsync_always_yaml, records_default) {
    for (int n = 1; n <= cluster_.node_count(); ++n) {
      auto name = std::to_string(n);
      mounts_[node_id{n}] = std::make_unique<power_mount>(
        cluster_.dir() + "/platter-" + name, cluster_.dir() + "/node-" + name, random_());
    }
  }

  // The nodes go before their file systems do.
  ~power_failover() override {
    for (int n = 1; n <= cluster_.node_count(); ++n)
      if (cluster_.running(node_id{n})) {
        cluster_.signal(node_id{n}, SIGKILL);
        cluster_.reap(node_id{n});
      }
    mounts_.clear();
  }

  void take_down(node_id victim) override {
    produce_failover::take_down(victim);
    auto mode = random_() % 2 == 0 ? power_cut::drop : power_cut::torn;
    mounts_.at(victim)->cut(mode);
    mounts_.at(victim)->mount(random_());
    ++cuts_[mode];
  }

  uint64_t seed_ = test_seed();
  seed_trace trace_{seed_};
  std::mt19937_64 random_{seed_};
  std::map<node_id, std::unique_ptr<power_mount>> mounts_;
  std::map<power_cut, int> cuts_;
};

TEST_F(power_failover, acks_all_keeps_every_acknowledged_record_through_power_cuts) {
  std::cout << "seed " << seed_ << " (rerun: " << rerun_command(seed_) << ")\n";
  auto o = run(acks::all);
  std::cout << "power cuts: " << cuts_[power_cut::drop] << " drop, " << cuts_[power_cut::torn]
            << " torn\n";
  expect_acks_all_kept(o);
}

} // namespace
} // namespace strom::testing
