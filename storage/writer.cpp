#include "messages/unix_clock.hpp"
#include "storage/writer.hpp"

#include <algorithm>
#include <chrono>

#include "messages/hop_trace.hpp"
#include "storage/log_store.hpp"
#include "storage/request_apply.hpp"
#include "storage/write_request_codec.hpp"
#include "storage/retention.hpp"
#include "storage/storage_metrics.hpp"

namespace strom::storage {

namespace {

// Bookkeeping bytes charged per request on top of its payloads, so that a
// flood of empty requests still meets the byte bound.
constexpr uint64_t request_overhead_bytes = 64;

uint64_t request_bytes(const write_request& request) {
  uint64_t bytes = request_overhead_bytes;
  for (const auto& e : request.entries)
    bytes += e.payload.size();
  if (request.snapshot)
    bytes += request.snapshot->data.size();
  return bytes;
}

// The order in which a batch is applied: grouped by raft group, each group's
// requests in submission order (which is all their meaning needs; groups are
// independent). One group's appends then take consecutive sequences and
// extend one chunk, so a commit adds one chunk per group, not one per request.
template <class Batch>
std::vector<size_t> application_order(const Batch& batch) {
  std::vector<size_t> order(batch.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return batch[a].request.group < batch[b].request.group;
  });
  return order;
}

// The commit's figures for /metrics (storage_metrics.hpp).
template <class Pending>
void count_commit(const std::vector<Pending>& batch, std::chrono::steady_clock::time_point start,
                  bool wrote) {
  auto& m = storage_counts();
  m.commit_latency.observe_since(start);
  m.commits.add(wrote ? 1 : 0);
  m.write_requests.add(batch.size());
  uint64_t bytes = 0;
  for (const auto& p : batch)
    bytes += p.bytes;
  m.written_bytes.add(bytes);
}

compaction_limits compaction_limits_of(const storage_config& config) {
  compaction_limits limits;
  limits.pass_interval_ms = config.compaction_pass_interval_ms;
  return limits;
}

size_t last_committed_txn(MDB_env* handle) {
  MDB_envinfo info{};
  mdb_env_info(handle, &info);
  return info.me_last_txnid;
}

} // namespace

writer::writer(env& environment)
  : env_(environment),
    config_(environment.config()),
    last_sync_(clock::now()),
    next_retention_check_(clock::now() +
                          std::chrono::milliseconds(config_.retention_check_interval_ms)),
    compactor_(compaction_limits_of(config_), config_.compaction_bytes_per_s),
    space_(config_.data_dir, config_.space_reserve_bytes) {
  if (config_.fsync == fsync_policy::always)
    syncer_ = std::make_unique<ack_syncer>(env_, fsyncs_);
  space_.refresh(env_.handle(), clock::now());
  if (config_.fsync == fsync_policy::interval)
    pin_durable(); // what the store opened with is on the platter
  thread_ = std::thread([this] { run(); });
}

writer::~writer() { stop(); }

result<void> writer::submit(write_request request, write_callback callback) {
  uint64_t bytes = request_bytes(request);
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (stopping_)
      return error{errc::shutting_down, "storage writer is stopping"};
    // An oversized request alone is let in, or it could never be written.
    bool full = queue_.size() >= config_.writer_queue_requests_max ||
                (!queue_.empty() && queued_bytes_ + bytes > config_.writer_queue_bytes_max);
    if (full)
      return error{errc::storage_busy, "storage writer queue is full (" +
                                           std::to_string(queue_.size()) + " requests, " +
                                           std::to_string(queued_bytes_) + " bytes)"};
    queued_bytes_ += bytes;
    queue_.push_back(pending{std::move(request), std::move(callback), bytes});
  }
  wake_.notify_one();
  return {};
}

void writer::set_retention(group_id group, retention_policy policy) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    auto [it, first] = retention_.try_emplace(group, policy);
    bool changed = !first && (it->second.retention_bytes_max != policy.retention_bytes_max
                              || it->second.retention_age_ms_max != policy.retention_age_ms_max);
    it->second = policy;
    if (!changed)
      return;
    retention_requested_ = true;
  }
  wake_.notify_one();
}

