#pragma once
// The producer's records not yet reported, by token. Tokens are handed out
// in ascending order and mostly reported close to that order, so a deque
// indexed from the oldest token does what a map did without a node per
// record. Pure.

#include <cstdint>
#include <deque>
#include <optional>

#include "net/client/producer_config.hpp"

namespace strom {

class pending_reports {
public:
  // The new record's token.
  uint64_t add(delivery_callback on_delivery);
  // The record's callback, once: nullopt when it was reported before (or
  // never added).
  std::optional<delivery_callback> take(uint64_t token);

  bool empty() const { return unreported_ == 0; }
  size_t size() const { return unreported_; }
  // The oldest unreported token; the next token to be given when none is.
  uint64_t oldest() const { return first_token_; }
  uint64_t next() const { return first_token_ + slots_.size(); }

private:
  // slots_[i] is token first_token_ + i; nullopt once reported. The front
  // is never a reported one.
  std::deque<std::optional<delivery_callback>> slots_;
  uint64_t first_token_ = 1;
  size_t unreported_ = 0;
};

} // namespace strom
