#pragma once
// The writer: the one owner of LMDB's write transaction, on its own thread
// (never a CAF worker). Callers from any thread submit write requests; the
// thread takes everything queued, applies it in one transaction, makes it
// durable as the fsync policy says (group commit) and then calls each
// request's callback with the group's last index, now durable. Between commits it runs
// retention in bounded chunks. See storage_config.hpp for what "durable"
// means under each fsync policy.
//
//   callers --submit--> [queue, bounded] --> writer thread:
//     take batch -> one txn (a nested txn per request) -> commit -> fsync
//     -> callbacks in submission order -> one retention chunk -> ...
// Under fsync=always the callbacks run on the ack_syncer's thread once the
// commit's meta page is synced, while the writer goes on with the next batch;
// under interval they run right after the commit, and the fsync follows when
// due (storage_config.hpp says what each policy can lose).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/ack_syncer.hpp"
#include "storage/compactor.hpp"
#include "storage/env.hpp"
#include "storage/log_entry.hpp"
#include "storage/raft_state.hpp"
#include "storage/space_watch.hpp"
#include "storage/write_ack.hpp"
#include "storage/write_request.hpp"

namespace strom::storage {

// What retention did to one group in one committed chunk.
struct retention_event {
  group_id group;
  raft_index first_index;
  // The last dropped entry, the log's new base for Raft's consistency check
  // (the replica treats it like a snapshot's last included index and term).
  raft_index dropped_last_index;
  term_id dropped_last_term;
};
// Called on the writer thread after the chunk's commit.
using retention_listener = std::function<void(const retention_event& event)>;

struct writer_counters {
  uint64_t commits = 0;
  uint64_t fsyncs = 0;
  uint64_t requests = 0;
  uint64_t retention_chunks = 0;
  // Passes of retention over every group with a policy, each ended with its
  // last chunk committed: what a test waits for instead of a clock.
  uint64_t retention_passes = 0;
  // Log compaction (compactor.hpp): passes finished, batches rewritten,
  // records removed.
  uint64_t compaction_passes = 0;
  uint64_t compaction_batches = 0;
  uint64_t compaction_records_removed = 0;
};

class writer {
public:
  // Starts the thread. The env must outlive the writer.
  explicit writer(env& environment);
  // Drains the queue and stops (see stop()).
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  // Queues a request; never blocks. errc::storage_busy when the queue is at
  // writer_queue_requests_max or writer_queue_bytes_max (retry later),
  // errc::shutting_down after stop(). On success the callback runs exactly once.
  result<void> submit(write_request request, write_callback callback);

  // Retention of one group (else the config's retention_default); a change
  // of a group's policy is checked at once, not at the next interval.
  void set_retention(group_id group, retention_policy policy);
  void set_retention_listener(retention_listener listener);
  // Looks for retention work now instead of at the next check interval.
  void check_retention_now();
  // Compaction of one group (cleanup.policy=compact); disabled by default.
  void set_compaction(group_id group, compaction_policy policy);
  // The group's commit index as its replica knows it, ahead of the stored
  // one (raft/driver.hpp): compaction may go up to it. Kept only for
  // compacted groups; cheap to call after every commit.
  void note_commit(group_id group, raft_index commit);

  // Applies and syncs everything queued, runs every callback, joins the thread.
  // Submits after this fail with errc::shutting_down. Idempotent.
  void stop();

  writer_counters counters() const;

  // Set once a commit or an fsync failed with an I/O error (not a full
  // disk): nothing written since can be trusted, every later write is
  // refused with it, and the node's replicas stop taking part. From any thread.
  std::optional<error> failure() const;

  // The data dir's file system is below its reserve: take no new data.
  bool space_low() const { return space_.low(); }
  space_reading space() const { return space_.last(); }

private:
  struct pending {
    write_request request;
    write_callback callback;
    uint64_t bytes = 0;
  };
  using settled = ack_syncer::settled;
  using clock = std::chrono::steady_clock;

  void run();
  bool take_batch(std::vector<pending>& batch);
  clock::time_point wake_deadline() const;
  void commit_batch(std::vector<pending>& batch);
  std::optional<std::vector<result<write_ack>>> apply_all(txn& t,
                                                          const std::vector<pending>& batch);
  result<write_ack> apply_in_child(txn& parent, const write_request& request);
  result<raft_index> last_index_after(MDB_txn* t, const write_request& request);
  void retention_chunk(txn& parent, std::vector<retention_event>& moved);
  void retain_group_chunk(txn& parent, group_id group, std::vector<retention_event>& moved);
  void refill_retention_backlog();
  retention_policy policy_of(group_id group);
  void compaction_step(txn& parent);
  void fail(error why);
  error classify_commit_failure(error why);
  bool changes_vote(MDB_txn* t, const std::vector<pending>& batch);
  uint64_t log_commit(uint64_t txn, const std::vector<pending>& batch,
                      const std::vector<settled>& outcomes);
  void settle(std::vector<settled> outcomes, bool wrote, bool must_sync, uint64_t ticket = 0);
  void settle_interval(std::vector<settled> outcomes, bool wrote, bool must_sync);
  void sync_dirty();
  void pin_durable();
  void fire(std::vector<settled>& outcomes);
  bool queue_empty();

  env& env_;
  const storage_config config_;

  // Shared with submitters, guarded by mutex_.
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pending> queue_;
  uint64_t queued_bytes_ = 0;
  bool stopping_ = false;
  bool retention_requested_ = false;
  std::unordered_map<group_id, retention_policy> retention_;
  retention_listener listener_;
  // Policies set since the writer thread last took them into compactor_.
  std::unordered_map<group_id, compaction_policy> compaction_changes_;
  // note_commit's, for compacted groups only; a lock of its own, so that
  // replicas telling commits never wait on submitters.
  std::mutex commits_mutex_;
  std::unordered_map<group_id, raft_index> told_commits_;
  std::atomic<size_t> compacted_groups_{0}; // told_commits_'s size

  // Owned by the writer thread. dirty_: fsync=interval wrote since its last
  // sync; durable_pin_: the read transaction on the snapshot that sync made
  // durable (pin_durable).
  bool dirty_ = false;
  std::optional<txn> durable_pin_;
  std::optional<error> failed_; // written on the writer thread under mutex_
  clock::time_point last_sync_;
  clock::time_point next_retention_check_;
  std::deque<group_id> retention_backlog_;

  std::atomic<uint64_t> commits_{0}, fsyncs_{0}, requests_{0}, retention_chunks_{0},
    retention_passes_{0};
  bool retention_pass_ending_ = false; // the writer thread's
  compactor compactor_;                // the writer thread's
  uint64_t compaction_written_bytes_ = 0; // the writer thread's, for /metrics
  std::atomic<uint64_t> compaction_passes_{0}, compaction_batches_{0}, compaction_removed_{0};
  // fsync=always only: settles commits off this thread (ack_syncer.hpp).
  std::unique_ptr<ack_syncer> syncer_;
  space_watch space_;
  std::thread thread_;
};

} // namespace strom::storage
