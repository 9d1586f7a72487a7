#include "net/client/pending_reports.hpp"

namespace strom {

uint64_t pending_reports::add(delivery_callback on_delivery) {
  slots_.emplace_back(std::move(on_delivery));
  ++unreported_;
  return first_token_ + slots_.size() - 1;
}

std::optional<delivery_callback> pending_reports::take(uint64_t token) {
  if (token < first_token_ || token - first_token_ >= slots_.size())
    return std::nullopt;
  auto& slot = slots_[token - first_token_];
  if (!slot)
    return std::nullopt;
  auto out = std::move(slot);
  slot.reset();
  --unreported_;
  while (!slots_.empty() && !slots_.front()) {
    slots_.pop_front();
    ++first_token_;
  }
  return out;
}

} // namespace strom
