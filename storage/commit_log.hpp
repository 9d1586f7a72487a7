#pragma once
// The commit log: a small file of fixed size (commit.log in the data dir)
// in front of LMDB under fsync=always. An LMDB commit is durable only once
// a second fdatasync has flushed its meta page (ack_syncer.hpp); writing
// the commit's requests here, and fdatasyncing this file while LMDB commits,
// makes it recoverable a fdatasync sooner: after a power cut, env::open
// replays the records LMDB lacks (commit_log_recovery.hpp).
//
// Records start on 4 KiB blocks and go round the file. Each names the LMDB
// transaction it stands for and a sequence number that only grows; a
// header CRC covers the rest of the header and the payload. The file is
// written full of zeros once, so that appends overwrite allocated blocks
// and their fdatasync flushes data alone, without a journal commit.
// Used from one thread at a time.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace strom::storage {

struct commit_record {
  uint64_t sequence = 0;
  uint64_t txn = 0; // the LMDB transaction id it stands for
  uint64_t offset_bytes = 0;
  std::string payload;
};

class commit_log {
public:
  static constexpr uint64_t file_bytes = uint64_t{2} << 20;
  static constexpr uint64_t block_bytes = 4096;
  static constexpr uint64_t header_bytes = 32;
  // A larger commit is not logged: it waits for LMDB's second fdatasync,
  // which its size amortizes anyway.
  static constexpr uint64_t payload_bytes_max = uint64_t{256} << 10;

  // Opens `path`; when it is absent, creates it (full of zeros, synced) if
  // `create`, else returns null; storage_full when there is no room for it.
  // `skip_fsync`: storage_config's test switch.
  static result<std::unique_ptr<commit_log>> open(const std::string& path, bool create,
                                                  bool skip_fsync);
  ~commit_log();
  commit_log(const commit_log&) = delete;
  commit_log& operator=(const commit_log&) = delete;

  static bool fits(size_t payload_bytes) { return payload_bytes <= payload_bytes_max; }

  // Every record whose header and CRC check out, in file order. Appends go
  // on after the one with the highest sequence.
  result<std::vector<commit_record>> scan();
  // Writes one record for LMDB transaction `txn` and fdatasyncs it.
  // `before_wrap` runs before a record goes back to the start of the file:
  // it must make the commits of the records there durable in LMDB.
  result<void> append(uint64_t txn, std::string_view payload,
                      const std::function<result<void>()>& before_wrap);
  // Zeroes the headers of `records` and syncs: they are never replayed.
  result<void> erase(const std::vector<commit_record>& records);

private:
  commit_log(std::string path, int fd, bool skip_fsync)
    : path_(std::move(path)), fd_(fd), skip_fsync_(skip_fsync) {}
  result<void> sync();
  error io_error(const std::string& what) const;

  std::string path_;
  int fd_ = -1;
  bool skip_fsync_ = false;
  uint64_t next_sequence_ = 1;
  uint64_t next_offset_bytes_ = 0;
  std::string block_; // the record being written, reused
};

} // namespace strom::storage
