#pragma once
// The state of strom-power-fs without FUSE: which backing files are open,
// each file's volatile cache (volatile_file), the last unsynced write to a
// file that is ever fsynced (what a torn cut half-writes), and the faults
// fsync answers with. Every call takes paths relative to the mount and
// returns -errno on failure; the caller holds mutex() around each call.

#include <sys/stat.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/power_fs/volatile_file.hpp"

namespace strom::power_fs {

enum class cut_mode { drop, torn };

class power_state {
public:
  power_state(std::string backing_dir, uint64_t seed);

  std::mutex& mutex() { return mutex_; }
  std::string backing_path(const char* path) const { return backing_dir_ + path; }

  // A handle is a backing fd; O_SYNC and O_DSYNC handles write through.
  int open(const char* path, int flags, mode_t mode);
  void release(int fd);
  ssize_t read(int fd, char* out, size_t bytes, off_t offset);
  ssize_t write(int fd, const char* data, size_t bytes, off_t offset);
  int fsync(int fd);
  int resize(const char* path, int fd, uint64_t size);
  // The size readers see, over what the backing file says.
  void patch(struct stat& info) const;
  int unlink(const char* path);
  int rename(const char* from, const char* to, unsigned int flags);

  // A clean unmount: everything cached reaches the platter.
  void flush_all();
  // The power goes: a torn cut writes a prefix of the last unsynced write
  // (to a file fsynced before), cut at a 512-byte sector boundary; the
  // caller then exits without flushing. Says what reached the platter.
  std::string cut(cut_mode mode);

  // on: every fsync fails and writes nothing, the cache keeps the data.
  // once: the next fsync fails as Linux's does after a failed writeback:
  // the file's dirty pages count as clean, never reaching the platter, and
  // the error is reported once to each handle open at the time (errseq).
  enum class fsync_fault { none, eio_on, eio_once };
  void set_fsync_fault(fsync_fault fault) { fsync_fault_ = fault; }
  void set_fsync_delay_ms(uint32_t delay_ms) { fsync_delay_ms_ = delay_ms; }

private:
  struct entry {
    std::unique_ptr<volatile_file> file;
    int handles = 0;
    bool unlinked = false;
    bool fsynced = false; // ever, through this mount
    uint64_t errors = 0; // failed writebacks so far
  };
  struct handle {
    ino_t ino = 0;
    bool write_through = false; // opened with O_SYNC or O_DSYNC
    uint64_t errors_seen = 0;
  };
  struct last_write {
    ino_t ino = 0;
    uint64_t offset = 0;
    std::vector<char> data;
  };

  volatile_file* file_of(int fd);
  // The path's entry, made (with a backing fd of its own) if it has none.
  entry* entry_of_path(const char* path, int& rc);
  // The backing file lost its last name: its cache goes once it is closed.
  void unlinked(ino_t ino);
  void forget(ino_t ino);

  std::mutex mutex_;
  std::string backing_dir_;
  std::mt19937_64 random_;
  std::map<int, handle> handles_; // by backing fd
  std::map<ino_t, entry> files_;
  std::optional<last_write> last_write_;
  fsync_fault fsync_fault_ = fsync_fault::none;
  uint32_t fsync_delay_ms_ = 0;
};

} // namespace strom::power_fs
