// Sealing batches on time: a partition's batch goes when it is full, when
// its oldest record has lingered linger_ms, or at once while a flush waits;
// never while that partition has max_in_flight batches in flight.

#include <algorithm>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_internal.hpp"

namespace strom::producer_detail {

namespace {

// Records are checked for expiry at least this often while any are
// outstanding, even when no batch is due.
constexpr std::chrono::milliseconds housekeeping_interval_ms{250};

void expire_unresolved(producer_ptr self, client_clock::time_point deadline) {
  auto& st = self->state;
  for (auto& [topic, records] : st.unresolved) {
    auto first_kept = std::find_if(records.begin(), records.end(),
                                   [&](const auto& r) { return r.enqueued >= deadline; });
    std::vector<uint64_t> tokens;
    for (auto it = records.begin(); it != first_kept; ++it)
      tokens.push_back(it->token);
    records.erase(records.begin(), first_kept);
    for (auto token : tokens)
      report_failure(self, topic, partition_id{-1}, token, delivery_timed_out(st.config));
  }
}

void expire(producer_ptr self, client_clock::time_point now) {
  auto& st = self->state;
  auto deadline = now - st.config.delivery_timeout_ms;
  expire_unresolved(self, deadline);
  for (auto& [key, slot] : st.partitions)
    for (auto& r : slot.batcher.expire(deadline))
      report_failure(self, slot.topic, slot.partition, r.token, delivery_timed_out(st.config));
}

// Seals and sends the slot's next batch; refused records are reported.
// False when nothing was sealed.
bool seal_and_send(producer_ptr self, partition_slot& slot, const batcher_limits& limits) {
  auto& st = self->state;
  for (;;) {
    auto outcome = slot.batcher.seal(limits);
    if (auto* refused = std::get_if<refused_record>(&outcome)) {
      report_failure(self, slot.topic, slot.partition, refused->record.token,
                     make_error(refused->reason));
      continue;
    }
    auto* sealed = std::get_if<sealed_batch*>(&outcome);
    if (!sealed)
      return false;
    if (auto meta = st.cluster->cache().topic(slot.topic))
      st.chooser->on_new_batch(slot.topic, partitions_of(*meta), slot.partition);
    send_batch(self, slot, **sealed);
    return true;
  }
}

void arm_timer(producer_ptr self, std::optional<client_clock::time_point> at,
               client_clock::time_point now) {
  auto& st = self->state;
  if (!st.outstanding.empty()) {
    auto housekeeping = now + housekeeping_interval_ms;
    at = at ? std::min(*at, housekeeping) : housekeeping;
  }
  if (!at || (st.timer_at && *st.timer_at <= *at))
    return;
  st.timer_at = at;
  auto delay = std::chrono::duration_cast<std::chrono::microseconds>(*at - now);
  self->delayed_send(self, std::max(delay, std::chrono::microseconds{0}), linger_atom::value,
                     ++st.timer_generation);
}

} // namespace

caf::error delivery_timed_out(const producer_config& config) {
  return make_error(errc::timeout, "not delivered within delivery_timeout_ms " +
                                     std::to_string(config.delivery_timeout_ms.count()));
}

batcher_limits limits_of(producer_ptr self, const std::string& topic) {
  auto& st = self->state;
  batcher_limits limits{st.config.batch_bytes_max, st.config.linger_ms,
                        std::max<size_t>(1, st.config.max_in_flight), st.config.batch_fill_bytes,
                        st.config.compression};
  if (auto meta = st.cluster->cache().topic(topic); meta && meta->config.batch_bytes_max > 0)
    limits.batch_bytes_max =
      std::min(limits.batch_bytes_max, static_cast<size_t>(meta->config.batch_bytes_max));
  return limits;
}

void pump(producer_ptr self) {
  auto& st = self->state;
  auto now = client_clock::now();
  expire(self, now);
  std::optional<client_clock::time_point> next;
  // An idempotent producer sends nothing before it has its id.
  bool can_send = !st.config.idempotence || st.id.has_value();
  bool flushing = !st.flushes.empty();
  for (auto& [key, slot] : st.partitions) {
    auto limits = limits_of(self, slot.topic);
    for (;;) {
      auto due = slot.batcher.due(limits, flushing);
      if (!due || !can_send)
        break;
      if (*due > now) {
        next = next ? std::min(*next, *due) : *due;
        break;
      }
      if (!seal_and_send(self, slot, limits))
        break;
    }
  }
  arm_timer(self, next, now);
}

} // namespace strom::producer_detail
