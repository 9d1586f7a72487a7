#include "storage/bench/raw_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "storage/bench/scratch_dir.hpp"

namespace strom::storage {

double raw_fdatasync_mb_per_s(const std::string& scratch_dir, uint64_t chunk_bytes,
                              uint32_t duration_ms) {
  using steady = std::chrono::steady_clock;
  std::string dir = make_scratch(scratch_dir);
  std::string path = dir + "/raw";
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot open " + path);
  std::string chunk(std::max<uint64_t>(chunk_bytes, 1), 'r');
  uint64_t written = 0;
  auto start = steady::now();
  auto end = start + std::chrono::milliseconds(duration_ms);
  while (steady::now() < end) {
    if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size()))
      break;
    ::fdatasync(fd);
    written += chunk.size();
  }
  double seconds = std::chrono::duration<double>(steady::now() - start).count();
  ::close(fd);
  remove_tree(dir);
  return static_cast<double>(written) / seconds / 1e6;
}

} // namespace strom::storage
