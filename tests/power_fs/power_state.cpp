#include "tests/power_fs/power_state.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace strom::power_fs {

namespace {

constexpr uint64_t sector_bytes = 512;

std::optional<struct stat> stat_of(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    return std::nullopt;
  return info;
}

} // namespace

power_state::power_state(std::string backing_dir, uint64_t seed)
  : backing_dir_(std::move(backing_dir)), random_(seed) {}

int power_state::open(const char* path, int flags, mode_t mode) {
  // Read-write whatever the caller asked: a flush may need to write through
  // a handle opened for reading. O_TRUNC arrives as a resize, O_APPEND the
  // kernel resolves into offsets.
  int backing_flags = O_RDWR | O_CLOEXEC | (flags & (O_CREAT | O_EXCL));
  int fd = ::open(backing_path(path).c_str(), backing_flags, mode);
  if (fd < 0)
    return -errno;
  struct stat info {};
  ::fstat(fd, &info);
  auto& e = files_[info.st_ino];
  if (!e.file) {
    int own = ::dup(fd);
    if (own < 0) {
      int rc = -errno;
      ::close(fd);
      files_.erase(info.st_ino);
      return rc;
    }
    e.file = std::make_unique<volatile_file>(own);
  }
  ++e.handles;
  handles_[fd] = handle{info.st_ino, (flags & (O_SYNC | O_DSYNC)) != 0, e.errors};
  return fd;
}

void power_state::release(int fd) {
  auto found = handles_.find(fd);
  if (found == handles_.end())
    return;
  ino_t ino = found->second.ino;
  handles_.erase(found);
  ::close(fd);
  auto e = files_.find(ino);
  if (e != files_.end() && --e->second.handles == 0 && e->second.unlinked)
    forget(ino);
}

volatile_file* power_state::file_of(int fd) {
  auto found = handles_.find(fd);
  if (found == handles_.end())
    return nullptr;
  return files_.at(found->second.ino).file.get();
}

ssize_t power_state::read(int fd, char* out, size_t bytes, off_t offset) {
  auto* file = file_of(fd);
  return file ? file->read(out, bytes, static_cast<uint64_t>(offset)) : -EBADF;
}

ssize_t power_state::write(int fd, const char* data, size_t bytes, off_t offset) {
  auto* file = file_of(fd);
  if (!file)
    return -EBADF;
  ssize_t written = file->write(data, bytes, static_cast<uint64_t>(offset));
  if (written < 0)
    return written;
  if (handles_.at(fd).write_through) {
    // The kernel follows a O_DSYNC write with an fsync of the whole file too.
    int rc = fsync(fd);
    return rc < 0 ? rc : written;
  }
  // Only a file someone fsyncs holds data meant to last: the last write of
  // one never fsynced (LMDB's lock file, written back when its process
  // dies) is no write worth tearing.
  ino_t ino = handles_.at(fd).ino;
  if (files_.at(ino).fsynced)
    last_write_ = last_write{ino, static_cast<uint64_t>(offset),
                             std::vector<char>(data, data + bytes)};
  return written;
}

int power_state::fsync(int fd) {
  auto* file = file_of(fd);
  if (!file)
    return -EBADF;
  if (fsync_delay_ms_ > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(fsync_delay_ms_));
  if (fsync_fault_ == fsync_fault::eio_on)
    return -EIO; // nothing reaches the platter; the cache keeps it
  auto& h = handles_.at(fd);
  auto& e = files_.at(h.ino);
  e.fsynced = true;
  if (fsync_fault_ == fsync_fault::eio_once) {
    fsync_fault_ = fsync_fault::none;
    file->lose_dirty();
    ++e.errors;
  } else if (int rc = file->flush(); rc < 0) {
    return rc;
  }
  if (last_write_ && last_write_->ino == h.ino)
    last_write_.reset();
  // Each handle hears of a failed writeback once, as with Linux's errseq.
  if (h.errors_seen == e.errors)
    return 0;
  h.errors_seen = e.errors;
  return -EIO;
}

