#include "storage/env.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "storage/commit_log_recovery.hpp"
#include "storage/keys.hpp"
#include "storage/storage_metrics.hpp"

namespace strom::storage {

namespace {

// Named databases the environment holds; LMDB needs the count up front.
constexpr unsigned int named_databases_max = 8;
// Read transactions open at once (fetches, replication reads, tests).
constexpr unsigned int read_transactions_max = 512;

constexpr char format_version_key[] = "version";

bool is_corruption(int rc) {
  return rc == MDB_CORRUPTED || rc == MDB_INVALID || rc == MDB_PAGE_NOTFOUND ||
         rc == MDB_VERSION_MISMATCH || rc == MDB_BAD_TXN;
}

// How LMDB syncs depends on the policy. With `always`, MDB_NOMETASYNC makes
// each commit fdatasync its data pages before it writes its meta page, so the
// meta page never reaches the disk ahead of the data it points to; the
// ack_syncer makes a commit's meta page durable with one more fdatasync (or
// the next commit's, if that returns first). With `interval`
// and `never`, commits do not sync (MDB_NOSYNC) and the writer calls sync.
unsigned int open_flags(const storage_config& config) {
  unsigned int flags = MDB_NOTLS;
  flags |= config.fsync == fsync_policy::always ? MDB_NOMETASYNC : MDB_NOSYNC;
  if (config.unsafe_skip_fsync_for_tests)
    flags |= MDB_NOSYNC;
  return flags;
}

result<void> check_directory(const std::string& dir) {
  if (dir.empty())
    return error{errc::data_dir_unusable, "data dir is not set"};
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0)
    return error{errc::data_dir_unusable,
                 "data dir " + dir + ": " + std::strerror(errno)};
  if (!S_ISDIR(info.st_mode))
    return error{errc::data_dir_unusable, "data dir " + dir + " is not a directory"};
  if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0)
    return error{errc::data_dir_unusable, "data dir " + dir + " is not writable: " +
                                              std::strerror(errno)};
  return {};
}

} // namespace

error mdb_error(int rc, const std::string& context) {
  std::string text = context + ": " + mdb_strerror(rc);
  if (rc == MDB_MAP_FULL)
    return {errc::storage_full, context + ": storage map is full (" + mdb_strerror(rc) +
                                    "); retention must free room or the map must grow"};
  // A full file system is not a failed disk: the store stays usable.
  if (rc == ENOSPC)
    return {errc::storage_full, text};
  if (rc == MDB_NOTFOUND)
    return {errc::not_found, text};
  if (is_corruption(rc))
    return {errc::storage_corrupt, text};
  return {errc::storage_io, text};
}

