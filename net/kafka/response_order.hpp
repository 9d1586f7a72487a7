#pragma once
// Kafka answers the requests of one connection in the order they came,
// whatever order they finish in (clients pipeline; librdkafka keeps up to
// five in flight). Each request takes a slot when it is read; its answer
// (or, for acks=0 Produce, the note that there is none) fills the slot;
// answers leave from the front only.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace strom::kafka {

class response_order {
public:
  using slot = uint64_t;

  slot open();
  // The framed response of `s`; an empty string sends nothing (acks=0).
  void answer(slot s, std::string bytes);
  // Every answer at the front that is ready, in order.
  std::string take_ready();
  size_t in_flight() const { return pending_.size(); }

private:
  slot first_ = 0; // the slot of pending_.front()
  std::deque<std::optional<std::string>> pending_;
};

} // namespace strom::kafka
