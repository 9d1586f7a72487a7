#pragma once
// The node's one LMDB environment: opening (with the error a person can act
// on), the named databases, transactions and the mapping of LMDB's return
// codes onto strom::errc.

#include <lmdb.h>

#include <memory>
#include <string>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/commit_log.hpp"
#include "storage/storage_config.hpp"

namespace strom::storage {

// Named databases, keyed big-endian (see keys.hpp). Layout: storage/README.md.
struct databases {
  MDB_dbi entries = 0;      // write sequence -> entry header + payload (log_entry.hpp)
  MDB_dbi chunk_index = 0;  // (group, first index of a chunk) -> previous chunk's last sequence
  MDB_dbi offset_index = 0; // (group, offset max before a chunk) -> same, + chunk's first index
  MDB_dbi log_meta = 0;     // group -> bytes and entries held, ends of the log, tail chunk
  MDB_dbi hard_state = 0;   // group -> term, vote, commit
  MDB_dbi snapshot = 0;     // group -> snapshot index, term, bytes
  MDB_dbi format = 0;       // "version" -> on-disk format; "next_sequence" -> u64
};

// The on-disk format this build reads and writes. Format 1 (a "log" database
// keyed by group and raft index) is refused with a typed error.
constexpr uint32_t storage_format_version = 2;
// The commit log's file in the data dir (commit_log.hpp).
constexpr const char* commit_log_file = "commit.log";

// Maps an LMDB (or errno) return code to a typed error; `context` says what
// was being done ("append group 3 index 9").
error mdb_error(int rc, const std::string& context);

// A transaction that aborts itself unless committed. Move-only.
class txn {
public:
  txn() = default;
  explicit txn(MDB_txn* handle) : handle_(handle) {}
  txn(txn&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  txn& operator=(txn&& other) noexcept;
  txn(const txn&) = delete;
  txn& operator=(const txn&) = delete;
  ~txn() { abort(); }

  MDB_txn* handle() const { return handle_; }
  result<void> commit();
  void abort();

private:
  MDB_txn* handle_ = nullptr;
};

class env {
public:
  // Opens (creating the files if needed) the environment in
  // config.data_dir. The directory itself must exist.
  static result<std::unique_ptr<env>> open(const storage_config& config);

  ~env();
  env(const env&) = delete;
  env& operator=(const env&) = delete;

  // Read-only transactions work from any thread (MDB_NOTLS).
  result<txn> begin_read() const;
  // Only the writer (and tests) write; LMDB allows one writer at a time.
  result<txn> begin_write();
  // A nested transaction: aborting it leaves the parent as it was.
  result<txn> begin_child(txn& parent);

  // Flushes everything committed so far to disk (fdatasync), through a
  // file description of its own (see sync_fd_).
  result<void> sync();

  // The commit log under fsync=always (commit_log.hpp), else null.
  commit_log* log() const { return commit_log_.get(); }
  // LMDB's last committed transaction.
  uint64_t last_txn() const;

  const databases& dbs() const { return dbs_; }
  const storage_config& config() const { return config_; }
  MDB_env* handle() const { return handle_; }

private:
  env(storage_config config, MDB_env* handle, int sync_fd)
    : config_(std::move(config)), handle_(handle), sync_fd_(sync_fd) {}
  result<void> open_databases();
  result<void> check_format(MDB_txn* t);
  result<void> open_commit_log(uint64_t last_txn_at_open);

  storage_config config_;
  MDB_env* handle_ = nullptr;
  // data.mdb opened once more, for sync() alone. Linux reports a failed
  // writeback once to each open file description: through LMDB's own one, a
  // commit's fdatasync that heard of the failure first left sync() (the ack
  // syncer's) returning 0 for the previous commit's lost meta page, which
  // was then acknowledged and gone after a power cut.
  int sync_fd_ = -1;
  databases dbs_;
  std::unique_ptr<commit_log> commit_log_;
  uint64_t map_watch_ = 0; // the /metrics collector of the map's size, or 0
};

} // namespace strom::storage