txn& txn::operator=(txn&& other) noexcept {
  if (this != &other) {
    abort();
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

result<void> txn::commit() {
  MDB_txn* handle = handle_;
  handle_ = nullptr;
  // mdb_txn_commit frees the transaction whether it succeeds or not.
  if (int rc = mdb_txn_commit(handle); rc != 0)
    return mdb_error(rc, "commit");
  return {};
}

void txn::abort() {
  if (handle_ != nullptr)
    mdb_txn_abort(handle_);
  handle_ = nullptr;
}

result<std::unique_ptr<env>> env::open(const storage_config& config) {
  if (auto checked = check_directory(config.data_dir); !checked)
    return checked.error();
  MDB_env* handle = nullptr;
  if (int rc = mdb_env_create(&handle); rc != 0)
    return mdb_error(rc, "create environment");
  mdb_env_set_maxdbs(handle, named_databases_max);
  mdb_env_set_maxreaders(handle, read_transactions_max);
  if (int rc = mdb_env_set_mapsize(handle, config.map_size_bytes); rc != 0) {
    mdb_env_close(handle);
    return mdb_error(rc, "set map size of " + config.data_dir);
  }
  int rc = mdb_env_open(handle, config.data_dir.c_str(), open_flags(config), 0644);
  if (rc != 0) {
    mdb_env_close(handle);
    if (is_corruption(rc))
      return error{errc::storage_corrupt,
                   "data dir " + config.data_dir + " holds a damaged LMDB environment: " +
                       mdb_strerror(rc)};
    return error{errc::data_dir_unusable,
                 "data dir " + config.data_dir + ": " + mdb_strerror(rc)};
  }
  int sync_fd = ::open((config.data_dir + "/data.mdb").c_str(), O_RDONLY | O_CLOEXEC);
  if (sync_fd < 0) {
    auto why = std::string{std::strerror(errno)};
    mdb_env_close(handle);
    return error{errc::data_dir_unusable, "data dir " + config.data_dir + ": data.mdb: " + why};
  }
  std::unique_ptr<env> opened{new env(config, handle, sync_fd)};
  auto last_txn = opened->last_txn();
  if (auto dbs = opened->open_databases(); !dbs)
    return error{dbs.error().code, "data dir " + config.data_dir + ": " + dbs.error().message};
  if (auto log = opened->open_commit_log(last_txn); !log)
    return error{log.error().code, "data dir " + config.data_dir + ": " + log.error().message};
  if (metrics::enabled())
    opened->map_watch_ = watch_map(opened->handle_);
  return result<std::unique_ptr<env>>{std::move(opened)};
}

result<void> env::open_databases() {
  auto w = begin_write();
  if (!w)
    return w.error();
  // Checked before anything is created, so a refused directory is left as it was.
  if (auto checked = check_format(w->handle()); !checked)
    return checked;
  struct named {
    const char* name;
    MDB_dbi* dbi;
  };
  const named all[] = {{"entries", &dbs_.entries},         {"chunk_index", &dbs_.chunk_index},
                       {"offset_index", &dbs_.offset_index}, {"log_meta", &dbs_.log_meta},
                       {"hard_state", &dbs_.hard_state},   {"snapshot", &dbs_.snapshot},
                       {"format", &dbs_.format}};
  for (const auto& db : all)
    if (int rc = mdb_dbi_open(w->handle(), db.name, MDB_CREATE, db.dbi); rc != 0)
      return mdb_error(rc, std::string{"open database "} + db.name);
  uint8_t version[4];
  put_be32(version, storage_format_version);
  MDB_val k{sizeof format_version_key - 1, const_cast<char*>(format_version_key)};
  MDB_val v{sizeof version, version};
  // Written once: an open that changes nothing commits no transaction, so
  // the commit log's records still name the transactions that follow.
  MDB_val found{};
  bool recorded = mdb_get(w->handle(), dbs_.format, &k, &found) == 0 &&
                  found.mv_size == sizeof version &&
                  std::memcmp(found.mv_data, version, sizeof version) == 0;
  if (!recorded)
    if (int rc = mdb_put(w->handle(), dbs_.format, &k, &v, 0); rc != 0)
      return mdb_error(rc, "record the storage format");
  return w->commit();
}

// A format 1 directory has a "log" database; a later one names its version.
result<void> env::check_format(MDB_txn* t) {
  MDB_dbi db = 0;
  if (mdb_dbi_open(t, "log", 0, &db) == 0)
    return error{errc::data_dir_unusable,
                 "holds storage format 1 (a 'log' database keyed by group and raft index); "
                 "this build reads format " + std::to_string(storage_format_version) +
                   " only: move the directory away and let the node catch up from its peers"};
  if (mdb_dbi_open(t, "format", 0, &db) != 0)
    return {};
  MDB_val k{sizeof format_version_key - 1, const_cast<char*>(format_version_key)}, v;
  if (mdb_get(t, db, &k, &v) != 0)
    return {};
  uint32_t found = v.mv_size == 4 ? get_be32(static_cast<const uint8_t*>(v.mv_data)) : 0;
  if (found != storage_format_version)
    return error{errc::data_dir_unusable,
                 "holds storage format " + std::to_string(found) + "; this build reads format " +
                   std::to_string(storage_format_version) + " only"};
  return {};
}

uint64_t env::last_txn() const {
  MDB_envinfo info{};
  mdb_env_info(handle_, &info);
  return info.me_last_txnid;
}

// Replays what a power cut left only in the commit log. A store this open
// made (its first transaction) has nothing to replay: a log beside it is
// another store's, and is wiped. The log is made only where fsync=always
// writes it; one left by an earlier policy is still replayed.
result<void> env::open_commit_log(uint64_t last_txn_at_open) {
  bool wanted = config_.fsync == fsync_policy::always;
  auto log = commit_log::open(config_.data_dir + "/" + commit_log_file, wanted,
                              config_.unsafe_skip_fsync_for_tests);
  // No room to make it: acks wait for LMDB's second fdatasync instead.
  if (!log && log.error().code == errc::storage_full)
    return {};
  if (!log)
    return log.error();
  if (!*log)
    return {};
  bool fresh = last_txn() != last_txn_at_open;
  auto replayed = fresh ? forget_commit_log(**log) : recover_commit_log(*this, **log,
                                                                        last_txn_at_open);
  if (!replayed)
    return replayed.error();
  if (wanted)
    commit_log_ = std::move(*log);
  return {};
}

env::~env() {
  if (map_watch_ != 0)
    metrics::global().remove_collector(map_watch_);
  mdb_env_close(handle_);
  ::close(sync_fd_);
}

result<txn> env::begin_read() const {
  MDB_txn* handle = nullptr;
  if (int rc = mdb_txn_begin(handle_, nullptr, MDB_RDONLY, &handle); rc != 0)
    return mdb_error(rc, "begin read transaction");
  return txn{handle};
}

result<txn> env::begin_write() {
  MDB_txn* handle = nullptr;
  if (int rc = mdb_txn_begin(handle_, nullptr, 0, &handle); rc != 0)
    return mdb_error(rc, "begin write transaction");
  return txn{handle};
}

result<txn> env::begin_child(txn& parent) {
  MDB_txn* handle = nullptr;
  if (int rc = mdb_txn_begin(handle_, parent.handle(), 0, &handle); rc != 0)
    return mdb_error(rc, "begin nested transaction");
  return txn{handle};
}

result<void> env::sync() {
  if (config_.unsafe_skip_fsync_for_tests)
    return {};
  auto start = std::chrono::steady_clock::now();
  if (::fdatasync(sync_fd_) != 0)
    return mdb_error(errno, "fsync of " + config_.data_dir);
  count_fsync(start);
  return {};
}

} // namespace strom::storage