power_state::entry* power_state::entry_of_path(const char* path, int& rc) {
  auto info = stat_of(backing_path(path));
  if (!info) {
    rc = -ENOENT;
    return nullptr;
  }
  auto& e = files_[info->st_ino];
  if (!e.file) {
    int fd = ::open(backing_path(path).c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      rc = -errno;
      files_.erase(info->st_ino);
      return nullptr;
    }
    e.file = std::make_unique<volatile_file>(fd);
  }
  return &e;
}

int power_state::resize(const char* path, int fd, uint64_t size) {
  volatile_file* file = nullptr;
  ino_t ino = 0;
  if (fd >= 0 && handles_.count(fd) > 0) {
    file = file_of(fd);
    ino = handles_.at(fd).ino;
  } else {
    int rc = 0;
    auto* e = entry_of_path(path, rc);
    if (!e)
      return rc;
    file = e->file.get();
    ino = stat_of(backing_path(path))->st_ino;
  }
  if (last_write_ && last_write_->ino == ino)
    last_write_.reset(); // its bytes may be gone from the file now
  return file->resize(size);
}

void power_state::patch(struct stat& info) const {
  auto found = files_.find(info.st_ino);
  if (found == files_.end() || !S_ISREG(info.st_mode))
    return;
  info.st_size = static_cast<off_t>(found->second.file->size());
  info.st_blocks = (info.st_size + 511) / 512;
}

void power_state::unlinked(ino_t ino) {
  auto found = files_.find(ino);
  if (found == files_.end())
    return;
  if (found->second.handles == 0)
    forget(ino);
  else
    found->second.unlinked = true;
}

void power_state::forget(ino_t ino) {
  files_.erase(ino);
  if (last_write_ && last_write_->ino == ino)
    last_write_.reset();
}

int power_state::unlink(const char* path) {
  auto info = stat_of(backing_path(path));
  if (::unlink(backing_path(path).c_str()) != 0)
    return -errno;
  if (info && info->st_nlink == 1)
    unlinked(info->st_ino);
  return 0;
}

int power_state::rename(const char* from, const char* to, unsigned int flags) {
  auto replaced = stat_of(backing_path(to));
  if (::renameat2(AT_FDCWD, backing_path(from).c_str(), AT_FDCWD, backing_path(to).c_str(),
                  flags) != 0)
    return -errno;
  if (replaced && replaced->st_nlink == 1 && (flags & RENAME_EXCHANGE) == 0)
    unlinked(replaced->st_ino);
  return 0;
}

void power_state::flush_all() {
  for (auto& [ino, e] : files_)
    e.file->flush();
  last_write_.reset();
}

std::string power_state::cut(cut_mode mode) {
  if (mode == cut_mode::drop)
    return "power cut: every unsynced write lost";
  if (!last_write_)
    return "power cut: torn, but no unsynced write to tear; every one lost";
  const auto& w = *last_write_;
  // Sector boundaries inside the write, and its start: each is a place the
  // write may have stopped at when the power went.
  std::vector<uint64_t> ends{w.offset};
  for (uint64_t at = (w.offset / sector_bytes + 1) * sector_bytes; at < w.offset + w.data.size();
       at += sector_bytes)
    ends.push_back(at);
  uint64_t end = ends[random_() % ends.size()];
  auto kept = static_cast<size_t>(end - w.offset);
  int fd = files_.at(w.ino).file->backing_fd();
  if (kept > 0 && ::pwrite(fd, w.data.data(), kept, static_cast<off_t>(w.offset)) < 0)
    return "power cut: the torn write failed";
  ::fdatasync(fd);
  return "power cut: torn, " + std::to_string(kept) + " of the last write's " +
         std::to_string(w.data.size()) + " bytes at offset " + std::to_string(w.offset) +
         " of inode " + std::to_string(w.ino) + " reached the platter; the rest lost";
}

} // namespace strom::power_fs
