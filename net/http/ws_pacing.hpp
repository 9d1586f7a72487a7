#pragma once
// The bytes on their way to one WebSocket client: pushed by its consumer
// (on CAF's thread) but not yet queued by the socket's strand, and queued
// but not yet written. The consumer can run far ahead of the strand, so a
// pause is asked where the records arrive, in the push handler; the
// strand resumes the consumer once the client has taken most of it.
// Shared by both threads: atomics only.

#include <atomic>
#include <cstddef>

#include <caf/actor.hpp>

namespace strom {

class ws_pacing {
public:
  explicit ws_pacing(size_t pause_bytes) : pause_bytes_(pause_bytes) {}

  // Set before the consumer is asked for anything, read by its handlers.
  void set_consumer(caf::actor consumer) { consumer_ = std::move(consumer); }
  const caf::actor& consumer() const { return consumer_; }

  // The consumer's thread: `bytes` pushed; true when this push should pause it.
  bool arrived(size_t bytes) {
    inbound_ += bytes;
    return over() && !paused_.exchange(true);
  }
  // The strand: pushed bytes taken into the queue, or written out of it.
  void taken(size_t bytes) { inbound_ -= bytes; }
  void queued(size_t bytes) { queued_ += bytes; }
  void written(size_t bytes) { queued_ -= bytes; }
  // The strand: whether to pause (again: a new assignment) or resume now.
  bool should_pause() { return over() && !paused_.exchange(true); }
  bool should_resume() {
    return inbound_ + queued_ < pause_bytes_ / 2 && paused_.exchange(false);
  }
  bool paused() const { return paused_; }
  // The consumer's thread: whether it may push more now. When not, a pause
  // is due or under way, so a resume follows once the client took most.
  bool has_room() const { return !over(); }

private:
  bool over() const { return inbound_ + queued_ > pause_bytes_; }

  const size_t pause_bytes_;
  caf::actor consumer_;
  std::atomic<size_t> inbound_{0};
  std::atomic<size_t> queued_{0};
  std::atomic<bool> paused_{false};
};

} // namespace strom
