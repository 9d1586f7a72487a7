#include "storage/commit_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "messages/crc32c.hpp"
#include "storage/storage_metrics.hpp"

namespace strom::storage {

namespace {

constexpr uint32_t record_magic = 0x53434c31; // "SCL1"

// Header: magic u32, crc u32 (over the bytes after it and the payload),
// sequence u64, txn u64, payload bytes u32, zero u32.
struct header {
  uint32_t magic;
  uint32_t crc;
  uint64_t sequence;
  uint64_t txn;
  uint32_t payload_bytes;
  uint32_t zero;
};
static_assert(sizeof(header) == commit_log::header_bytes, "the header is 32 bytes");

uint64_t round_up_to_block(uint64_t bytes) {
  return (bytes + commit_log::block_bytes - 1) / commit_log::block_bytes *
         commit_log::block_bytes;
}

uint32_t crc_of(const header& h, const char* payload) {
  auto crc = crc32c_extend(0, reinterpret_cast<const char*>(&h) + 8, sizeof h - 8);
  return crc32c_extend(crc, payload, h.payload_bytes);
}

error making_error(const std::string& path) {
  bool full = errno == ENOSPC || errno == EDQUOT;
  return error{full ? errc::storage_full : errc::storage_io, path + ": " + std::strerror(errno)};
}

// Writes the whole file as zeros and syncs it and its directory.
result<void> fill_with_zeros(int fd, const std::string& path) {
  std::string zeros(commit_log::block_bytes * 64, '\0');
  for (uint64_t at = 0; at < commit_log::file_bytes; at += zeros.size()) {
    errno = ENOSPC; // a short write sets none
    if (::pwrite(fd, zeros.data(), zeros.size(), static_cast<off_t>(at)) !=
        static_cast<ssize_t>(zeros.size()))
      return making_error(path);
  }
  if (::fdatasync(fd) != 0)
    return making_error(path);
  auto dir = path.substr(0, path.find_last_of('/'));
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

} // namespace

result<std::unique_ptr<commit_log>> commit_log::open(const std::string& path, bool create,
                                                     bool skip_fsync) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && !create)
    return std::unique_ptr<commit_log>{};
  if (fd < 0 && errno == ENOENT) {
    // Made under another name and renamed, so a crash never leaves a short one.
    auto making = path + ".new";
    fd = ::open(making.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      if (auto filled = fill_with_zeros(fd, making); !filled) {
        ::close(fd);
        ::unlink(making.c_str());
        return filled.error();
      }
      if (::rename(making.c_str(), path.c_str()) != 0) {
        ::close(fd);
        return error{errc::storage_io, path + ": " + std::strerror(errno)};
      }
    }
  }
  if (fd < 0)
    return error{errc::data_dir_unusable, path + ": " + std::strerror(errno)};
  return std::unique_ptr<commit_log>{new commit_log(path, fd, skip_fsync)};
}

commit_log::~commit_log() { ::close(fd_); }

error commit_log::io_error(const std::string& what) const {
  return error{errc::storage_io, path_ + ": " + what + ": " + std::strerror(errno)};
}

result<void> commit_log::sync() {
  if (skip_fsync_)
    return {};
  auto start = std::chrono::steady_clock::now();
  if (::fdatasync(fd_) != 0)
    return io_error("fdatasync");
  count_fsync(start);
  return {};
}

result<std::vector<commit_record>> commit_log::scan() {
  std::string file(file_bytes, '\0');
  auto got = ::pread(fd_, file.data(), file.size(), 0);
  if (got < 0)
    return io_error("read");
  std::vector<commit_record> out;
  uint64_t top_sequence = 0;
  for (uint64_t at = 0; at + header_bytes <= static_cast<uint64_t>(got); at += block_bytes) {
    header h;
    std::memcpy(&h, file.data() + at, sizeof h);
    if (h.magic != record_magic || h.payload_bytes > payload_bytes_max ||
        at + header_bytes + h.payload_bytes > static_cast<uint64_t>(got))
      continue;
    const char* payload = file.data() + at + header_bytes;
    if (crc_of(h, payload) != h.crc)
      continue;
    out.push_back({h.sequence, h.txn, at, std::string{payload, h.payload_bytes}});
    if (h.sequence >= top_sequence) {
      top_sequence = h.sequence;
      next_sequence_ = h.sequence + 1;
      next_offset_bytes_ = at + round_up_to_block(header_bytes + h.payload_bytes);
    }
  }
  return out;
}

result<void> commit_log::append(uint64_t txn, std::string_view payload,
                                const std::function<result<void>()>& before_wrap) {
  uint64_t bytes = round_up_to_block(header_bytes + payload.size());
  if (!fits(payload.size()))
    return error{errc::bad_request, "a commit log record of " +
                                      std::to_string(payload.size()) + " bytes is too large"};
  if (next_offset_bytes_ + bytes > file_bytes) {
    if (auto made = before_wrap(); !made)
      return made;
    next_offset_bytes_ = 0;
  }
  header h{record_magic, 0, next_sequence_, txn, static_cast<uint32_t>(payload.size()), 0};
  h.crc = crc_of(h, payload.data());
  block_.assign(bytes, '\0');
  std::memcpy(block_.data(), &h, sizeof h);
  std::memcpy(block_.data() + header_bytes, payload.data(), payload.size());
  if (::pwrite(fd_, block_.data(), bytes, static_cast<off_t>(next_offset_bytes_)) !=
      static_cast<ssize_t>(bytes))
    return io_error("write");
  if (auto synced = sync(); !synced)
    return synced;
  ++next_sequence_;
  next_offset_bytes_ += bytes;
  return {};
}

result<void> commit_log::erase(const std::vector<commit_record>& records) {
  if (records.empty())
    return {};
  char zeros[header_bytes] = {};
  for (const auto& r : records)
    if (::pwrite(fd_, zeros, sizeof zeros, static_cast<off_t>(r.offset_bytes)) !=
        static_cast<ssize_t>(sizeof zeros))
      return io_error("write");
  return sync();
}

} // namespace strom::storage
