// A partition's batches in flight: each sent to the leader the metadata
// names and answered with its offsets. After an error every batch in flight
// goes again, in order and with the same bytes (so the same sequences),
// after a backoff, until delivery_timeout_ms (partition_batcher.hpp).

#include "messages/error_category.hpp"
#include "messages/hop_trace.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_internal.hpp"

namespace strom::producer_detail {

namespace {

partition_slot* slot_named(producer_ptr self, const std::string& topic, partition_id p) {
  auto it = self->state.partitions.find({topic, p});
  return it == self->state.partitions.end() ? nullptr : &it->second;
}

// The slot, if the answer belongs to its current round of sends.
partition_slot* current(producer_ptr self, const std::string& topic, partition_id p,
                        uint64_t round) {
  auto* s = slot_named(self, topic, p);
  return s && s->batcher.answer_counts(round) ? s : nullptr;
}

// The batch is in the log at `reply`'s offsets; nothing when they are not
// known (acks=0, or a retry older than the partition remembers). A batch no
// longer in flight was reported before (a copy sent again answered too).
void delivered(producer_ptr self, partition_slot& slot, uint64_t batch_id,
               const std::optional<produce_reply>& reply) {
  auto batch = slot.batcher.complete(batch_id);
  if (!batch)
    return;
  // One report for the batch, its offset and timestamp set per record: the
  // topic is copied once per batch, not once per record.
  delivery_report r{slot.topic, slot.partition, record_offset{-1}, -1, {}};
  for (size_t i = 0; i < batch->tokens.size(); ++i) {
    r.timestamp_ms = batch->timestamps_ms[i];
    if (reply && reply->base_offset.value() >= 0)
      r.offset = record_offset{reply->base_offset.value() + static_cast<int64_t>(i)};
    if (reply && reply->log_append_time_ms >= 0)
      r.timestamp_ms = reply->log_append_time_ms;
    report(self, batch->tokens[i], r);
  }
  pump(self);
}

// Every batch in flight goes again after a backoff; answers to the sends
// before are ignored from now on, except that a success still counts.
void retry_later(producer_ptr self, partition_slot& slot) {
  auto pause = slot.batcher.back_off();
  self->delayed_send(self, pause, retry_atom::value, slot.topic, slot.partition.value(),
                     slot.batcher.round());
}

void on_batch_error(producer_ptr self, partition_slot& slot, uint64_t batch_id,
                    const caf::error& err, group_id group, node_id node, const endpoint& e) {
  auto& st = self->state;
  if (code_of(err) == errc::duplicate_sequence)
    return delivered(self, slot, batch_id, std::nullopt);
  if (!is_retriable(err) && slot.batcher.is_oldest(batch_id)) {
    abandon_batch(self, slot, err);
    return pump(self);
  }
  // A later batch's error may follow from an earlier one's (a gap in the
  // sequences): it is retried until it is the oldest.
  if (lost_connection(err))
    st.cluster->pool().drop(e);
  if (auto hint = leader_hint(err))
    st.cluster->cache().set_leader(group, *hint);
  else if (is_retriable(err))
    st.cluster->cache().forget_leader(group, node);
  refresh(self, slot.topic);
  retry_later(self, slot);
}

void produce_on(producer_ptr self, partition_slot& slot, sealed_batch& batch,
                const broker_actor& broker, group_id group, node_id node, const endpoint& e) {
  auto& st = self->state;
  produce_request request{batch.bytes, static_cast<int8_t>(st.config.required_acks)};
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
    return delivered(self, slot, batch.id, std::nullopt);
  }
  auto topic = slot.topic;
  auto p = slot.partition;
  auto round = slot.batcher.round();
  auto id = batch.id;
  hop_mark("client.send", group.value());
  self->request(broker, st.config.request_timeout_ms, produce_atom::value, group,
                std::move(request))
    .then(
      [=](const produce_reply& reply) {
        hop_mark("client.reply", group.value(), reply.base_offset.value());
        if (auto s = slot_named(self, topic, p)) {
          self->state.cluster->cache().set_leader(group, node);
          delivered(self, *s, id, reply);
        }
      },
      [=](caf::error& err) {
        if (auto s = current(self, topic, p, round))
          on_batch_error(self, *s, id, err, group, node, e);
      });
}

// Sends the batch to the partition's leader, when the pool has a
// connection to it.
void send_to_leader(producer_ptr self, partition_slot& slot, sealed_batch& batch) {
  auto& st = self->state;
  ++batch.attempts;
  const auto* meta = st.cluster->cache().partition(slot.topic, slot.partition);
  auto node = st.cluster->cache().route(slot.topic, slot.partition);
  auto address = node ? st.cluster->cache().address(*node) : std::nullopt;
  if (!meta || !address) {
    refresh(self, slot.topic);
    return retry_later(self, slot);
  }
  auto e = endpoint_of(*address);
  auto group = meta->group;
  auto topic = slot.topic;
  auto p = slot.partition;
  auto round = slot.batcher.round();
  auto id = batch.id;
  // The pool answers in the order asked, so batches leave in sealing order.
  st.cluster->pool().with(e, [=, n = *node](caf::expected<broker_actor> broker) {
    auto s = current(self, topic, p, round);
    if (!s)
      return;
    auto* b = s->batcher.find(id);
    if (!b)
      return;
    if (!broker)
      return on_batch_error(self, *s, id, broker.error(), group, n, e);
    produce_on(self, *s, *b, *broker, group, n, e);
  });
}

} // namespace

void send_batch(producer_ptr self, partition_slot& slot, sealed_batch& batch) {
  if (slot.batcher.sending())
    send_to_leader(self, slot, batch);
}

void resend_all(producer_ptr self, partition_slot& slot) {
  auto& st = self->state;
  const auto& flights = slot.batcher.flights();
  while (!flights.empty() &&
         client_clock::now() - flights.front().enqueued >= st.config.delivery_timeout_ms)
    abandon_batch(self, slot, delivery_timed_out(st.config));
  auto round = slot.batcher.round();
  for (auto id : slot.batcher.flight_ids()) {
    auto* b = slot.batcher.find(id);
    if (!slot.batcher.answer_counts(round) || !b)
      break;
    send_to_leader(self, slot, *b);
  }
  pump(self);
}

void abandon_batch(producer_ptr self, partition_slot& slot, caf::error err) {
  // The batches behind it were restamped, in a new round: they go again.
  auto batch = slot.batcher.abandon_front();
  for (auto token : batch.tokens)
    report_failure(self, slot.topic, slot.partition, token, err);
  if (slot.batcher.in_flight() > 0 && slot.batcher.sending())
    retry_later(self, slot);
}

} // namespace strom::producer_detail
