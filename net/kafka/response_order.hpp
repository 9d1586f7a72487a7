#pragma once
// Kafka answers the requests of one connection in the order they came,
// whatever order they finish in (clients pipeline; librdkafka keeps up to
// five in flight). Each request takes a slot when it is read; its answer
// (or, for acks=0 Produce, the note that there is none) fills the slot;
// answers leave from the front only. An answer is kept as the pieces it was
// made of (the frame's head, the body), which go to the socket one after
// another: a large Fetch answer is never copied to be joined.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace strom::kafka {

class response_order {
public:
  using slot = uint64_t;

  slot open();
  // The framed response of `s`, in pieces sent in order; none (or only
  // empty ones) sends nothing (acks=0).
  void answer(slot s, std::vector<std::string> pieces);
  // The pieces of every answer at the front that is ready, in order.
  std::vector<std::string> take_ready();
  size_t in_flight() const { return pending_.size(); }

private:
  slot first_ = 0; // the slot of pending_.front()
  std::deque<std::optional<std::vector<std::string>>> pending_;
};

} // namespace strom::kafka
