#pragma once
// `strom bench storage`: append throughput of the writer across entry sizes,
// group counts and fsync policies, beside the raw rate of sequential writes
// with fdatasync on the same disk. A benchmark, not a test: it reports.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "storage/storage_config.hpp"

namespace strom::storage {

struct bench_options {
  // A scratch directory on the disk to measure; each case gets a fresh
  // subdirectory, removed afterwards.
  std::string scratch_dir = "/tmp";
  std::vector<uint64_t> entry_bytes = {100, 1024, 16384};
  std::vector<int> groups = {1, 8, 64};
  std::vector<fsync_policy> policies = {fsync_policy::always, fsync_policy::never};
  uint32_t case_duration_ms = 1000;
  // Each group keeps one request in flight and submits the next when it is
  // acked, as a replica keeps one ready in flight; a request carries this many
  // entries, as a ready of a busy replica carries every entry that piled up
  // meanwhile (raft pipelines up to 64 appends per follower,
  // raft::config::max_inflight_messages, so entries keep arriving).
  int entries_per_request = 64;
  // Each case runs this many times; the line shows the medians.
  int rounds = 1;
};

struct bench_result {
  fsync_policy policy = fsync_policy::always;
  uint64_t entry_bytes = 0;
  int groups = 0;
  double entries_per_s = 0;
  double mb_per_s = 0;
  double fsyncs_per_s = 0;
  // Payload bytes made durable per commit.
  double bytes_per_commit = 0;
  // Sequential write + fdatasync of bytes_per_commit at a time (fsync=always
  // only), measured between two runs of the case on the same disk.
  double raw_mb_per_s = 0;
  // mb_per_s / raw_mb_per_s, 0 without a raw figure.
  double raw_share = 0;
};

// Runs every case, printing one line each to `out`; returns them too.
std::vector<bench_result> run_storage_bench(const bench_options& options, std::ostream& out);

} // namespace strom::storage
