#include "net/client/producer_actor.hpp"

#include <chrono>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_internal.hpp"

namespace strom {

namespace producer_detail {

namespace {

int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

partition_slot& slot_of(producer_ptr self, const std::string& topic, partition_id p) {
  auto& st = self->state;
  topic_partition key{topic, p};
  auto it = st.partitions.find(key);
  if (it != st.partitions.end())
    return it->second;
  auto seed = static_cast<uint32_t>(st.config.seed + st.partitions.size());
  partition_slot slot{topic, p, partition_batcher{st.id, retry_backoff(st.config, seed)}};
  return st.partitions.emplace(std::move(key), std::move(slot)).first->second;
}

void accept(producer_ptr self, send_request& request, int64_t now_ms,
            client_clock::time_point now) {
  auto& st = self->state;
  auto token = st.outstanding.add(std::move(request.report));
  if (request.value.timestamp_ms == 0)
    request.value.timestamp_ms = now_ms;
  unresolved_record r{std::move(request), token, now};
  if (st.cluster->cache().topic(r.request.topic))
    return route(self, std::move(r));
  auto topic = r.request.topic;
  st.unresolved[topic].push_back(std::move(r));
  refresh(self, topic);
}

// Everything producer::send left since the last drain, in one turn: the
// clocks are read once for the lot.
void drain_inbox(producer_ptr self) {
  auto& st = self->state;
  if (!st.inbox)
    return;
  auto requests = st.inbox->take(std::move(st.inbox_spare));
  auto now_ms = unix_ms_now();
  auto now = client_clock::now();
  for (auto& r : requests)
    accept(self, r, now_ms, now);
  st.inbox_spare = std::move(requests);
}

} // namespace

void settle_flushes(producer_ptr self) {
  auto& st = self->state;
  // acks=0 batches are reported when sent; a flush still waits until their
  // leaders took them, so that an application that exits after flush()
  // does not leave them unsent in its process.
  if (st.unanswered_sends > 0)
    return;
  auto oldest = st.outstanding.oldest();
  for (auto it = st.flushes.begin(); it != st.flushes.end();) {
    if (it->first <= oldest) {
      it->second.deliver(caf::unit);
      it = st.flushes.erase(it);
    } else {
      ++it;
    }
  }
}

topic_partitions partitions_of(const topic_metadata& t) {
  topic_partitions out;
  out.partition_count = static_cast<int32_t>(t.partitions.size());
  for (const auto& p : t.partitions)
    if (p.leader.value() >= 0)
      out.available.push_back(p.partition);
  return out;
}

void route(producer_ptr self, unresolved_record r) {
  auto& st = self->state;
  const auto& topic = r.request.topic;
  const auto* meta = st.cluster->cache().topic(topic);
  std::optional<std::string_view> key;
  if (r.request.value.key)
    key = *r.request.value.key;
  if (!st.routing || st.routing->topic != topic || st.routing->version != st.cluster->cache().version())
    st.routing = routing_memo{topic, st.cluster->cache().version(), partitions_of(*meta)};
  auto p = st.chooser->partition({topic, key, r.request.partition}, st.routing->partitions);
  if (!p)
    return report_failure(self, topic, r.request.partition.value_or(partition_id{-1}), r.token,
                          make_error(p.error()));
  slot_of(self, topic, *p).batcher.push({std::move(r.request.value), r.token, r.enqueued});
}

void report(producer_ptr self, uint64_t token, const delivery_report& r) {
  auto& st = self->state;
  auto callback = st.outstanding.take(token);
  if (!callback)
    return;
  if (*callback)
    (*callback)(r);
  settle_flushes(self);
}

void report_failure(producer_ptr self, const std::string& topic, partition_id p,
                    uint64_t token, caf::error err) {
  report(self, token, delivery_report{topic, p, record_offset{-1}, -1, std::move(err)});
}

} // namespace producer_detail

caf::behavior producer_actor(caf::stateful_actor<producer_state>* self,
                             std::vector<endpoint> bootstrap, producer_config config) {
  return producer_actor_with_inbox(self, std::move(bootstrap), std::move(config), nullptr);
}

caf::behavior producer_actor_with_inbox(caf::stateful_actor<producer_state>* self,
                                        std::vector<endpoint> bootstrap, producer_config config,
                                        std::shared_ptr<send_inbox> inbox) {
  using namespace producer_detail;
  auto& st = self->state;
  st.inbox = std::move(inbox);
  st.cluster = std::make_unique<metadata_client>(self, std::move(bootstrap),
                                                 config.request_timeout_ms);
  st.chooser = std::make_unique<partitioner>(config.seed);
  st.backoff = retry_backoff(config, static_cast<uint32_t>(config.seed));
  st.config = std::move(config);
  self->set_down_handler(
    [=](const caf::down_msg& msg) { self->state.cluster->pool().on_down(msg); });
  self->set_default_handler(caf::drop);
  if (st.config.idempotence)
    ask_producer_id(self);
  return {
    [=](send_atom, send_request& request) {
      accept(self, request, unix_ms_now(), client_clock::now());
      pump(self);
    },
    [=](drain_atom) {
      drain_inbox(self);
      pump(self);
    },
    [=](flush_atom) {
      auto& st = self->state;
      auto promise = self->make_response_promise();
      drain_inbox(self);
      st.flushes.emplace_back(st.outstanding.next(), promise);
      settle_flushes(self);
      pump(self);
      return promise;
    },
    [=](linger_atom, uint64_t generation) {
      if (generation != self->state.timer_generation)
        return;
      self->state.timer_at.reset();
      pump(self);
    },
    [=](retry_atom, const std::string& topic, int32_t partition, uint64_t round) {
      auto it = self->state.partitions.find({topic, partition_id{partition}});
      if (it != self->state.partitions.end() && it->second.batcher.end_back_off(round))
        resend_all(self, it->second);
    },
    [=](producer_id_atom) { ask_producer_id(self); },
    [=](refresh_atom, const std::string& topic) {
      self->state.refreshing.erase(topic);
      refresh(self, topic);
    },
  };
}

} // namespace strom
