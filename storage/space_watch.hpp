#pragma once
// How much room the node's data has left. LMDB grows data.mdb at its end only
// when no page on its free list can be reused, so the room is the file
// system's free bytes plus, once those run low, the pages on that list. Below
// the reserve a node takes no new data (producers hear storage_full at once)
// and keeps what is left for what must still be written: raft terms and
// votes, the controller's and the groups' metadata, and the entries its
// leaders already accepted. A full file system is not a failed disk: once
// retention or a deleted topic frees room, new data is taken again.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <lmdb.h>

#include "messages/result.hpp"

namespace strom::storage {

struct space_reading {
  uint64_t fs_size_bytes = 0;
  uint64_t fs_free_bytes = 0;
  // Bytes of the pages on LMDB's free list: counted only while the file
  // system runs low, since counting walks the list.
  uint64_t reusable_bytes = 0;
  uint64_t reserve_bytes = 0;

  bool low() const { return fs_free_bytes + reusable_bytes < reserve_bytes; }
  // "7.5 MiB free of 32.0 MiB (reserve 8.0 MiB)"
  std::string describe() const;
};

// `configured` when it is set (non-zero); else a twentieth of the file
// system, within [space_reserve_min_bytes, space_reserve_max_bytes].
inline constexpr uint64_t space_reserve_min_bytes = uint64_t{8} << 20;
inline constexpr uint64_t space_reserve_max_bytes = uint64_t{64} << 20;
uint64_t space_reserve_bytes(uint64_t configured, uint64_t fs_size_bytes);

// The file system holding `dir`.
result<space_reading> read_file_system(const std::string& dir, uint64_t configured_reserve);
// Bytes of the pages on the environment's free list.
result<uint64_t> reusable_bytes(MDB_env* env);

// The writer's view, refreshed on its thread after every commit and, while
// low, at least every scan interval; read from any thread.
class space_watch {
public:
  space_watch(std::string dir, uint64_t configured_reserve)
    : dir_(std::move(dir)), configured_reserve_(configured_reserve) {}

  void refresh(MDB_env* env, std::chrono::steady_clock::time_point now);
  bool low() const { return low_.load(std::memory_order_relaxed); }
  space_reading last() const;

  // How often a low file system's free list is walked again.
  static constexpr std::chrono::milliseconds scan_interval_ms{200};

private:
  const std::string dir_;
  const uint64_t configured_reserve_;
  std::atomic<bool> low_{false};
  mutable std::mutex mutex_;
  space_reading last_;
  uint64_t reusable_bytes_ = 0; // the writer thread's, from the last walk
  std::chrono::steady_clock::time_point next_scan_{};
};

} // namespace strom::storage
