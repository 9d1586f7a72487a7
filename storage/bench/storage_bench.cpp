#include "storage/bench/storage_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iomanip>
#include <mutex>
#include <stdexcept>

#include "storage/bench/raw_write.hpp"
#include "storage/bench/scratch_dir.hpp"
#include "storage/writer.hpp"

namespace strom::storage {

namespace {

using steady = std::chrono::steady_clock;

const char* policy_name(fsync_policy policy) {
  switch (policy) {
    case fsync_policy::always: return "always";
    case fsync_policy::interval: return "interval";
    case fsync_policy::never: return "never";
  }
  return "?";
}

// Keeps one request per group in flight for the case's duration.
struct load {
  std::mutex mutex;
  std::condition_variable acked_one;
  std::vector<int> idle_groups;
  std::vector<int64_t> next_index;
  std::atomic<uint64_t> acked{0};
};

write_request next_request(load& state, int group, int entries, const std::string& payload) {
  write_request request;
  request.group = group_id{group};
  for (int i = 0; i < entries; ++i)
    request.entries.push_back(
      log_entry{raft_index{state.next_index[group]++}, term_id{1}, payload, std::nullopt, 0});
  return request;
}

void submit_for(writer& w, load& state, int group, const bench_options& options,
                const std::string& payload) {
  int entries = std::max(options.entries_per_request, 1);
  auto queued = w.submit(next_request(state, group, entries, payload),
                         [&state, group, entries](result<write_ack> r) {
                           if (r)
                             state.acked += static_cast<uint64_t>(entries);
                           std::lock_guard<std::mutex> guard(state.mutex);
                           state.idle_groups.push_back(group);
                           state.acked_one.notify_one();
                         });
  if (!queued)
    throw std::runtime_error("bench submit: " + queued.error().describe());
}

void drive(writer& w, load& state, const bench_options& options, uint64_t entry_bytes,
           steady::time_point end) {
  std::string payload(entry_bytes, 'x');
  for (;;) {
    std::vector<int> ready;
    {
      std::unique_lock<std::mutex> lock(state.mutex);
      if (!state.acked_one.wait_until(lock, end, [&] { return !state.idle_groups.empty(); }))
        return;
      ready.swap(state.idle_groups);
    }
    for (int group : ready)
      submit_for(w, state, group, options, payload);
  }
}

// One run of the writer alone: entries/s, MB/s, fsyncs/s, bytes per commit.
bench_result run_writer(const bench_options& options, fsync_policy policy, uint64_t entry_bytes,
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
    for (int g = 0; g < groups; ++g)
      state.idle_groups.push_back(g);
    state.next_index.assign(static_cast<size_t>(groups), 1);
    auto start = steady::now();
    drive(w, state, options, entry_bytes, start + std::chrono::milliseconds(options.case_duration_ms));
    w.stop();
    double seconds = std::chrono::duration<double>(steady::now() - start).count();
    auto counters = w.counters();
    out.entries_per_s = static_cast<double>(state.acked.load()) / seconds;
    out.mb_per_s = out.entries_per_s * static_cast<double>(entry_bytes) / 1e6;
    out.fsyncs_per_s = static_cast<double>(counters.fsyncs) / seconds;
    if (counters.commits > 0)
      out.bytes_per_commit = static_cast<double>(state.acked.load() * entry_bytes) /
                             static_cast<double>(counters.commits);
  }
  remove_tree(dir);
  return out;
}

bench_result mean_of(const bench_result& a, const bench_result& b) {
  bench_result out = a;
  out.entries_per_s = (a.entries_per_s + b.entries_per_s) / 2;
  out.mb_per_s = (a.mb_per_s + b.mb_per_s) / 2;
  out.fsyncs_per_s = (a.fsyncs_per_s + b.fsyncs_per_s) / 2;
  out.bytes_per_commit = (a.bytes_per_commit + b.bytes_per_commit) / 2;
  return out;
}

// One round of a case. Under fsync=always the disk's speed drifts within
// seconds on a shared machine, so the writer runs twice around one raw
// measurement (at the payload bytes per commit of the first run) and the
// share compares their mean with it: both saw the same disk, on average.
bench_result run_round(const bench_options& options, fsync_policy policy, uint64_t entry_bytes,
                       int groups) {
  auto first = run_writer(options, policy, entry_bytes, groups);
  if (policy != fsync_policy::always || first.bytes_per_commit <= 0)
    return first;
  double raw = raw_fdatasync_mb_per_s(options.scratch_dir,
                                      static_cast<uint64_t>(first.bytes_per_commit),
                                      options.case_duration_ms);
  auto out = mean_of(first, run_writer(options, policy, entry_bytes, groups));
  out.raw_mb_per_s = raw;
  out.raw_share = raw > 0 ? out.mb_per_s / raw : 0;
  return out;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Each column's median over the rounds (the share's too, so it is the
// median of paired ratios, not a ratio of medians).
bench_result median_of(const std::vector<bench_result>& rounds) {
  auto column = [&](double bench_result::*field) {
    std::vector<double> values;
    for (const auto& r : rounds)
      values.push_back(r.*field);
    return median(values);
  };
  bench_result out = rounds.front();
  out.entries_per_s = column(&bench_result::entries_per_s);
  out.mb_per_s = column(&bench_result::mb_per_s);
  out.fsyncs_per_s = column(&bench_result::fsyncs_per_s);
  out.bytes_per_commit = column(&bench_result::bytes_per_commit);
  out.raw_mb_per_s = column(&bench_result::raw_mb_per_s);
  out.raw_share = column(&bench_result::raw_share);
  return out;
}

void print_header(const bench_options& options, std::ostream& out) {
  out << "medians of " << std::max(options.rounds, 1) << " round(s); each group keeps one request of "
      << options.entries_per_request << " entries in flight; fsync=always runs twice around one raw write+fdatasync\n"
      << "measurement of the same payload bytes per write as per commit, and % compares their mean with it\n"
      << std::left << std::setw(8) << "fsync" << std::setw(8) << "bytes" << std::setw(8)
      << "groups" << std::setw(12) << "entries/s" << std::setw(10) << "MB/s" << std::setw(10)
      << "fsyncs/s" << std::setw(11) << "KB/commit" << "raw MB/s\n";
}

void print_line(const bench_result& r, std::ostream& out) {
  out << std::left << std::setw(8) << policy_name(r.policy) << std::setw(8) << r.entry_bytes
      << std::setw(8) << r.groups << std::setw(12) << std::fixed << std::setprecision(0)
      << r.entries_per_s << std::setw(10) << std::setprecision(2) << r.mb_per_s << std::setw(10)
      << std::setprecision(0) << r.fsyncs_per_s << std::setw(11) << std::setprecision(1)
      << r.bytes_per_commit / 1024;
  if (r.raw_mb_per_s > 0)
    out << std::setprecision(2) << r.raw_mb_per_s << "  (" << std::setprecision(0)
        << 100.0 * r.raw_share << "% of raw)";
  out << "\n" << std::flush;
}

} // namespace

std::vector<bench_result> run_storage_bench(const bench_options& options, std::ostream& out) {
  std::vector<bench_result> results;
  print_header(options, out);
  for (auto policy : options.policies)
    for (auto bytes : options.entry_bytes)
      for (auto groups : options.groups) {
        std::vector<bench_result> rounds;
        for (int i = 0; i < std::max(options.rounds, 1); ++i)
          rounds.push_back(run_round(options, policy, bytes, groups));
        results.push_back(median_of(rounds));
        print_line(results.back(), out);
      }
  return results;
}

} // namespace strom::storage
