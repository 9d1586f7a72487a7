#include "storage/storage_metrics.hpp"

namespace strom::storage {

storage_metrics& storage_counts() {
  static storage_metrics m = [] {
    auto& r = metrics::global();
    return storage_metrics{
      r.get_counter("strom_storage_commits_total", "LMDB transactions the writer committed."),
      r.get_counter("strom_storage_write_requests_total",
                    "Write requests (appends, truncations, raft state) the writer applied."),
      r.get_counter("strom_storage_written_bytes_total",
                    "Bytes of the write requests the writer applied."),
      r.get_counter("strom_storage_fsyncs_total", "fdatasync calls on the data and commit log."),
      r.get_histogram("strom_storage_fsync_seconds", "Latency of one fdatasync."),
      r.get_histogram("strom_storage_commit_seconds",
                      "Latency of one LMDB commit (its data pages' sync included)."),
      r.get_counter("strom_storage_retention_deleted_entries_total",
                    "Log entries retention deleted."),
      r.get_counter("strom_storage_compaction_removed_records_total",
                    "Records log compaction removed (older records of a key, old tombstones)."),
      r.get_counter("strom_storage_compaction_rewritten_bytes_total",
                    "Bytes of batches log compaction wrote back."),
    };
  }();
  return m;
}

void count_fsync(std::chrono::steady_clock::time_point start) {
  if (!metrics::enabled())
    return;
  auto& m = storage_counts();
  m.fsyncs.add();
  m.fsync_latency.observe_since(start);
}

namespace {

metrics::family_value bytes_gauge(const char* name, const char* help, uint64_t value) {
  return {name, help, metrics::kind::gauge,
          {metrics::series_value{{}, static_cast<double>(value), {}}}};
}

} // namespace

uint64_t watch_map(MDB_env* env) {
  return metrics::global().add_collector([env](std::vector<metrics::family_value>& out) {
    MDB_envinfo info{};
    MDB_stat stat{};
    if (mdb_env_info(env, &info) != 0 || mdb_env_stat(env, &stat) != 0)
      return;
    out.push_back(bytes_gauge("strom_storage_map_size_bytes", "The LMDB map's size.",
                              info.me_mapsize));
    out.push_back(bytes_gauge("strom_storage_map_used_bytes",
                              "Bytes of the LMDB map up to its last used page.",
                              (info.me_last_pgno + 1) * uint64_t{stat.ms_psize}));
  });
}

} // namespace strom::storage