void writer::set_compaction(group_id group, compaction_policy policy) {
  {
    std::lock_guard<std::mutex> guard(commits_mutex_);
    if (policy.enabled)
      told_commits_.try_emplace(group, raft_index{0});
    else
      told_commits_.erase(group);
    compacted_groups_ = told_commits_.size();
  }
  {
    std::lock_guard<std::mutex> guard(mutex_);
    compaction_changes_[group] = policy;
  }
  wake_.notify_one();
}

void writer::note_commit(group_id group, raft_index commit) {
  // Every replica tells every commit: without a compacted group, no lock.
  if (compacted_groups_.load(std::memory_order_relaxed) == 0)
    return;
  std::lock_guard<std::mutex> guard(commits_mutex_);
  auto it = told_commits_.find(group);
  if (it != told_commits_.end() && it->second < commit)
    it->second = commit;
}

void writer::set_retention_listener(retention_listener listener) {
  std::lock_guard<std::mutex> guard(mutex_);
  listener_ = std::move(listener);
}

void writer::check_retention_now() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    retention_requested_ = true;
  }
  wake_.notify_one();
}

void writer::stop() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
}

writer_counters writer::counters() const {
  return {commits_.load(),           fsyncs_.load(),
          requests_.load(),          retention_chunks_.load(),
          retention_passes_.load(),  compaction_passes_.load(),
          compaction_batches_.load(), compaction_removed_.load()};
}

bool writer::queue_empty() {
  std::lock_guard<std::mutex> guard(mutex_);
  return queue_.empty();
}

// --- the writer thread -------------------------------------------------------

void writer::run() {
  for (;;) {
    std::vector<pending> batch;
    bool stopping = take_batch(batch);
    if (clock::now() >= next_retention_check_)
      refill_retention_backlog();
    if (!batch.empty() || !retention_backlog_.empty() || compactor_.ready(clock::now()))
      commit_batch(batch);
    else
      settle({}, false, false);
    space_.refresh(env_.handle(), clock::now());
    if (stopping && queue_empty())
      break;
  }
  // A clean stop leaves nothing unsynced, whatever the policy.
  if (dirty_)
    sync_dirty();
  if (syncer_)
    syncer_->stop();
}

