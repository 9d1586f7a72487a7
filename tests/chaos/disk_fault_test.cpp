// A disk that fails its fsyncs (EIO), or is slow, under a node that leads
// partitions.
// Node 1's data dir is a strom-power-fs mount; once its fsyncs fail, the
// node must not retry and carry on as if its data were safe: its replicas
// stop (status "halted", requests answered storage_io, even after the disk
// recovers), the partitions it led move to the other nodes, the producer's
// records all land there, and after a restart on the recovered disk the
// node catches up as a follower.

#include <gtest/gtest.h>

#include <signal.h>

#include <mutex>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"
#include "tests/power_fs/power_mount.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int partition_count = 3;
const node_id failing{1};

class disk_fault : public ::testing::Test {
protected:
  disk_fault()
    : cluster_{3}, chaos_{cluster_},
      mount_{cluster_.dir() + "/platter-1", cluster_.dir() + "/node-1", test_seed()} {
    cluster_.start_all();
  }

  // The nodes go before the file system does.
  ~disk_fault() override {
    for (int n = 1; n <= cluster_.node_count(); ++n)
      if (cluster_.running(node_id{n})) {
        cluster_.signal(node_id{n}, SIGKILL);
        cluster_.reap(node_id{n});
      }
  }

  std::vector<partition_metadata> partitions_seen_by(node_id id) {
    admin_client admin{chaos_.system(), {cluster_.endpoint_of(id)}, 5000ms};
    auto md = admin.metadata({"d"});
    return md && !md->topics.empty() ? md->topics[0].partitions
                                     : std::vector<partition_metadata>{};
  }

  bool leads_any(node_id leader, node_id observer) {
    for (const auto& p : partitions_seen_by(observer))
      if (p.leader == leader)
        return true;
    return false;
  }

  // Sends `count` keyed records; the reports' error codes (ok for an ack).
  std::vector<errc> produce(producer& p, int from, int count) {
    std::vector<errc> codes;
    std::mutex mutex;
    for (int i = from; i < from + count; ++i) {
      record r;
      r.key = "k" + std::to_string(i % 30);
      r.value = std::to_string(i);
      p.send("d", r, [&](const delivery_report& d) {
        std::lock_guard<std::mutex> guard{mutex};
        codes.push_back(d.ok() ? errc::ok : d.code());
      });
    }
    EXPECT_TRUE(p.flush());
    return codes;
  }

  std::string role_on_failing_node(group_id group) {
    auto s = chaos_.view().ask<replica_status>(failing, 5s, status_atom::value, group);
    return s ? s->role : "(no answer)";
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
  power_mount mount_;
};

TEST_F(disk_fault, a_failed_fsync_stops_the_nodes_replicas_and_its_partitions_move) {
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  ASSERT_FALSE(chaos_.create_topic(topic_spec{"d", partition_count, 3}, 30s)) << cluster_.logs();
  ASSERT_TRUE(eventually([&] { return leads_any(failing, node_id{2}); }, 60s))
    << "node 1 leads nothing\n" << cluster_.logs();
  producer p{chaos_.system(), chaos_.endpoints(), producer_config{}};
  ASSERT_EQ(produce(p, 0, 100), std::vector<errc>(100, errc::ok));

  mount_.command("fsync eio on");
  // Every record lands: the partitions node 1 led move to the others.
  EXPECT_EQ(produce(p, 100, 300), std::vector<errc>(300, errc::ok)) << cluster_.logs();
  EXPECT_TRUE(eventually([&] { return !leads_any(failing, node_id{2}); }, 30s));
  auto groups = partitions_seen_by(node_id{2});
  ASSERT_EQ(groups.size(), static_cast<size_t>(partition_count));
  for (const auto& part : groups)
    EXPECT_TRUE(eventually([&] { return role_on_failing_node(part.group) == "halted"; }, 30s))
      << "group " << part.group.value() << " on node 1: " << role_on_failing_node(part.group);

  // It stays stopped when the disk recovers: nothing since the failure is trusted.
  mount_.command("fsync eio off");
  auto refused = chaos_.view().ask<produce_reply>(
    failing, 5s, produce_atom::value, groups[0].group,
    produce_request{*encode_record_batch({record{"k", "v", {}, 0}}, producer_identity{}),
                    static_cast<int8_t>(acks::all)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), errc::storage_io) << describe(refused.error());

  cluster_.signal(failing, SIGKILL);
  cluster_.reap(failing);
  size_t read = 0;
  for (int i = 0; i < partition_count; ++i) {
    auto records = chaos_.read_all("d", partition_id{i});
    ASSERT_TRUE(records) << cluster_.logs();
    read += records->size();
  }
  EXPECT_EQ(read, 400u) << "every acknowledged record, once";

  // Restarted on the recovered disk, it takes part again and catches up.
  cluster_.start(failing);
  for (const auto& part : groups)
    EXPECT_TRUE(eventually([&] {
      auto mine = chaos_.view().ask<replica_status>(failing, 5s, status_atom::value, part.group);
      if (!mine || mine->role == "halted" || mine->leader.value() < 0)
        return false;
      auto leader = chaos_.view().ask<replica_status>(mine->leader, 5s, status_atom::value,
                                                      part.group);
      return leader && mine->last == leader->last && mine->commit == leader->commit;
    }, 60s)) << "group " << part.group.value() << " on node 1 did not catch up";
}

// Every fsync of node 1 takes 30 ms more while a producer writes: slower
// acks, nothing lost, nothing stopped.
TEST_F(disk_fault, a_slow_disk_under_load_loses_nothing_and_stops_nothing) {
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  ASSERT_FALSE(chaos_.create_topic(topic_spec{"d", partition_count, 3}, 30s)) << cluster_.logs();
  mount_.command("fsync delay_ms 30");
  producer p{chaos_.system(), chaos_.endpoints(), producer_config{}};
  constexpr int count = 5000;
  EXPECT_EQ(produce(p, 0, count), std::vector<errc>(count, errc::ok)) << cluster_.logs();
  size_t read = 0;
  for (int i = 0; i < partition_count; ++i) {
    auto records = chaos_.read_all("d", partition_id{i});
    ASSERT_TRUE(records) << cluster_.logs();
    read += records->size();
  }
  EXPECT_EQ(read, static_cast<size_t>(count));
  for (const auto& part : partitions_seen_by(node_id{2}))
    EXPECT_NE(role_on_failing_node(part.group), "halted");
}

} // namespace
} // namespace strom::testing
