#pragma once
// One file as a machine sees it before a power cut: the backing file holds
// what was synced (the platter); the pages written since the last sync and
// the size live here (the volatile cache). Reads merge the two; flush()
// moves the cache onto the platter; dropping this object loses it. A failed
// writeback (lose_dirty) does as Linux does: the dirty pages count as clean,
// readers still see them, but they never reach the platter.

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <vector>

namespace strom::power_fs {

class volatile_file {
public:
  static constexpr uint64_t page_bytes = 4096;

  // Takes ownership of `backing_fd`, opened read-write.
  explicit volatile_file(int backing_fd);
  ~volatile_file();
  volatile_file(const volatile_file&) = delete;
  volatile_file& operator=(const volatile_file&) = delete;

  int backing_fd() const { return fd_; }
  uint64_t size() const { return size_; }

  // Each returns the bytes moved or 0, or -errno.
  ssize_t read(char* out, size_t bytes, uint64_t offset) const;
  ssize_t write(const char* data, size_t bytes, uint64_t offset);
  int resize(uint64_t size);
  // Writes the cache into the backing file and fdatasyncs it.
  int flush();
  // The writeback failed: what is dirty now is never written.
  void lose_dirty();

private:
  // The page's content as readers see it; zeros past the end.
  int page_content(uint64_t page, std::vector<char>& out) const;

  int fd_;
  uint64_t size_ = 0;
  uint64_t backing_size_ = 0;
  // Backing bytes from here on were cut off by a truncation not yet synced.
  uint64_t hidden_from_ = 0;
  std::map<uint64_t, std::vector<char>> pages_;
  // Pages of a failed writeback: read, never flushed, gone at a power cut.
  std::map<uint64_t, std::vector<char>> lost_pages_;
};

} // namespace strom::power_fs
