#pragma once
// What the storage layer counts for /metrics: the writer's commits, write
// requests and bytes, every fdatasync with its latency, retention's
// deletions, compaction's removals and rewrites, and the LMDB map's size and
// use (read at scrape time).

#include <chrono>
#include <cstdint>

#include <lmdb.h>

#include "messages/metrics/registry.hpp"

namespace strom::storage {

struct storage_metrics {
  metrics::counter& commits;
  metrics::counter& write_requests;
  metrics::counter& written_bytes;
  metrics::counter& fsyncs;
  metrics::histogram& fsync_latency;
  metrics::histogram& commit_latency;
  metrics::counter& retention_deleted_entries;
  metrics::counter& compaction_removed_records;
  metrics::counter& compaction_rewritten_bytes;
};

// The process's storage counters (a node has one store).
storage_metrics& storage_counts();

// One fdatasync that began at start and succeeded.
void count_fsync(std::chrono::steady_clock::time_point start);

// Reports data.mdb's map size and the bytes in use at every scrape; returns
// the collector's id for metrics::global().remove_collector before the env
// closes.
uint64_t watch_map(MDB_env* env);

} // namespace strom::storage
