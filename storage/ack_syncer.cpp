#include "storage/ack_syncer.hpp"

#include <algorithm>

#include "messages/hop_trace.hpp"

namespace strom::storage {

ack_syncer::ack_syncer(env& environment, std::atomic<uint64_t>& fsyncs)
  : env_(environment), fsyncs_(fsyncs) {
  thread_ = std::thread([this] { run(); });
}

ack_syncer::~ack_syncer() { stop(); }

void ack_syncer::covered() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    durable_ = written_;
  }
  wake_.notify_one();
}

void ack_syncer::committed(std::vector<settled> outcomes, bool wrote) {
  if (outcomes.empty() && !wrote)
    return;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    written_ += wrote ? 1 : 0;
    queue_.push_back({written_, std::move(outcomes)});
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

// Settles what is durable; syncs when the oldest waiting commit is not yet.
void ack_syncer::run() {
  for (;;) {
    uint64_t target = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;
      if (queue_.front().needs_durable > durable_ && !failed_)
        target = written_;
    }
    if (target > 0)
      sync(target);
    fire_settled();
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
    while (!queue_.empty() && (queue_.front().needs_durable <= durable_ || failed_)) {
      bool lost = queue_.front().needs_durable > durable_;
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
