// A partition's batch in flight: sent to the leader the metadata names,
// answered with its offsets, or retried with the same bytes (so the same
// sequences) after a retriable error, until delivery_timeout_ms.

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_internal.hpp"

namespace strom::producer_detail {

namespace {

// The slot, if its batch is still the one of this attempt.
partition_slot* current(producer_ptr self, const std::string& topic, partition_id p,
                        uint64_t attempt) {
  auto it = self->state.partitions.find({topic, p.value()});
  if (it == self->state.partitions.end() || it->second.attempt != attempt ||
      !it->second.batcher.in_flight())
    return nullptr;
  return &it->second;
}

// The batch is in the log at `reply`'s offsets; nothing when they are not
// known (acks=0, or a retry older than the partition remembers).
void delivered(producer_ptr self, partition_slot& slot, const std::optional<produce_reply>& reply) {
  auto batch = slot.batcher.complete();
  slot.backoff.reset();
  for (size_t i = 0; i < batch.tokens.size(); ++i) {
    delivery_report r{slot.topic, slot.partition, record_offset{-1}, batch.timestamps_ms[i], {}};
    if (reply && reply->base_offset.value() >= 0)
      r.offset = record_offset{reply->base_offset.value() + static_cast<int64_t>(i)};
    if (reply && reply->log_append_time_ms >= 0)
      r.timestamp_ms = reply->log_append_time_ms;
    report(self, batch.tokens[i], std::move(r));
  }
  pump(self);
}

void retry_later(producer_ptr self, partition_slot& slot) {
  auto& st = self->state;
  if (client_clock::now() - slot.batcher.flight().enqueued >= st.config.delivery_timeout_ms)
    return abandon_batch(self, slot,
                         make_error(errc::timeout,
                                    "not delivered within delivery_timeout_ms " +
                                      std::to_string(st.config.delivery_timeout_ms.count())));
  slot.backing_off = true;
  self->delayed_send(self, slot.backoff.next(), retry_atom::value, slot.topic,
                     slot.partition.value(), slot.attempt);
}

void on_batch_error(producer_ptr self, partition_slot& slot, const caf::error& err,
                    group_id group, node_id node, const endpoint& e) {
  auto& st = self->state;
  if (code_of(err) == errc::duplicate_sequence)
    return delivered(self, slot, std::nullopt);
  if (!is_retriable(err)) {
    abandon_batch(self, slot, err);
    return pump(self);
  }
  if (lost_connection(err))
    st.pool->drop(e);
  if (auto hint = leader_hint(err))
    st.cache.set_leader(group, *hint);
  else
    st.cache.forget_leader(group, node);
  refresh(self, slot.topic);
  retry_later(self, slot);
}

void produce_on(producer_ptr self, partition_slot& slot, const broker_actor& broker,
                group_id group, node_id node, const endpoint& e) {
  auto& st = self->state;
  produce_request request{slot.batcher.flight().bytes,
                          static_cast<int8_t>(st.config.required_acks)};
  if (st.config.required_acks == acks::none) {
    // Reported now, as Kafka's acks=0; the answer (or its failure) only
    // tells a flush that the batch left this process.
    ++st.unanswered_sends;
    auto answered = [self] {
      --self->state.unanswered_sends;
      settle_flushes(self);
    };
    self->request(broker, st.config.request_timeout_ms, produce_atom::value, group,
                  std::move(request))
      .then([answered](const produce_reply&) { answered(); },
            [answered](caf::error&) { answered(); });
    return delivered(self, slot, std::nullopt);
  }
  auto topic = slot.topic;
  auto p = slot.partition;
  auto attempt = slot.attempt;
  self->request(broker, st.config.request_timeout_ms, produce_atom::value, group,
                std::move(request))
    .then(
      [=](const produce_reply& reply) {
        if (auto s = current(self, topic, p, attempt)) {
          self->state.cache.set_leader(group, node);
          delivered(self, *s, reply);
        }
      },
      [=](caf::error& err) {
        if (auto s = current(self, topic, p, attempt))
          on_batch_error(self, *s, err, group, node, e);
      });
}

} // namespace

void send_batch(producer_ptr self, partition_slot& slot) {
  auto& st = self->state;
  auto attempt = ++slot.attempt;
  ++slot.batcher.flight().attempts;
  const auto* meta = st.cache.partition(slot.topic, slot.partition);
  auto node = st.cache.route(slot.topic, slot.partition);
  auto address = node ? st.cache.address(*node) : std::nullopt;
  if (!meta || !address) {
    refresh(self, slot.topic);
    return retry_later(self, slot);
  }
  auto e = endpoint_of(*address);
  auto group = meta->group;
  auto topic = slot.topic;
  auto p = slot.partition;
  st.pool->with(e, [=, n = *node](caf::expected<broker_actor> broker) {
    auto s = current(self, topic, p, attempt);
    if (!s)
      return;
    if (!broker)
      return on_batch_error(self, *s, broker.error(), group, n, e);
    produce_on(self, *s, *broker, group, n, e);
  });
}

void abandon_batch(producer_ptr self, partition_slot& slot, caf::error err) {
  auto batch = slot.batcher.abandon();
  slot.backoff.reset();
  for (auto token : batch.tokens)
    report_failure(self, slot.topic, slot.partition, token, err);
}

} // namespace strom::producer_detail
