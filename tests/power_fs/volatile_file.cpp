#include "tests/power_fs/volatile_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace strom::power_fs {

volatile_file::volatile_file(int backing_fd) : fd_(backing_fd) {
  struct stat info {};
  if (::fstat(fd_, &info) == 0)
    backing_size_ = static_cast<uint64_t>(info.st_size);
  size_ = backing_size_;
  hidden_from_ = backing_size_;
}

volatile_file::~volatile_file() { ::close(fd_); }

int volatile_file::page_content(uint64_t page, std::vector<char>& out) const {
  out.assign(page_bytes, 0);
  for (const auto* cache : {&pages_, &lost_pages_})
    if (auto cached = cache->find(page); cached != cache->end()) {
      out = cached->second;
      return 0;
    }
  uint64_t start = page * page_bytes;
  uint64_t visible = std::min({hidden_from_, backing_size_, size_});
  if (start >= visible)
    return 0;
  auto bytes = static_cast<size_t>(std::min(page_bytes, visible - start));
  size_t done = 0;
  while (done < bytes) {
    ssize_t n = ::pread(fd_, out.data() + done, bytes - done, static_cast<off_t>(start + done));
    if (n < 0)
      return -errno;
    if (n == 0)
      break; // the backing file is shorter than we thought: the rest reads as zeros
    done += static_cast<size_t>(n);
  }
  return 0;
}

ssize_t volatile_file::read(char* out, size_t bytes, uint64_t offset) const {
  if (offset >= size_)
    return 0;
  bytes = static_cast<size_t>(std::min<uint64_t>(bytes, size_ - offset));
  std::vector<char> page;
  size_t done = 0;
  while (done < bytes) {
    uint64_t at = offset + done;
    if (int rc = page_content(at / page_bytes, page); rc < 0)
      return rc;
    auto in_page = static_cast<size_t>(at % page_bytes);
    size_t n = std::min(bytes - done, static_cast<size_t>(page_bytes) - in_page);
    std::memcpy(out + done, page.data() + in_page, n);
    done += n;
  }
  return static_cast<ssize_t>(done);
}

ssize_t volatile_file::write(const char* data, size_t bytes, uint64_t offset) {
  size_t done = 0;
  while (done < bytes) {
    uint64_t at = offset + done;
    uint64_t page = at / page_bytes;
    auto found = pages_.find(page);
    if (found == pages_.end()) {
      std::vector<char> content;
      if (int rc = page_content(page, content); rc < 0)
        return rc;
      found = pages_.emplace(page, std::move(content)).first;
      lost_pages_.erase(page); // redirtied: its bytes are in the dirty page now
    }
    auto in_page = static_cast<size_t>(at % page_bytes);
    size_t n = std::min(bytes - done, static_cast<size_t>(page_bytes) - in_page);
    std::memcpy(found->second.data() + in_page, data + done, n);
    done += n;
  }
  size_ = std::max(size_, offset + bytes);
  return static_cast<ssize_t>(bytes);
}

int volatile_file::resize(uint64_t size) {
  if (size < size_) {
    for (auto* cache : {&pages_, &lost_pages_}) {
      cache->erase(cache->lower_bound((size + page_bytes - 1) / page_bytes), cache->end());
      if (auto last = cache->find(size / page_bytes); last != cache->end())
        std::fill(last->second.begin() + static_cast<long>(size % page_bytes),
                  last->second.end(), 0);
    }
    hidden_from_ = std::min(hidden_from_, size);
  }
  size_ = size;
  return 0;
}

int volatile_file::flush() {
  if (hidden_from_ < backing_size_ && ::ftruncate(fd_, static_cast<off_t>(hidden_from_)) != 0)
    return -errno;
  for (const auto& [page, content] : pages_) {
    uint64_t start = page * page_bytes;
    auto bytes = static_cast<size_t>(std::min(page_bytes, size_ - start));
    auto written = ::pwrite(fd_, content.data(), bytes, static_cast<off_t>(start));
    if (written != static_cast<ssize_t>(bytes))
      return written < 0 ? -errno : -EIO;
  }
  if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0 || ::fdatasync(fd_) != 0)
    return -errno;
  pages_.clear();
  backing_size_ = size_;
  hidden_from_ = size_;
  return 0;
}

void volatile_file::lose_dirty() {
  for (auto& [page, content] : pages_)
    lost_pages_[page] = std::move(content);
  pages_.clear();
}

} // namespace strom::power_fs
