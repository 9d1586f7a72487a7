#pragma once
// Issue 5's failover run, shared by the kill -9 and the power-loss tests:
// three nodes, a topic of 6 partitions with replication 3, and a producer
// writing keyed records with the client library while the node leading
// most partitions is taken down and brought back every few seconds.
// Afterwards every partition is read from the start and compared with what
// was acknowledged. How a node goes down is take_down(): SIGKILL here, and
// a power cut too in power_failover_test.cpp.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {

// What the test sent and what was acknowledged, by record number.
struct ledger {
  std::mutex mutex;
  std::vector<char> acked;  // 1: acknowledged
  std::vector<char> failed; // 1: reported with an error
  std::map<errc, int> errors;
};

class produce_failover : public ::testing::Test {
protected:
  // `records_default` unless STROM_CHAOS_RECORDS says otherwise.
  explicit produce_failover(const std::string& extra_yaml = "", int records_default = 200'000);

  void SetUp() override { cluster_.start_all(); }

  struct outcome {
    int acked = 0;
    int failed = 0;
    int present = 0;
    int lost = 0;
    int duplicates = 0;
    int unknown = 0;
    int out_of_order = 0;
    int kills = 0;
  };

  outcome run(acks level);
  // What acks=all promises: every record acknowledged, none lost, none
  // twice, none out of per-key order, nothing unknown; three outages or more.
  void expect_acks_all_kept(const outcome& o) const;
  int record_count() const { return record_count_; }

  // Stops the node (SIGKILL) and reaps it; kill_leaders starts it again.
  virtual void take_down(node_id victim);

  test_cluster cluster_;
  chaos_cluster chaos_;

private:
  void kill_leaders(std::atomic<bool>& done, int& kills);
  void produce_all(producer& p, ledger& book, int count);
  void check(ledger& book, int count, outcome& o);

  int record_count_;
};

} // namespace strom::testing
