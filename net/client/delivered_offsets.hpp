#pragma once
// What an application passed on, per partition, as the offsets a group
// commits: the next offset past the last record it delivered (Kafka's
// committed offset). For a consumer whose application, not poll(), decides
// what counts as delivered: a front door that wrote records to its client
// commits what it wrote, not what its consumer handed it. Pure.
//
//   delivered_offsets done;
//   for (auto& r : written) done.delivered(r);   // after each write
//   consumer commit of done.offsets(), when changed() since the last take

#include "net/client/consumer_config.hpp"

namespace strom {

class delivered_offsets {
public:
  void delivered(const consumer_record& r) {
    auto next = r.record.offset.next();
    auto& at = offsets_[topic_partition{r.topic, r.partition}];
    if (next > at) {
      at = next;
      changed_ = true;
    }
  }
  // The partition is no longer the application's to commit.
  void forget(const topic_partition& tp) { offsets_.erase(tp); }
  const consumer_positions& offsets() const { return offsets_; }
  // True once after something new was delivered.
  bool take_changed() { return std::exchange(changed_, false); }

private:
  consumer_positions offsets_;
  bool changed_ = false;
};

} // namespace strom
