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
  const auto* meta = st.cluster->cache().topic(topic);
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

// The cache has taken the reply in (metadata_client).
void on_metadata(producer_ptr self, const std::string& topic) {
  auto& st = self->state;
  st.backoff.reset();
  // The topic stays in `refreshing` until the timer asks again.
  if (has_leaderless_partition(st, topic))
    self->delayed_send(self, leaderless_refresh_ms, refresh_atom::value, topic);
  else
    st.refreshing.erase(topic);
  resolve(self, topic);
  pump(self);
}

// Records waiting for the topic since `deadline` or before fail with `err`.
void fail_waiting(producer_ptr self, const std::string& topic, const caf::error& err,
                  client_clock::time_point deadline) {
  auto& st = self->state;
  auto it = st.unresolved.find(topic);
  if (it == st.unresolved.end())
    return;
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

void on_metadata_error(producer_ptr self, const std::string& topic, const caf::error& err) {
  auto& st = self->state;
  // A topic no broker knows fails what waited topic_wait_ms; a refusal
  // (the principal may not see the topic, or is nobody) fails all at once,
  // as no retry changes it.
  auto code = code_of(err);
  if (code == errc::unknown_topic)
    fail_waiting(self, topic, err, client_clock::now() - st.config.topic_wait_ms);
  else if (code == errc::unauthorized || code == errc::unauthenticated)
    fail_waiting(self, topic, err, client_clock::now());
  if (st.unresolved.count(topic) == 0) {
    st.refreshing.erase(topic);
    return;
  }
  // The topic stays in `refreshing` until the timer asks again.
  self->delayed_send(self, st.backoff.next(), refresh_atom::value, topic);
}

void on_producer_id_error(producer_ptr self) {
  auto& st = self->state;
  // Records wait meanwhile; delivery_timeout_ms bounds how long.
  self->delayed_send(self, st.backoff.next(), producer_id_atom::value);
}

// The controller answers -1 when it could not allocate one (its wire form
// of none): that is retried like an error.
void on_producer_id(producer_ptr self, int64_t answer) {
  auto& st = self->state;
  if (answer < 0)
    return on_producer_id_error(self);
  st.id = producer_id{answer};
  st.backoff.reset();
  for (auto& [key, slot] : st.partitions)
    slot.batcher.set_producer_id(*st.id);
  pump(self);
}

} // namespace

void refresh(producer_ptr self, const std::string& topic) {
  if (!self->state.refreshing.insert(topic).second)
    return;
  self->state.cluster->ask_metadata(
    {topic}, [=](const cluster_metadata&) { on_metadata(self, topic); },
    [=](const caf::error& err) { on_metadata_error(self, topic, err); });
}

void ask_producer_id(producer_ptr self) {
  self->state.cluster->ask<int64_t>([=](int64_t id) { on_producer_id(self, id); },
                                    [=](const caf::error&) { on_producer_id_error(self); },
                                    producer_id_atom::value);
}

} // namespace strom::producer_detail