// Waits for requests, a timer or stop; takes up to commit_batch_bytes_max,
// and the compaction policies set since the last look, so that a policy set
// under a steady load takes effect. Returns true when stopping.
bool writer::take_batch(std::vector<pending>& batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (retention_backlog_.empty())
    wake_.wait_until(lock, wake_deadline(), [this] {
      return stopping_ || retention_requested_ || !queue_.empty() ||
             !compaction_changes_.empty();
    });
  if (retention_requested_) {
    retention_requested_ = false;
    next_retention_check_ = clock::now();
  }
  for (const auto& [group, policy] : compaction_changes_)
    compactor_.set_policy(group, policy);
  compaction_changes_.clear();
  uint64_t bytes = 0;
  while (!queue_.empty() &&
         (batch.empty() || bytes + queue_.front().bytes <= config_.commit_batch_bytes_max)) {
    bytes += queue_.front().bytes;
    queued_bytes_ -= queue_.front().bytes;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return stopping_;
}

writer::clock::time_point writer::wake_deadline() const {
  auto deadline = std::min(next_retention_check_, compactor_.next_at());
  // Room freed by another process, or by a commit before the last walk of
  // the free list, is seen without waiting for the next write.
  if (space_.low())
    deadline = std::min(deadline, clock::now() + space_watch::scan_interval_ms);
  if (config_.fsync == fsync_policy::interval && dirty_)
    deadline = std::min(deadline,
                        last_sync_ + std::chrono::milliseconds(config_.fsync_interval_ms));
  return deadline;
}

void writer::commit_batch(std::vector<pending>& batch) {
  std::vector<settled> outcomes;
  outcomes.reserve(batch.size());
  hop_mark("writer.begin", static_cast<int64_t>(batch.size()));
  auto failed = failure();
  auto w = env_.begin_write();
  if (!w || failed) {
    error why = failed ? *failed : w.error();
    for (auto& p : batch)
      outcomes.push_back({std::move(p.callback), why});
    settle(std::move(outcomes), false, false);
    return;
  }
  bool must_sync = config_.fsync == fsync_policy::interval && changes_vote(w->handle(), batch);
  auto acks = apply_all(*w, batch);
  if (!acks) {
    // A request failed and left the transaction unusable: start again, and
    // this time give each request a nested transaction of its own.
    w->abort();
    w = env_.begin_write();
    if (!w) {
      for (auto& p : batch)
        outcomes.push_back({std::move(p.callback), w.error()});
      settle(std::move(outcomes), false, false);
      return;
    }
    std::vector<result<write_ack>> acks_in_order(batch.size(), write_ack{});
    for (size_t i : application_order(batch))
      acks_in_order[i] = apply_in_child(*w, batch[i].request);
    for (size_t i = 0; i < batch.size(); ++i)
      outcomes.push_back({std::move(batch[i].callback), std::move(acks_in_order[i])});
  } else {
    for (size_t i = 0; i < batch.size(); ++i)
      outcomes.push_back({std::move(batch[i].callback), std::move((*acks)[i])});
  }
  size_t txn_id = mdb_txn_id(w->handle());
  uint64_t ticket = log_commit(txn_id, batch, outcomes);
  std::vector<retention_event> moved;
  retention_chunk(*w, moved);
  compaction_step(*w);
  auto commit_start = std::chrono::steady_clock::now();
  auto committed = w->commit();
  hop_mark("writer.committed", static_cast<int64_t>(batch.size()));
  if (std::exchange(retention_pass_ending_, false))
    ++retention_passes_;
  if (!committed) {
    auto why = classify_commit_failure(committed.error());
    for (auto& o : outcomes)
      if (o.outcome)
        o.outcome = why;
  }
  bool wrote = committed && last_committed_txn(env_.handle()) == txn_id;
  commits_ += wrote ? 1 : 0;
  requests_ += batch.size();
  if (metrics::enabled())
    count_commit(batch, commit_start, wrote);
  settle(std::move(outcomes), wrote, must_sync, ticket);
  retention_listener listener;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    listener = listener_;
  }
  if (committed && listener)
    for (const auto& event : moved)
      listener(event);
}

// The common case: every request of the batch in the one transaction. Nothing
// when any request fails; the caller then aborts and takes the slow path.
std::optional<std::vector<result<write_ack>>> writer::apply_all(txn& t,
                                                                const std::vector<pending>& batch) {
  std::vector<result<write_ack>> acks(batch.size(), write_ack{});
  for (size_t i : application_order(batch)) {
    const auto& request = batch[i].request;
    if (!apply_request(env_.dbs(), t.handle(), request))
      return std::nullopt;
    auto last = last_index_after(t.handle(), request);
    if (!last)
      return std::nullopt;
    acks[i] = write_ack{request.group, *last};
  }
  return acks;
}

// Hands the commit's applied requests, in the order applied, to the commit
// log before LMDB commits (ack_syncer.hpp): the ticket its ack waits for, 0
// when there is no log or the commit is too large for it.
uint64_t writer::log_commit(uint64_t txn, const std::vector<pending>& batch,
                            const std::vector<settled>& outcomes) {
  if (!syncer_ || env_.log() == nullptr)
    return 0;
  std::vector<const write_request*> applied;
  for (size_t i : application_order(batch))
    if (outcomes[i].outcome)
      applied.push_back(&batch[i].request);
  if (applied.empty())
    return 0;
  std::string payload;
  encode_requests(applied, payload);
  if (!commit_log::fits(payload.size()))
    return 0;
  return syncer_->log(txn, std::move(payload));
}

// Whether the batch moves a group's term or vote. Under fsync=interval those
// still reach the disk before their ack: a vote a power cut forgot lets the
// node vote twice in one term, which breaks Raft even where losing a few
// acknowledged entries is the policy's stated price. A moved commit index
// alone does not count (a lost one is learned again from the leader).
bool writer::changes_vote(MDB_txn* t, const std::vector<pending>& batch) {
  for (const auto& p : batch) {
    if (p.request.snapshot)
      return true;
    if (!p.request.state)
      continue;
    auto saved = raft_state_store::load_hard_state(env_.dbs(), t, p.request.group);
    if (!saved || !*saved || (*saved)->current_term != p.request.state->current_term ||
        (*saved)->voted_for != p.request.state->voted_for)
      return true;
  }
  return false;
}

