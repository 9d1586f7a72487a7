#include "tests/power_fs/fuse_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "tests/power_fs/power_state.hpp"

namespace strom::power_fs {

namespace {

power_state& state() { return *static_cast<power_state*>(fuse_get_context()->private_data); }

std::string backing(const char* path) { return state().backing_path(path); }

int errno_or_zero(int rc) { return rc == 0 ? 0 : -errno; }

void* init(fuse_conn_info* conn, fuse_config* config) {
  // Writes must reach the daemon when they are made: with the kernel's
  // writeback cache the kernel, not this cache, would hold unsynced data.
  conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
  config->use_ino = 1;
  config->nullpath_ok = 1;
  config->hard_remove = 1;
  return fuse_get_context()->private_data;
}

int getattr(const char* path, struct stat* info, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  int rc = fi != nullptr ? ::fstat(static_cast<int>(fi->fh), info)
                         : ::lstat(backing(path).c_str(), info);
  if (rc != 0)
    return -errno;
  state().patch(*info);
  return 0;
}

int open(const char* path, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  int fd = state().open(path, fi->flags, 0);
  if (fd < 0)
    return fd;
  fi->fh = static_cast<uint64_t>(fd);
  // Every change passes through this mount, so the kernel's clean pages
  // stay right across opens.
  fi->keep_cache = 1;
  return 0;
}

int create(const char* path, mode_t mode, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  int fd = state().open(path, fi->flags | O_CREAT, mode);
  if (fd < 0)
    return fd;
  fi->fh = static_cast<uint64_t>(fd);
  fi->keep_cache = 1;
  return 0;
}

int read(const char*, char* out, size_t bytes, off_t offset, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  return static_cast<int>(state().read(static_cast<int>(fi->fh), out, bytes, offset));
}

int write(const char*, const char* data, size_t bytes, off_t offset, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  return static_cast<int>(state().write(static_cast<int>(fi->fh), data, bytes, offset));
}

int fsync(const char*, int, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  return state().fsync(static_cast<int>(fi->fh));
}

int release(const char*, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  state().release(static_cast<int>(fi->fh));
  return 0;
}

int truncate(const char* path, off_t size, fuse_file_info* fi) {
  std::lock_guard<std::mutex> lock(state().mutex());
  int fd = fi != nullptr ? static_cast<int>(fi->fh) : -1;
  return state().resize(path, fd, static_cast<uint64_t>(size));
}

int unlink(const char* path) {
  std::lock_guard<std::mutex> lock(state().mutex());
  return state().unlink(path);
}

int rename(const char* from, const char* to, unsigned int flags) {
  std::lock_guard<std::mutex> lock(state().mutex());
  return state().rename(from, to, flags);
}

int mkdir(const char* path, mode_t mode) {
  return errno_or_zero(::mkdir(backing(path).c_str(), mode));
}

int rmdir(const char* path) { return errno_or_zero(::rmdir(backing(path).c_str())); }

int chmod(const char* path, mode_t mode, fuse_file_info* fi) {
  if (fi != nullptr)
    return errno_or_zero(::fchmod(static_cast<int>(fi->fh), mode));
  return errno_or_zero(::chmod(backing(path).c_str(), mode));
}

int chown(const char* path, uid_t uid, gid_t gid, fuse_file_info* fi) {
  if (fi != nullptr)
    return errno_or_zero(::fchown(static_cast<int>(fi->fh), uid, gid));
  return errno_or_zero(::lchown(backing(path).c_str(), uid, gid));
}

int utimens(const char* path, const timespec times[2], fuse_file_info* fi) {
  if (fi != nullptr)
    return errno_or_zero(::futimens(static_cast<int>(fi->fh), times));
  return errno_or_zero(::utimensat(AT_FDCWD, backing(path).c_str(), times, AT_SYMLINK_NOFOLLOW));
}

int statfs(const char* path, struct statvfs* info) {
  return errno_or_zero(::statvfs(backing(path).c_str(), info));
}

int readdir(const char* path, void* buffer, fuse_fill_dir_t fill, off_t, fuse_file_info*,
            fuse_readdir_flags) {
  DIR* dir = ::opendir(backing(path).c_str());
  if (dir == nullptr)
    return -errno;
  while (dirent* item = ::readdir(dir)) {
    struct stat info {};
    info.st_ino = item->d_ino;
    info.st_mode = DTTOIF(item->d_type);
    if (fill(buffer, item->d_name, &info, 0, static_cast<fuse_fill_dir_flags>(0)) != 0)
      break;
  }
  ::closedir(dir);
  return 0;
}

// Names are durable at once: fsync of a directory has nothing to do.
int fsyncdir(const char*, int, fuse_file_info*) { return 0; }

} // namespace

fuse_operations operations() {
  fuse_operations ops{};
  ops.init = init;
  ops.getattr = getattr;
  ops.open = open;
  ops.create = create;
  ops.read = read;
  ops.write = write;
  ops.fsync = fsync;
  ops.release = release;
  ops.truncate = truncate;
  ops.unlink = unlink;
  ops.rename = rename;
  ops.mkdir = mkdir;
  ops.rmdir = rmdir;
  ops.chmod = chmod;
  ops.chown = chown;
  ops.utimens = utimens;
  ops.statfs = statfs;
  ops.readdir = readdir;
  ops.fsyncdir = fsyncdir;
  return ops;
}

} // namespace strom::power_fs
