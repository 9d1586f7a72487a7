#include "storage/space_watch.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "storage/env.hpp"

namespace strom::storage {

namespace {

std::string mebibytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

} // namespace

std::string space_reading::describe() const {
  return mebibytes(fs_free_bytes + reusable_bytes) + " free of " + mebibytes(fs_size_bytes)
         + " (reserve " + mebibytes(reserve_bytes) + ")";
}

uint64_t space_reserve_bytes(uint64_t configured, uint64_t fs_size_bytes) {
  if (configured != 0)
    return configured;
  return std::clamp(fs_size_bytes / 20, space_reserve_min_bytes, space_reserve_max_bytes);
}

result<space_reading> read_file_system(const std::string& dir, uint64_t configured_reserve) {
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0)
    return error{errc::storage_io, "statvfs of " + dir + ": " + std::strerror(errno)};
  space_reading out;
  out.fs_size_bytes = uint64_t{fs.f_blocks} * fs.f_frsize;
  out.fs_free_bytes = uint64_t{fs.f_bavail} * fs.f_frsize;
  out.reserve_bytes = space_reserve_bytes(configured_reserve, out.fs_size_bytes);
  return out;
}

// Each record of LMDB's free list (database 0) is a page list whose first
// word is its length.
result<uint64_t> reusable_bytes(MDB_env* env) {
  MDB_stat stat{};
  mdb_env_stat(env, &stat);
  MDB_txn* t = nullptr;
  if (int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &t); rc != 0)
    return mdb_error(rc, "reading the free list");
  MDB_cursor* cursor = nullptr;
  int rc = mdb_cursor_open(t, 0, &cursor);
  uint64_t pages = 0;
  MDB_val key, value;
  while (rc == 0 && (rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) == 0) {
    size_t count = 0;
    if (value.mv_size >= sizeof count)
      std::memcpy(&count, value.mv_data, sizeof count);
    pages += count;
  }
  if (cursor != nullptr)
    mdb_cursor_close(cursor);
  mdb_txn_abort(t);
  if (rc != MDB_NOTFOUND)
    return mdb_error(rc, "reading the free list");
  return pages * stat.ms_psize;
}

void space_watch::refresh(MDB_env* env, std::chrono::steady_clock::time_point now) {
  auto reading = read_file_system(dir_, configured_reserve_);
  if (!reading)
    return; // the last reading stands: a failed statvfs says nothing of the room
  if (reading->fs_free_bytes >= reading->reserve_bytes) {
    reusable_bytes_ = 0;
  } else if (now >= next_scan_) {
    if (auto bytes = reusable_bytes(env))
      reusable_bytes_ = *bytes;
    next_scan_ = now + scan_interval_ms;
  }
  reading->reusable_bytes = reusable_bytes_;
  low_.store(reading->low(), std::memory_order_relaxed);
  std::lock_guard<std::mutex> guard{mutex_};
  last_ = *reading;
}

space_reading space_watch::last() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return last_;
}

} // namespace strom::storage
