#include "launcher/data_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace strom {

data_dir_lock::data_dir_lock(data_dir_lock&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

data_dir_lock& data_dir_lock::operator=(data_dir_lock&& other) noexcept {
  std::swap(path_, other.path_);
  std::swap(fd_, other.fd_);
  return *this;
}

data_dir_lock::~data_dir_lock() {
  if (fd_ >= 0)
    ::close(fd_); // releases the flock
}

result<data_dir_lock> open_data_dir(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return error{errc::data_dir_unusable, "data dir " + path + ": " + why};
  };
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    return fail("cannot create it: " + ec.message());
  if (!std::filesystem::is_directory(path, ec))
    return fail("exists but is not a directory");
  auto lock_path = path + "/LOCK";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return fail(std::string{"cannot write in it: "} + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return fail("in use by another strom process");
  }
  auto pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::write(fd, pid.data(), pid.size()) < 0) {
    ::close(fd);
    return fail(std::string{"cannot write in it: "} + std::strerror(errno));
  }
  return data_dir_lock{path, fd};
}

} // namespace strom
