#pragma once
// Runs the callbacks of fsync=always commits once they are durable, without
// holding up the writer.
//
// A commit fdatasyncs its data pages and then writes its meta page unsynced
// (MDB_NOMETASYNC, so the meta page never reaches the disk ahead of the data
// it points to). The commit is durable only when a later fdatasync returns.
// Leaving that to the next commit's fdatasync made every ack wait for the
// following commit; this thread issues it right away, while the writer
// builds the next transaction, so an ack follows its own commit by one flush.
// Whichever fdatasync returns first (this thread's or the next commit's)
// settles the commit.
//
// A commit small enough for the commit log (commit_log.hpp) is settled
// sooner: the writer hands its requests to this thread before LMDB commits,
// this thread writes and fdatasyncs the record while LMDB writes and syncs
// its data, and the commit is durable once both returned. Its meta page
// then needs no flush of its own: a power cut that loses it leaves the
// record, which the next open replays.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "messages/result.hpp"
#include "storage/env.hpp"
#include "storage/write_ack.hpp"

namespace strom::storage {

class ack_syncer {
public:
  struct settled {
    write_callback on_done;
    result<write_ack> outcome;
  };

  // Starts the thread; counts its fdatasyncs in `fsyncs`. Both must outlive it.
  ack_syncer(env& environment, std::atomic<uint64_t>& fsyncs);
  ~ack_syncer();
  ack_syncer(const ack_syncer&) = delete;
  ack_syncer& operator=(const ack_syncer&) = delete;

  // Queues the commit log record of LMDB transaction `txn` (before it
  // commits); returns its ticket for committed(). Needs env.log().
  uint64_t log(uint64_t txn, std::string payload);
  // A commit returned whose own fdatasync covered the meta page of every
  // commit before it: those are durable. Call before committed() for it.
  void covered();
  // The outcomes of one commit attempt, in commit order. `wrote`: it wrote a
  // meta page, so it waits for a later fdatasync, or for its commit log
  // record (`ticket`, 0 if none); otherwise its outcomes wait only for the
  // commits before it (their state is what they report).
  void committed(std::vector<settled> outcomes, bool wrote, uint64_t ticket = 0);
  // Syncs and settles everything queued, then joins. Idempotent.
  void stop();
  // Set once an fdatasync failed: nothing written since can be trusted.
  std::optional<error> failure() const;

private:
  struct waiting {
    uint64_t needs_durable = 0;
    uint64_t ticket = 0;
    std::vector<settled> outcomes;
  };
  struct log_job {
    uint64_t txn = 0;
    std::string payload;
  };

  void run();
  bool durable_front() const;
  bool settled_front() const;
  void write_logs(std::deque<log_job> jobs);
  void sync(uint64_t target);
  void fire_settled();

  env& env_;
  std::atomic<uint64_t>& fsyncs_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<waiting> queue_;
  std::deque<log_job> logs_;
  // Commits that wrote, and how many of them are durable (counted in order).
  uint64_t written_ = 0;
  uint64_t durable_ = 0;
  // Commit log records queued, how many were written (in order), and the
  // highest ticket durable (its write and every earlier one succeeded).
  uint64_t tickets_ = 0;
  uint64_t logged_ = 0;
  uint64_t logged_durable_ = 0;
  bool stopping_ = false;
  std::optional<error> failed_;
  std::thread thread_;
};

} // namespace strom::storage
