#include "net/http/delivery_ledger.hpp"

namespace strom {

void delivery_ledger::written(size_t bytes,
                              std::optional<std::pair<topic_partition, record_offset>> record) {
  pending_.push_back(message{bytes + frame_header_bytes_min, std::move(record)});
}

bool delivery_ledger::confirm(size_t unacked_bytes) {
  // From the newest message back: the first one followed by at least the
  // unacknowledged bytes arrived, and so did everything before it.
  size_t after = 0;
  size_t received = pending_.size();
  while (received > 0 && after < unacked_bytes) {
    --received;
    after += pending_[received].bytes;
  }
  if (after < unacked_bytes || received == 0)
    return false;
  bool changed = false;
  for (size_t i = 0; i < received; ++i) {
    if (const auto& r = pending_.front().record) {
      confirmed_[r->first] = r->second.next();
      changed = true;
    }
    pending_.pop_front();
  }
  return changed;
}

void delivery_ledger::forget(const topic_partition& tp) {
  confirmed_.erase(tp);
  for (auto& m : pending_)
    if (m.record && m.record->first == tp)
      m.record.reset();
}

} // namespace strom
