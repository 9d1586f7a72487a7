// A full file system, as a new user meets it: three nodes, each on a small
// tmpfs of its own, and acks=all writes until the disks fill. Before the file
// system is full the node refuses new data with storage_full, at once and to
// the client library's producer too (not after its delivery timeout); every
// acknowledged record stays readable; leaders, elections and metadata go on;
// and once a deleted topic frees room, writes are taken again without a
// restart. Needs root (it mounts tmpfs): without it the test fails, saying so.

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int node_count = 3;
// Small enough to fill in seconds; the automatic reserve is then 8 MiB.
constexpr const char* tmpfs_options = "size=40m";
constexpr int records_per_batch = 64;
constexpr size_t record_bytes = 1000;
// Far more than 40 MiB of batches: the loop ends at the first refusal.
constexpr int batches_max = 2000;

class disk_full : public ::testing::Test {
protected:
  disk_full() : cluster_{node_count}, chaos_{cluster_} {
    for (int n = 1; n <= node_count; ++n) {
      auto dir = data_dir(node_id{n});
      std::filesystem::create_directories(dir);
      if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, tmpfs_options) != 0) {
        ADD_FAILURE() << "cannot mount a tmpfs on " << dir << " (the test needs root): "
                      << std::strerror(errno);
        return;
      }
      mounted_.push_back(dir);
    }
    cluster_.start_all();
  }

  ~disk_full() override {
    // Detached at once; the kernel frees each once its node is gone.
    for (const auto& dir : mounted_)
      ::umount2(dir.c_str(), MNT_DETACH);
  }

  std::string data_dir(node_id id) const {
    return cluster_.dir() + "/node-" + std::to_string(id.value());
  }

  // The topic's only partition, once a running node names its leader.
  std::optional<partition_metadata> partition_of(const std::string& topic) {
    std::optional<partition_metadata> out;
    eventually([&] {
      auto t = chaos_.topic(topic);
      if (!t || t->partitions.empty() || t->partitions[0].leader.value() < 0
          || !cluster_.running(t->partitions[0].leader))
        return false;
      out = t->partitions[0];
      return true;
    }, 30s);
    return out;
  }

  // Batch `n`: records "n:0" .. "n:63", each padded to record_bytes.
  static std::string batch(int n) {
    std::vector<record> records;
    for (int i = 0; i < records_per_batch; ++i) {
      record r;
      r.key = "k" + std::to_string(i);
      std::string value = std::to_string(n) + ":" + std::to_string(i) + ":";
      r.value = value + std::string(record_bytes - value.size(), 'x');
      r.timestamp_ms = 1'700'000'000'000;
      records.push_back(std::move(r));
    }
    return *encode_record_batch(records, producer_identity{});
  }

  // Through the partition's leader, re-asked after a failover.
  caf::expected<produce_reply> produce(const std::string& topic, int n) {
    auto p = partition_of(topic);
    if (!p)
      return make_error(errc::not_leader, "no leader for " + topic);
    return chaos_.view().ask<produce_reply>(p->leader, 20s, produce_atom::value, p->group,
                              produce_request{batch(n), static_cast<int8_t>(acks::all)});
  }

  static bool refused_for_space(const caf::expected<produce_reply>& reply) {
    return !reply && is_strom_error(reply.error())
           && code_of(reply.error()) == errc::storage_full;
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
  std::vector<std::string> mounted_;
};

TEST_F(disk_full, data_is_refused_before_the_disk_fills_and_taken_again_once_room_is_freed) {
  ASSERT_EQ(mounted_.size(), static_cast<size_t>(node_count));
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  for (const auto& name : {"spare", "fill"})
    ASSERT_FALSE(chaos_.create_topic(topic_spec{name, 1, 3}, 30s)) << cluster_.logs();

  // A quarter of the room in a topic deleted later.
  for (int n = 0; n < 150; ++n) {
    auto reply = produce("spare", n);
    ASSERT_TRUE(reply) << describe(reply.error()) << "\n" << cluster_.logs();
  }
  std::set<int> acked;
  caf::expected<produce_reply> last{produce_reply{}};
  for (int n = 0; n < batches_max && last; ++n) {
    last = produce("fill", n);
    if (last)
      acked.insert(n);
  }
  ASSERT_TRUE(refused_for_space(last))
    << "writes ended with " << (last ? "no refusal" : describe(last.error())) << "\n"
    << cluster_.logs();
  EXPECT_GT(acked.size(), 50u);
  std::cout << "acknowledged " << acked.size() << " batches, then: "
            << describe(last.error()) << "\n";

  // The client library's producer hears the refusal at once, not after
  // its delivery timeout.
  {
    producer_config config;
    config.delivery_timeout_ms = 120s;
    producer p{chaos_.system(), chaos_.endpoints(), config};
    std::vector<errc> codes;
    std::mutex mutex;
    for (int i = 0; i < 5; ++i) {
      record r;
      r.key = "late";
      r.value = std::string(record_bytes, 'y');
      p.send("fill", r, [&](const delivery_report& d) {
        std::lock_guard<std::mutex> guard{mutex};
        codes.push_back(d.ok() ? errc::ok : d.code());
      });
    }
    ASSERT_TRUE(p.flush());
    EXPECT_EQ(codes, std::vector<errc>(5, errc::storage_full));
  }

  // Every acknowledged record is readable.
  auto records = chaos_.read_all("fill", partition_id{0});
  ASSERT_TRUE(records) << cluster_.logs();
  std::set<int> read;
  for (const auto& r : *records)
    read.insert(std::stoi(r.value->substr(0, r.value->find(':'))));
  EXPECT_EQ(read, acked);

  // Elections go on: the leader dies, another is elected on a full disk.
  auto before = partition_of("fill");
  ASSERT_TRUE(before);
  cluster_.signal(before->leader, SIGKILL);
  cluster_.reap(before->leader);
  auto after = partition_of("fill");
  ASSERT_TRUE(after) << "no leader after the failover\n" << cluster_.logs();
  EXPECT_NE(after->leader, before->leader);
  EXPECT_TRUE(refused_for_space(produce("fill", batches_max)));
  cluster_.start(before->leader);
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();

  // Room comes back with a deleted topic: writes are taken again.
  admin_client admin{chaos_.system(), chaos_.endpoints(), 5000ms};
  ASSERT_TRUE(admin.delete_topic("spare"));
  bool taken = eventually([&] { return static_cast<bool>(produce("fill", batches_max + 1)); },
                          60s);
  EXPECT_TRUE(taken) << "writes were not taken again\n" << cluster_.logs();
}

} // namespace
} // namespace strom::testing