// The slow path: one nested transaction per request, so a request that fails
// (a gap, a full map) is undone alone and the rest of the batch still commits.
result<write_ack> writer::apply_in_child(txn& parent, const write_request& request) {
  auto child = env_.begin_child(parent);
  if (!child)
    return child.error();
  if (auto ok = apply_request(env_.dbs(), child->handle(), request); !ok)
    return ok.error();
  auto last = last_index_after(child->handle(), request);
  if (!last)
    return last.error();
  if (auto ok = child->commit(); !ok)
    return ok.error();
  return write_ack{request.group, *last};
}

// The group's last index once `request` is applied. An append leaves its last
// entry at the log's end (it replaces any suffix), so only requests without
// entries, or that drop a prefix, need a lookup.
result<raft_index> writer::last_index_after(MDB_txn* t, const write_request& request) {
  if (!request.entries.empty() && !request.drop_prefix_upto)
    return request.entries.back().index;
  auto last = log_store::last_index(env_.dbs(), t, request.group);
  if (!last)
    return last.error();
  return last->value_or(raft_index{0});
}

// --- retention ---------------------------------------------------------------

retention_policy writer::policy_of(group_id group) {
  std::lock_guard<std::mutex> guard(mutex_);
  auto found = retention_.find(group);
  return found != retention_.end() ? found->second : config_.retention_default;
}

void writer::refill_retention_backlog() {
  next_retention_check_ = clock::now() +
                          std::chrono::milliseconds(config_.retention_check_interval_ms);
  if (!retention_backlog_.empty())
    return;
  auto groups = log_store(env_).groups();
  if (!groups)
    return;
  for (auto group : *groups)
    if (!policy_of(group).unlimited())
      retention_backlog_.push_back(group);
  if (retention_backlog_.empty())
    ++retention_passes_; // a pass over nothing ends at once
}

// At most one chunk per commit: appends queued meanwhile wait for one chunk.
void writer::retention_chunk(txn& parent, std::vector<retention_event>& moved) {
  if (retention_backlog_.empty() || failure())
    return;
  group_id group = retention_backlog_.front();
  retention_backlog_.pop_front();
  retain_group_chunk(parent, group, moved);
  // The pass ends with the backlog; it counts once its last chunk commits.
  retention_pass_ending_ = retention_backlog_.empty();
}

void writer::retain_group_chunk(txn& parent, group_id group, std::vector<retention_event>& moved) {
  auto child = env_.begin_child(parent);
  if (!child)
    return;
  auto step = retain_chunk(env_.dbs(), child->handle(), group, policy_of(group), unix_now_ms(),
                           config_.retention_chunk_entries_max);
  // A failed chunk is undone and retried at the next check.
  if (!step || !child->commit())
    return;
  retention_chunks_ += step->dropped > 0 ? 1 : 0;
  if (metrics::enabled())
    storage_counts().retention_deleted_entries.add(step->dropped);
  if (step->more)
    retention_backlog_.push_back(group);
  if (step->dropped > 0)
    moved.push_back({group, step->first_index.value_or(raft_index{0}), step->dropped_last_index,
                     step->dropped_last_term});
}

// --- compaction --------------------------------------------------------------

