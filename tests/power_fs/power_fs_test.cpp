// strom-power-fs itself: what a power cut keeps and loses, in each mode.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "tests/power_fs/power_mount.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::testing {
namespace {

constexpr size_t sector_bytes = 512;

class power_fs : public ::testing::Test {
protected:
  power_fs()
    : dir_(make_temp_dir("strom-power-fs")) {
    mount_.emplace(dir_ + "/platter", dir_ + "/mnt", seed_);
  }
  ~power_fs() override {
    mount_.reset(); // unmounted before its directories go
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return mount_->path() + "/" + name; }

  // Writes `data` at `offset`; fsyncs when asked.
  void put(const std::string& name, const std::string& data, off_t offset, bool sync,
           int flags = 0) {
    int fd = ::open(path(name).c_str(), O_RDWR | O_CREAT | flags, 0644);
    ASSERT_GE(fd, 0) << name << ": " << std::strerror(errno);
    ASSERT_EQ(::pwrite(fd, data.data(), data.size(), offset), static_cast<ssize_t>(data.size()));
    if (sync) {
      ASSERT_EQ(::fdatasync(fd), 0) << std::strerror(errno);
    }
    ::close(fd);
  }

  std::string get(const std::string& name) const { return read_file(path(name)); }

  void power_cycle(power_cut mode) {
    mount_->cut(mode);
    mount_->mount(seed_ + 1);
  }

  uint64_t seed_ = test_seed();
  seed_trace trace_{seed_};
  std::string dir_;
  std::optional<power_mount> mount_;
};

TEST_F(power_fs, a_drop_cut_loses_what_was_not_synced_and_keeps_what_was) {
  put("synced", std::string(10000, 's'), 0, true);
  put("synced", std::string(100, 'u'), 200, false);
  put("unsynced", std::string(5000, 'u'), 0, false);
  EXPECT_EQ(get("synced").substr(200, 100), std::string(100, 'u')) << "reads see the cache";
  power_cycle(power_cut::drop);
  EXPECT_EQ(get("synced"), std::string(10000, 's'));
  EXPECT_EQ(get("unsynced"), "") << "created names are durable at once, their bytes are not";
}

TEST_F(power_fs, a_torn_cut_keeps_a_sector_prefix_of_the_last_write_only) {
  put("file", std::string(8192, 'a'), 0, true);
  put("other", std::string(4096, 'o'), 0, false);
  put("file", std::string(8192 - 100, 'b'), 100, false);
  power_cycle(power_cut::torn);
  auto kept = get("file");
  ASSERT_EQ(kept.size(), 8192u);
  auto torn_at = kept.find('a', 100);
  size_t end = torn_at == std::string::npos ? kept.size() : torn_at;
  EXPECT_TRUE(end == 100 || end % sector_bytes == 0) << "torn at " << end;
  EXPECT_LT(end, kept.size()) << "the last write is torn, never whole";
  EXPECT_EQ(kept, std::string(100, 'a') + std::string(end - 100, 'b') +
                    std::string(kept.size() - end, 'a'));
  EXPECT_EQ(get("other"), "") << "every other unsynced write is lost";
}

TEST_F(power_fs, a_write_through_an_o_dsync_handle_is_synced) {
  put("file", std::string(3000, 'd'), 0, false, O_DSYNC);
  power_cycle(power_cut::drop);
  EXPECT_EQ(get("file"), std::string(3000, 'd'));
}

TEST_F(power_fs, a_truncation_is_cached_until_synced) {
  put("file", std::string(9000, 'a'), 0, true);
  ASSERT_EQ(::truncate(path("file").c_str(), 100), 0);
  ASSERT_EQ(::truncate(path("file").c_str(), 9000), 0);
  EXPECT_EQ(get("file"), std::string(100, 'a') + std::string(8900, '\0'));
  power_cycle(power_cut::drop);
  EXPECT_EQ(get("file"), std::string(9000, 'a'));
}

// LMDB maps its lock file shared and writable, and reads its data file
// through a shared mapping that must see every write().
TEST_F(power_fs, shared_mappings_see_writes_and_write_back) {
  put("file", std::string(8192, 'a'), 0, true);
  int fd = ::open(path("file").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  void* at = ::mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(at, MAP_FAILED) << std::strerror(errno);
  auto* bytes = static_cast<char*>(at);
  ASSERT_EQ(::pwrite(fd, "w", 1, 10), 1);
  EXPECT_EQ(bytes[10], 'w');
  bytes[5000] = 'm';
  ASSERT_EQ(::msync(at, 8192, MS_SYNC), 0);
  ASSERT_EQ(::fdatasync(fd), 0);
  ::munmap(at, 8192);
  ::close(fd);
  power_cycle(power_cut::drop);
  auto kept = get("file");
  EXPECT_EQ(kept[10], 'w');
  EXPECT_EQ(kept[5000], 'm');
}

TEST_F(power_fs, fsync_can_be_made_to_fail_and_then_nothing_reaches_the_platter) {
  mount_->command("fsync eio on");
  int fd = ::open(path("file").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "abc", 3, 0), 3);
  EXPECT_EQ(::fdatasync(fd), -1);
  EXPECT_EQ(errno, EIO);
  ::close(fd);
  power_cycle(power_cut::drop);
  EXPECT_EQ(get("file"), "");
}

// As Linux's: the failed pages are lost though readers still see them, and
// every handle open at the time hears of the error once (errseq).
TEST_F(power_fs, a_failed_writeback_loses_its_pages_and_tells_each_handle_once) {
  put("file", std::string(4096, 'a'), 0, true);
  int writer = ::open(path("file").c_str(), O_RDWR);
  int other = ::open(path("file").c_str(), O_RDWR);
  ASSERT_GE(writer, 0);
  ASSERT_GE(other, 0);
  ASSERT_EQ(::pwrite(writer, "bb", 2, 0), 2);
  mount_->command("fsync eio once");
  EXPECT_EQ(::fdatasync(writer), -1);
  EXPECT_EQ(errno, EIO);
  EXPECT_EQ(get("file").substr(0, 3), "bba") << "the cache still has the lost bytes";
  EXPECT_EQ(::fdatasync(writer), 0) << "a handle hears of an error once";
  EXPECT_EQ(::fdatasync(other), -1) << "every handle open at the time hears of it";
  EXPECT_EQ(errno, EIO);
  EXPECT_EQ(::fdatasync(other), 0);
  ::close(writer);
  ::close(other);
  power_cycle(power_cut::drop);
  EXPECT_EQ(get("file"), std::string(4096, 'a')) << "the failed pages never reached the platter";
}

TEST_F(power_fs, fsync_can_be_slowed) {
  mount_->command("fsync delay_ms 200");
  int fd = ::open(path("file").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "abc", 3, 0), 3);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(::fdatasync(fd), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  ::close(fd);
}

} // namespace
} // namespace strom::testing
