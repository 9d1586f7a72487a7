#pragma once
// Every knob of the storage layer in one place. The launcher fills it from the
// manifest; tests shrink the map and the intervals.

#include <cstddef>
#include <cstdint>
#include <string>

namespace strom::storage {

// When the writer calls fsync, and so what "durable" means in its acks:
// - always:   every commit is fsynced before its callbacks run. Durable means
//             on disk: it survives a process crash and a power loss.
// - interval: as Kafka's flush.ms and JetStream's sync_interval: callbacks
//             run once the commit is written (to the page cache), and the
//             writer fsyncs at most every fsync_interval_ms, never holding an
//             ack for it. Durable means "survives a crash of this process";
//             a machine crash loses what was acked since the last finished
//             sync (up to one interval plus one fsync). A new term or vote
//             (and a snapshot) is still synced before its ack: a vote lost
//             in a power cut could be cast twice in one term. Between syncs
//             LMDB writes without ordering barriers (MDB_NOSYNC), so a
//             machine crash while the kernel wrote some of that interval's
//             pages back early may also damage the last commits.
// - never:    no fsync at all (the OS flushes when it likes); callbacks run
//             right after the commit. Durable means only "survives a crash of
//             this process", never a machine crash. For tests and benchmarks.
enum class fsync_policy { always, interval, never };

// Retention of one group's log. Zero means "no limit" for each bound.
// Retention only ever drops entries at or below the group's saved commit
// index and always keeps the last entry, so the raft layer never loses
// uncommitted data nor the (index, term) of its log's end.
struct retention_policy {
  uint64_t retention_bytes_max = 0;
  int64_t retention_age_ms_max = 0;

  bool unlimited() const { return retention_bytes_max == 0 && retention_age_ms_max == 0; }
};

struct storage_config {
  // The node's data directory; it must exist and be writable.
  std::string data_dir;

  // LMDB maps the whole file; the size is address space, not disk, because
  // the file is sparse. Growing it means reopening with a larger value.
  uint64_t map_size_bytes = uint64_t{64} << 30;

  fsync_policy fsync = fsync_policy::always;
  uint32_t fsync_interval_ms = 10;

  // Room kept free on the data dir's file system for raft state and metadata:
  // below it the node takes no new data (space_watch.hpp). 0: a twentieth of
  // the file system, within [8 MiB, 64 MiB].
  uint64_t space_reserve_bytes = 0;

  // Breaks durability, for one test only: nothing is ever fsynced (commits
  // under MDB_NOSYNC, env::sync does nothing) while acks still say durable.
  // The power-loss crash test turns it on to prove it notices a missing
  // fsync; the manifest cannot set it.
  bool unsafe_skip_fsync_for_tests = false;

  // Back-pressure: submit() refuses with errc::storage_busy past these.
  size_t writer_queue_requests_max = 16384;
  uint64_t writer_queue_bytes_max = uint64_t{256} << 20;

  // One commit takes at most this many payload bytes from the queue, so one
  // transaction (and the wait of its callers) stays bounded.
  uint64_t commit_batch_bytes_max = uint64_t{64} << 20;

  // Retention for groups without a policy of their own (set_retention).
  retention_policy retention_default{};
  // How often the writer looks for entries past retention (a changed
  // policy asks for a look at once).
  uint32_t retention_check_interval_ms = 1000;
  // At most this many entries leave one group's log per transaction, so a
  // large deletion never holds up appends for long.
  uint32_t retention_chunk_entries_max = 1024;

  // Log compaction (compaction.hpp) reads and rewrites at most this many
  // bytes per second, a bounded share of the disk's bandwidth.
  uint64_t compaction_bytes_per_s = uint64_t{32} << 20;
  // A compacted group's next pass waits at most this long for new entries
  // to be worth it (compaction_limits::pass_interval_ms).
  int64_t compaction_pass_interval_ms = 2000;
};

} // namespace strom::storage
