#include "storage/ack_syncer.hpp"

#include <algorithm>

#include "messages/hop_trace.hpp"

namespace strom::storage {

ack_syncer::ack_syncer(env& environment, std::atomic<uint64_t>& fsyncs)
  : env_(environment), fsyncs_(fsyncs) {
  thread_ = std::thread([this] { run(); });
}

ack_syncer::~ack_syncer() { stop(); }

uint64_t ack_syncer::log(uint64_t txn, std::string payload) {
  uint64_t ticket = 0;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    ticket = ++tickets_;
    logs_.push_back({txn, std::move(payload)});
  }
  wake_.notify_one();
  return ticket;
}

void ack_syncer::covered() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    durable_ = written_;
  }
  wake_.notify_one();
}

void ack_syncer::committed(std::vector<settled> outcomes, bool wrote, uint64_t ticket) {
  if (outcomes.empty() && !wrote)
    return;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    written_ += wrote ? 1 : 0;
    queue_.push_back({written_, ticket, std::move(outcomes)});
  }
  wake_.notify_one();
}

void ack_syncer::stop() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
}

std::optional<error> ack_syncer::failure() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return failed_;
}

// The oldest waiting commit is durable. Holds mutex_.
bool ack_syncer::durable_front() const {
  const auto& front = queue_.front();
  return front.needs_durable <= durable_ ||
         (front.ticket != 0 && front.ticket <= logged_durable_);
}

// The oldest waiting commit is durable, or never will be. Holds mutex_.
bool ack_syncer::settled_front() const { return failed_ || durable_front(); }

// Writes the queued records first (an ack waits on them), settles what is
// durable, and syncs LMDB when the oldest waiting commit still needs it.
void ack_syncer::run() {
  for (;;) {
    uint64_t target = 0;
    std::deque<log_job> jobs;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty() || !logs_.empty(); });
      if (queue_.empty() && logs_.empty())
        return;
      jobs.swap(logs_);
      bool front_waits_for_log = !queue_.empty() && queue_.front().ticket > logged_;
      if (jobs.empty() && !queue_.empty() && !settled_front() && !front_waits_for_log)
        target = written_;
    }
    if (!jobs.empty())
      write_logs(std::move(jobs));
    if (target > 0)
      sync(target);
    fire_settled();
  }
}

void ack_syncer::write_logs(std::deque<log_job> jobs) {
  auto* log = env_.log();
  // Before the log goes round over older records, LMDB holds their commits.
  auto make_room = [this]() -> result<void> {
    ++fsyncs_;
    return env_.sync();
  };
  for (auto& job : jobs) {
    hop_mark("syncer.log", static_cast<int64_t>(job.txn));
    // After a failure nothing is written: the record's commit is lost with it.
    auto failed = failure();
    result<void> written = failed ? result<void>{*failed} : log->append(job.txn, job.payload,
                                                                         make_room);
    fsyncs_ += failed ? 0 : 1;
    std::lock_guard<std::mutex> guard(mutex_);
    ++logged_;
    if (written && !failed_)
      logged_durable_ = logged_;
    else if (!failed_)
      // After a failed fsync the kernel may have dropped the dirty pages.
      failed_ = written.error();
  }
}

// Everything written before the fdatasync started is durable when it returns.
void ack_syncer::sync(uint64_t target) {
  hop_mark("syncer.sync", static_cast<int64_t>(target));
  auto synced = env_.sync();
  hop_mark("syncer.synced", static_cast<int64_t>(target));
  ++fsyncs_;
  std::lock_guard<std::mutex> guard(mutex_);
  if (synced)
    durable_ = std::max(durable_, target);
  else if (!failed_)
    // After a failed fsync the kernel may have dropped the dirty pages.
    failed_ = synced.error();
}

void ack_syncer::fire_settled() {
  std::vector<settled> ready;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    while (!queue_.empty() && settled_front()) {
      bool lost = !durable_front();
      for (auto& o : queue_.front().outcomes) {
        if (lost && o.outcome)
          o.outcome = *failed_;
        ready.push_back(std::move(o));
      }
      queue_.pop_front();
    }
  }
  for (auto& o : ready)
    if (o.on_done)
      o.on_done(std::move(o.outcome));
}

} // namespace strom::storage
