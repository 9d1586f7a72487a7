// Storage on a disk whose fsync fails (strom-power-fs, tests/power_fs):
// what was acknowledged must be what a power cut keeps. Needs /dev/fuse and
// root; fails without them.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "storage/env.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"
#include "tests/power_fs/power_mount.hpp"

namespace strom::storage {
namespace {

class disk_fault : public ::testing::Test {
protected:
  disk_fault() { mount_.emplace(dir_.path() + "/platter", dir_.path() + "/mnt", 1); }
  ~disk_fault() override { mount_.reset(); }

  storage_config config() const {
    storage_config c;
    c.data_dir = mount_->path();
    c.map_size_bytes = uint64_t{64} << 20;
    c.fsync = fsync_policy::always;
    return c;
  }

  // One committed record in the format database; LMDB syncs its data pages
  // and leaves its meta page unsynced (MDB_NOMETASYNC), as every commit does.
  static result<void> put(env& e, const std::string& key) {
    auto w = e.begin_write();
    if (!w)
      return w.error();
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{key.size(), const_cast<char*>(key.data())};
    if (int rc = mdb_put(w->handle(), e.dbs().format, &k, &v, 0); rc != 0)
      return mdb_error(rc, "put " + key);
    return w->commit();
  }

  static bool has(env& e, const std::string& key) {
    auto r = e.begin_read();
    MDB_val k{key.size(), const_cast<char*>(key.data())}, v;
    return r && mdb_get(r->handle(), e.dbs().format, &k, &v) == 0;
  }

  testing::temp_dir dir_;
  std::optional<strom::testing::power_mount> mount_;
};

// Linux reports a failed writeback once to each open file description. A
// commit's fdatasync that hears of it first must not leave env::sync (the
// ack_syncer's) to return 0 for the previous commit's lost meta page: that
// commit would be acknowledged, and gone after a power cut.
TEST_F(disk_fault, sync_hears_of_a_writeback_failure_that_a_commit_saw_first) {
  auto environment = testing::open_env(config());
  ASSERT_TRUE(put(*environment, "first")); // its meta page waits for a sync
  mount_->command("fsync eio once");
  EXPECT_FALSE(put(*environment, "second")) << "the commit's own fdatasync failed";
  auto synced = environment->sync();
  environment.reset();
  mount_->cut(strom::testing::power_cut::drop);
  mount_->mount(2);
  auto reopened = testing::open_env(config());
  EXPECT_FALSE(synced) << "sync said the first commit durable; after a power cut it is "
                       << (has(*reopened, "first") ? "there" : "gone");
}

write_request appending(int64_t from, int64_t to) {
  write_request request;
  request.group = group_id{1};
  for (int64_t i = from; i <= to; ++i)
    request.entries.push_back(testing::make_entry(group_id{1}, i, 1, 200));
  return request;
}

// After a failed fsync the kernel may call lost pages clean, so a later
// fsync that succeeds proves nothing: the writer refuses every write from
// then on, even once the disk answers again (the node's replicas halt on it).
TEST_F(disk_fault, a_failed_fsync_fails_the_writer_for_good) {
  auto environment = testing::open_env(config());
  writer w{*environment};
  ASSERT_TRUE(testing::submit_and_wait(w, appending(1, 10)));
  EXPECT_FALSE(w.failure());
  mount_->command("fsync eio once");
  EXPECT_FALSE(testing::submit_and_wait(w, appending(11, 20)));
  ASSERT_TRUE(w.failure());
  EXPECT_EQ(w.failure()->code, errc::storage_io);
  auto later = testing::submit_and_wait(w, appending(11, 20));
  ASSERT_FALSE(later) << "a write was taken after a failed fsync";
  EXPECT_EQ(later.error().code, errc::storage_io);
  w.stop();
}

} // namespace
} // namespace strom::storage
