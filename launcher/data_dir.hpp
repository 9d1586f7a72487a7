#pragma once
// A node's data dir: created if missing, checked writable, and locked so that
// two processes never share one (which would corrupt the log).

#include <string>

#include "messages/result.hpp"

namespace strom {

class data_dir_lock {
public:
  data_dir_lock() = default;
  data_dir_lock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  data_dir_lock(data_dir_lock&& other) noexcept;
  data_dir_lock& operator=(data_dir_lock&& other) noexcept;
  data_dir_lock(const data_dir_lock&) = delete;
  data_dir_lock& operator=(const data_dir_lock&) = delete;
  ~data_dir_lock();

  const std::string& path() const { return path_; }

private:
  std::string path_;
  int fd_ = -1;
};

result<data_dir_lock> open_data_dir(const std::string& path);

} // namespace strom