// At most one step per commit, in a nested transaction: a failed step is
// undone alone, and the pass goes on at a later step.
void writer::compaction_step(txn& parent) {
  auto now = clock::now();
  if (failure() || !compactor_.ready(now))
    return;
  auto child = env_.begin_child(parent);
  if (!child)
    return;
  auto commit_of = [this](group_id group) -> std::optional<raft_index> {
    std::lock_guard<std::mutex> guard(commits_mutex_);
    auto it = told_commits_.find(group);
    return it != told_commits_.end() ? std::optional<raft_index>{it->second} : std::nullopt;
  };
  if (!compactor_.step(env_.dbs(), child->handle(), now, unix_now_ms(), commit_of) ||
      !child->commit())
    return;
  const auto& counts = compactor_.counters();
  if (metrics::enabled()) {
    storage_counts().compaction_removed_records.add(counts.records_removed -
                                                    compaction_removed_.load());
    storage_counts().compaction_rewritten_bytes.add(counts.bytes_written -
                                                    compaction_written_bytes_);
  }
  compaction_written_bytes_ = counts.bytes_written;
  compaction_passes_ = counts.passes;
  compaction_batches_ = counts.batches_rewritten;
  compaction_removed_ = counts.records_removed;
}

// --- durability --------------------------------------------------------------

std::optional<error> writer::failure() const {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (failed_)
      return failed_;
  }
  return syncer_ ? syncer_->failure() : std::nullopt;
}

void writer::fail(error why) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!failed_)
    failed_ = std::move(why);
}

// A commit that failed for want of room (ENOSPC, or LMDB's short write on a
// file system that just filled) leaves the store sound: storage_full. Any
// other I/O error may have lost pages the kernel now calls clean, as a
// failed fsync may: the store is failed for good.
error writer::classify_commit_failure(error why) {
  if (why.code != errc::storage_io)
    return why;
  space_.refresh(env_.handle(), clock::now());
  if (space_.low())
    return error{errc::storage_full, why.message + " (the disk is full: "
                                       + space_.last().describe() + ")"};
  fail(why);
  return why;
}

// Runs the callbacks once their commit is durable under the policy.
void writer::settle(std::vector<settled> outcomes, bool wrote, bool must_sync,
                    uint64_t ticket) {
  if (config_.fsync == fsync_policy::never) {
    fire(outcomes);
    return;
  }
  if (syncer_) {
    if (wrote) {
      // This commit's own fdatasync flushed the meta pages of the commits before it.
      ++fsyncs_;
      syncer_->covered();
    }
    syncer_->committed(std::move(outcomes), wrote, ticket);
    return;
  }
  settle_interval(std::move(outcomes), wrote, must_sync);
}

// fsync=interval: acknowledged once written (in the page cache), synced
// every fsync_interval_ms, as Kafka's flush.ms and JetStream's sync_interval.
// Callbacks fire before the due sync, so an ack never waits for one, except
// for a batch that moves a term or vote (changes_vote), synced first.
void writer::settle_interval(std::vector<settled> outcomes, bool wrote, bool must_sync) {
  dirty_ = dirty_ || wrote;
  if (must_sync)
    sync_dirty();
  if (auto failed = failure())
    for (auto& o : outcomes)
      if (o.outcome)
        o.outcome = *failed;
  fire(outcomes);
  bool due = clock::now() >= last_sync_ + std::chrono::milliseconds(config_.fsync_interval_ms);
  if (dirty_ && due)
    sync_dirty();
}

void writer::sync_dirty() {
  if (!dirty_ || failure())
    return;
  dirty_ = false;
  auto synced = env_.sync();
  ++fsyncs_;
  last_sync_ = clock::now();
  // After a failed fsync the kernel may have dropped the dirty pages: no
  // later write can be trusted, so the writer refuses them from now on.
  if (!synced)
    fail(synced.error());
  else
    pin_durable();
}

// fsync=interval commits under MDB_NOSYNC, so the snapshot a power cut
// falls back to is the one of the last sync, many commits old. LMDB reuses
// the pages of any snapshot but the newest two unless a reader holds it: a
// page of the durable snapshot, rewritten and half on the platter when the
// power went, left a store that would not open (storage_crash_test, torn
// cuts). A read transaction therefore holds the last synced snapshot until
// the next sync; what it keeps from reuse is one interval's freed pages.
void writer::pin_durable() {
  durable_pin_.reset();
  auto pin = env_.begin_read();
  if (pin)
    durable_pin_ = std::move(*pin);
}

void writer::fire(std::vector<settled>& outcomes) {
  for (auto& o : outcomes)
    if (o.on_done)
      o.on_done(std::move(o.outcome));
  outcomes.clear();
}

} // namespace strom::storage
