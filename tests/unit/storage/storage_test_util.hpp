#pragma once
// Helpers shared by the storage tests: a temporary data dir, deterministic
// payloads, and a synchronous way to wait for a writer callback.

#include <ftw.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "storage/env.hpp"
#include "storage/writer.hpp"
#include "tests/support/process.hpp"

namespace strom::storage::testing {

// A fresh directory under /tmp, removed with everything in it at the end.
class temp_dir {
public:
  temp_dir() : path_(strom::testing::make_temp_dir("strom-storage")) {}
  ~temp_dir() {
    ::nftw(
      path_.c_str(),
      [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p); }, 16,
      FTW_DEPTH | FTW_PHYS);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

inline storage_config config_for(const temp_dir& dir) {
  storage_config config;
  config.data_dir = dir.path();
  // Small enough for a fast test, large enough for every test but the full one.
  config.map_size_bytes = uint64_t{256} << 20;
  config.retention_check_interval_ms = 3600 * 1000;
  return config;
}

inline std::unique_ptr<env> open_env(const storage_config& config) {
  auto opened = env::open(config);
  if (!opened)
    throw std::runtime_error("open env: " + opened.error().describe());
  return std::move(*opened);
}

// Bytes that depend on (group, index, term) only, so a reader can recompute them.
inline std::string payload_for(group_id group, raft_index index, term_id term, size_t size) {
  std::string out(size, '\0');
  uint64_t state = static_cast<uint64_t>(group.value()) * 0x9E3779B97F4A7C15ull ^
                   static_cast<uint64_t>(index.value()) * 0xC2B2AE3D27D4EB4Full ^
                   static_cast<uint64_t>(term.value());
  for (auto& c : out) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    c = static_cast<char>(state & 0xFF);
  }
  return out;
}

inline log_entry make_entry(group_id group, int64_t index, int64_t term, size_t size = 100,
                            std::optional<int64_t> last_offset = std::nullopt) {
  log_entry e;
  e.index = raft_index{index};
  e.term = term_id{term};
  e.payload = payload_for(group, e.index, e.term, size);
  if (last_offset)
    e.last_offset = record_offset{*last_offset};
  return e;
}

// Submits and waits for the callback.
inline result<write_ack> submit_and_wait(writer& w, write_request request) {
  auto done = std::make_shared<std::promise<result<write_ack>>>();
  auto future = done->get_future();
  auto queued = w.submit(std::move(request), [done](result<write_ack> r) {
    done->set_value(std::move(r));
  });
  if (!queued)
    return queued.error();
  return future.get();
}

// Runs retention over every group with a policy, as it stands now: two
// passes asked for one after the other, since a pass already under way
// when this is called may have missed policies set just before. False when
// they did not end within a bound (a hang, not a slow machine).
inline bool retention_passes_done(writer& w) {
  constexpr auto bound = std::chrono::seconds{60};
  for (int pass = 0; pass < 2; ++pass) {
    auto before = w.counters().retention_passes;
    w.check_retention_now();
    auto until = std::chrono::steady_clock::now() + bound;
    while (w.counters().retention_passes == before) {
      if (std::chrono::steady_clock::now() > until)
        return false;
      std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
  }
  return true;
}

} // namespace strom::storage::testing
