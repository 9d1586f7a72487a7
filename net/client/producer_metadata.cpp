// The producer's metadata (one topic per request, so that an unknown topic
// fails its own records only) and its idempotent producer id, both asked of
// any broker and retried with backoff.

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_internal.hpp"

namespace strom::producer_detail {

namespace {

// A topic with partitions whose leader the broker could not name is asked
// again this often: those partitions take no records until their leader is
// known (a new topic's, or a failed-over one's).
constexpr std::chrono::milliseconds leaderless_refresh_ms{500};

bool has_leaderless_partition(const producer_state& st, const std::string& topic) {
  const auto* meta = st.cache.topic(topic);
  return meta && partitions_of(*meta).available.size() < meta->partitions.size();
}

void resolve(producer_ptr self, const std::string& topic) {
  auto& st = self->state;
  auto it = st.unresolved.find(topic);
  if (it == st.unresolved.end())
    return;
  auto records = std::move(it->second);
  st.unresolved.erase(it);
  for (auto& r : records)
    route(self, std::move(r));
}

void on_metadata(producer_ptr self, const std::string& topic, const cluster_metadata& metadata) {
  auto& st = self->state;
  st.backoff.reset();
  st.cache.update(metadata);
  // The topic stays in `refreshing` until the timer asks again.
  if (has_leaderless_partition(st, topic))
    self->delayed_send(self, leaderless_refresh_ms, refresh_atom::value, topic);
  else
    st.refreshing.erase(topic);
  resolve(self, topic);
  pump(self);
}

// Records waiting for a topic no broker knows fail once they waited topic_wait_ms.
void fail_unknown(producer_ptr self, const std::string& topic, const caf::error& err) {
  auto& st = self->state;
  auto it = st.unresolved.find(topic);
  if (it == st.unresolved.end())
    return;
  auto deadline = client_clock::now() - st.config.topic_wait_ms;
  std::vector<uint64_t> failed;
  auto& records = it->second;
  while (!records.empty() && records.front().enqueued <= deadline) {
    failed.push_back(records.front().token);
    records.erase(records.begin());
  }
  if (records.empty())
    st.unresolved.erase(it);
  for (auto token : failed)
    report_failure(self, topic, partition_id{-1}, token, err);
}

void on_metadata_error(producer_ptr self, const std::string& topic, const caf::error& err,
                       const endpoint& e) {
  auto& st = self->state;
  if (lost_connection(err))
    st.pool->drop(e);
  if (code_of(err) == errc::unknown_topic)
    fail_unknown(self, topic, err);
  if (st.unresolved.count(topic) == 0) {
    st.refreshing.erase(topic);
    return;
  }
  // The topic stays in `refreshing` until the timer asks again.
  self->delayed_send(self, st.backoff.next(), refresh_atom::value, topic);
}

void on_producer_id_error(producer_ptr self, const caf::error& err, const endpoint& e) {
  auto& st = self->state;
  if (lost_connection(err))
    st.pool->drop(e);
  // Records wait meanwhile; delivery_timeout_ms bounds how long.
  self->delayed_send(self, st.backoff.next(), producer_id_atom::value);
}

void on_producer_id(producer_ptr self, int64_t id) {
  auto& st = self->state;
  st.producer_id = id;
  st.backoff.reset();
  for (auto& [key, slot] : st.partitions)
    slot.batcher.set_producer_id(id);
  pump(self);
}

} // namespace

endpoint next_endpoint(producer_ptr self) {
  auto& st = self->state;
  auto candidates = st.cache.brokers_to_ask(st.bootstrap);
  return candidates[st.next_bootstrap++ % candidates.size()];
}

void refresh(producer_ptr self, const std::string& topic) {
  auto& st = self->state;
  if (!st.refreshing.insert(topic).second)
    return;
  auto e = next_endpoint(self);
  st.pool->with(e, [=](caf::expected<broker_actor> broker) {
    if (!broker)
      return on_metadata_error(self, topic, broker.error(), e);
    self->request(*broker, self->state.config.request_timeout_ms, metadata_atom::value,
                  std::vector<std::string>{topic})
      .then([=](const cluster_metadata& metadata) { on_metadata(self, topic, metadata); },
            [=](caf::error& err) { on_metadata_error(self, topic, err, e); });
  });
}

void ask_producer_id(producer_ptr self) {
  auto e = next_endpoint(self);
  self->state.pool->with(e, [=](caf::expected<broker_actor> broker) {
    if (!broker)
      return on_producer_id_error(self, broker.error(), e);
    self->request(*broker, self->state.config.request_timeout_ms, producer_id_atom::value)
      .then([=](int64_t id) { on_producer_id(self, id); },
            [=](caf::error& err) { on_producer_id_error(self, err, e); });
  });
}

} // namespace strom::producer_detail
