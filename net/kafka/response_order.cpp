#include "net/kafka/response_order.hpp"

namespace strom::kafka {

response_order::slot response_order::open() {
  pending_.emplace_back();
  return first_ + pending_.size() - 1;
}

void response_order::answer(slot s, std::vector<std::string> pieces) {
  if (s < first_ || s - first_ >= pending_.size())
    return; // an answer for a slot already gone: a bug upstream, not fatal
  pending_[s - first_] = std::move(pieces);
}

std::vector<std::string> response_order::take_ready() {
  std::vector<std::string> out;
  while (!pending_.empty() && pending_.front().has_value()) {
    for (auto& piece : *pending_.front())
      if (!piece.empty())
        out.push_back(std::move(piece));
    pending_.pop_front();
    ++first_;
  }
  return out;
}

} // namespace strom::kafka
