#include "storage/bench/storage_bench.hpp"

#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iomanip>
#include <mutex>
#include <stdexcept>

#include "storage/writer.hpp"

namespace strom::storage {

namespace {

using steady = std::chrono::steady_clock;

std::string make_scratch(const std::string& parent) {
  std::string pattern = parent + "/strom-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a scratch dir under " + parent);
  return pattern;
}

void remove_tree(const std::string& path) {
  ::nftw(
    path.c_str(), [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p); },
    16, FTW_DEPTH | FTW_PHYS);
}

const char* policy_name(fsync_policy policy) {
  switch (policy) {
    case fsync_policy::always: return "always";
    case fsync_policy::interval: return "interval";
    case fsync_policy::never: return "never";
  }
  return "?";
}

// Keeps every group's pipeline full for the case's duration.
struct load {
  std::mutex mutex;
  std::condition_variable room;
  std::vector<int> in_flight;
  std::vector<int64_t> next_index;
  std::atomic<uint64_t> acked{0};
};

void drive(writer& w, load& state, const bench_options& options, uint64_t entry_bytes,
           steady::time_point end) {
  std::string payload(entry_bytes, 'x');
  int groups = static_cast<int>(state.in_flight.size());
  while (steady::now() < end) {
    for (int g = 0; g < groups; ++g) {
      {
        std::unique_lock<std::mutex> lock(state.mutex);
        if (!state.room.wait_until(lock, end, [&] {
              return state.in_flight[g] < options.in_flight_per_group_max;
            }))
          return;
        ++state.in_flight[g];
      }
      write_request request;
      request.group = group_id{g};
      request.entries.push_back(
        log_entry{raft_index{state.next_index[g]++}, term_id{1}, payload, std::nullopt, 0});
      auto queued = w.submit(std::move(request), [&state, g](result<write_ack> r) {
        if (r)
          ++state.acked;
        std::lock_guard<std::mutex> guard(state.mutex);
        --state.in_flight[g];
        state.room.notify_all();
      });
      if (!queued)
        throw std::runtime_error("bench submit: " + queued.error().describe());
    }
  }
}

bench_result run_case(const bench_options& options, fsync_policy policy, uint64_t entry_bytes,
                      int groups) {
  std::string dir = make_scratch(options.scratch_dir);
  storage_config config;
  config.data_dir = dir;
  config.map_size_bytes = uint64_t{16} << 30;
  config.fsync = policy;
  bench_result out{policy, entry_bytes, groups};
  {
    auto opened = env::open(config);
    if (!opened)
      throw std::runtime_error("bench env: " + opened.error().describe());
    writer w(**opened);
    load state;
    state.in_flight.assign(static_cast<size_t>(groups), 0);
    state.next_index.assign(static_cast<size_t>(groups), 1);
    auto start = steady::now();
    drive(w, state, options, entry_bytes, start + std::chrono::milliseconds(options.case_duration_ms));
    w.stop();
    double seconds = std::chrono::duration<double>(steady::now() - start).count();
    auto counters = w.counters();
    out.entries_per_s = static_cast<double>(state.acked.load()) / seconds;
    out.mb_per_s = out.entries_per_s * static_cast<double>(entry_bytes) / 1e6;
    out.fsyncs_per_s = static_cast<double>(counters.fsyncs) / seconds;
  }
  remove_tree(dir);
  return out;
}

} // namespace

// Sequential writes of `chunk_bytes`, each followed by fdatasync, for `duration_ms`.
double raw_fdatasync_mb_per_s(const std::string& scratch_dir, uint64_t chunk_bytes,
                              uint32_t duration_ms) {
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

std::vector<bench_result> run_storage_bench(const bench_options& options, std::ostream& out) {
  std::vector<bench_result> results;
  out << std::left << std::setw(8) << "fsync" << std::setw(8) << "bytes" << std::setw(8)
      << "groups" << std::setw(14) << "entries/s" << std::setw(10) << "MB/s" << std::setw(11)
      << "fsyncs/s" << "raw fdatasync MB/s (same bytes per fsync)\n";
  for (auto policy : options.policies)
    for (auto bytes : options.entry_bytes)
      for (auto groups : options.groups) {
        auto r = run_case(options, policy, bytes, groups);
        if (r.fsyncs_per_s > 0) {
          uint64_t per_fsync = static_cast<uint64_t>(r.mb_per_s * 1e6 / r.fsyncs_per_s);
          r.raw_mb_per_s = raw_fdatasync_mb_per_s(options.scratch_dir, per_fsync,
                                                  options.case_duration_ms);
        }
        out << std::left << std::setw(8) << policy_name(policy) << std::setw(8) << bytes
            << std::setw(8) << groups << std::setw(14) << std::fixed << std::setprecision(0)
            << r.entries_per_s << std::setw(10) << std::setprecision(2) << r.mb_per_s
            << std::setw(11) << std::setprecision(0) << r.fsyncs_per_s;
        if (r.raw_mb_per_s > 0)
          out << std::setprecision(2) << r.raw_mb_per_s << "  (" << std::setprecision(0)
              << 100.0 * r.mb_per_s / r.raw_mb_per_s << "% of raw)";
        out << "\n" << std::flush;
        results.push_back(r);
      }
  return results;
}

} // namespace strom::storage
