// The consumer's sessions, its subscriptions at partition leaders, the
// records they push and the credit granted back as the application polls.

#include <algorithm>
#include <cstdint>

#include "messages/error_category.hpp"
#include "net/client/consumer_internal.hpp"

namespace strom::consumer_detail {

namespace {

void grant(consumer_ptr self, node_id node, uint64_t bytes) {
  auto it = self->state.sessions.find(node);
  if (it != self->state.sessions.end() && bytes > 0)
    self->send(it->second, credit_atom::value, bytes);
}

void open_session(consumer_ptr self, node_id node) {
  auto& st = self->state;
  auto address = st.cluster->cache().address(node);
  if (!address) {
    st.metadata_stale = true;
    return;
  }
  st.opening.insert(node);
  auto e = endpoint_of(*address);
  st.cluster->pool().with(e, [self, node, e](caf::expected<broker_actor> broker) {
    auto failed = [self, node, e](const caf::error& err) {
      trace(self, "no session at node {}: {}", node.value(), describe(err));
      self->state.opening.erase(node);
      self->state.cluster->pool().drop(e);
      self->state.metadata_stale = true;
    };
    if (!broker)
      return failed(broker.error());
    auto sink = caf::actor_cast<consumer_sink_actor>(self);
    self->request(*broker, self->state.config.request_timeout_ms, open_session_atom::value, sink,
                  self->state.config.client_id)
      .then(
        [self, node](session_actor& session) {
          auto& st = self->state;
          st.opening.erase(node);
          trace(self, "session at node {} opened", node.value());
          self->monitor(session);
          st.sessions[node] = session;
          self->send(session, credit_atom::value, st.config.credit_bytes);
          reconcile(self);
        },
        failed);
  });
}

// Drops buffered records of the partition, granting their bytes back.
void discard(consumer_ptr self, const topic_partition& tp) {
  auto& buffer = self->state.buffer;
  for (auto it = buffer.begin(); it != buffer.end();) {
    if (it->partition != tp) {
      ++it;
      continue;
    }
    grant(self, it->node, it->bytes);
    it = buffer.erase(it);
  }
}

std::optional<node_id> sender_node(consumer_ptr self) {
  auto sender = self->current_sender();
  for (const auto& [node, session] : self->state.sessions)
    if (caf::actor_cast<caf::strong_actor_ptr>(session) == sender)
      return node;
  return std::nullopt;
}

size_t key_value_bytes(const stored_record& r) {
  return (r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0);
}

// Takes records of the front chunks for one poll or push: at most
// max_records, and no more once max_bytes of keys and values are taken.
std::vector<consumer_record> take(consumer_ptr self, size_t max_records,
                                  size_t max_bytes = SIZE_MAX) {
  auto& st = self->state;
  std::vector<consumer_record> out;
  size_t bytes = 0;
  auto room = [&] { return out.size() < max_records && bytes < max_bytes; };
  while (!st.buffer.empty() && room()) {
    auto& chunk = st.buffer.front();
    auto owned = st.owned.find(chunk.partition);
    while (chunk.next < chunk.records.size() && room()) {
      auto& r = chunk.records[chunk.next++];
      if (owned == st.owned.end() || owned->second.paused || !owned->second.position
          || r.offset < *owned->second.position)
        continue;
      owned->second.position = r.offset.next();
      bytes += key_value_bytes(r);
      out.push_back({chunk.partition.topic, chunk.partition.partition, std::move(r)});
    }
    if (chunk.next < chunk.records.size())
      break;
    grant(self, chunk.node, chunk.bytes);
    st.buffer.pop_front();
  }
  return out;
}

} // namespace

std::optional<session_actor> session_at(consumer_ptr self, node_id node) {
  auto& st = self->state;
  if (auto it = st.sessions.find(node); it != st.sessions.end())
    return it->second;
  if (st.opening.count(node) == 0)
    open_session(self, node);
  return std::nullopt;
}

void on_session_down(consumer_ptr self, const caf::down_msg& down) {
  auto& st = self->state;
  for (auto it = st.sessions.begin(); it != st.sessions.end(); ++it) {
    if (down.source != caf::actor_cast<caf::actor_addr>(it->second))
      continue;
    auto node = it->first;
    trace(self, "session at node {} down", node.value());
    st.sessions.erase(it);
    for (auto& [tp, p] : st.owned)
      if (p.subscribed_at == node)
        stop_partition(self, tp);
    st.metadata_stale = true;
    connection_lost(self, node);
    return;
  }
}

void subscribe_partition(consumer_ptr self, const topic_partition& tp) {
  auto& st = self->state;
  auto leader = st.cluster->cache().route(tp.topic, tp.partition);
  const auto* meta = st.cluster->cache().partition(tp.topic, tp.partition);
  if (!leader || meta == nullptr) {
    st.metadata_stale = true;
    return;
  }
  auto session = session_at(self, *leader);
  if (!session)
    return;
  auto& p = st.owned.at(tp);
  p.busy = true;
  p.fetch_position = *p.position;
  std::vector<subscription_entry> entries{{tp, meta->group, p.fetch_position}};
  auto node = *leader;
  auto epoch = p.epoch;
  // A seek while this is in flight makes it stale: the partition then
  // subscribes again from its new position, which replaces this one.
  auto current = [self, tp, epoch]() -> owned_partition* {
    auto it = self->state.owned.find(tp);
    return it == self->state.owned.end() || it->second.epoch != epoch ? nullptr : &it->second;
  };
  self->request(*session, st.config.request_timeout_ms, subscribe_atom::value, std::move(entries))
    .then(
      [self, tp, current, node] {
        trace(self, "partition {} subscribed at node {}", tp.partition.value(), node.value());
        if (auto* p = current()) {
          p->busy = false;
          p->subscribed_at = node;
        }
      },
      [self, tp, current](caf::error& err) {
        trace(self, "partition {} not subscribed: {}", tp.partition.value(), describe(err));
        if (auto* p = current())
          p->busy = false;
        self->state.metadata_stale = true;
      });
}

void stop_partition(consumer_ptr self, const topic_partition& tp) {
  auto& st = self->state;
  auto it = st.owned.find(tp);
  if (it != st.owned.end() && it->second.subscribed_at) {
    if (auto s = st.sessions.find(*it->second.subscribed_at); s != st.sessions.end())
      self->request(s->second, st.config.request_timeout_ms, unsubscribe_atom::value,
                    std::vector<topic_partition>{tp})
        .then([] {}, [](caf::error&) {});
    it->second.subscribed_at.reset();
  }
  discard(self, tp);
}

void on_push(consumer_ptr self, pushed_records& pushed) {
  auto& st = self->state;
  auto node = sender_node(self);
  if (!node)
    return;
  uint64_t bytes = 0;
  for (const auto& b : pushed.batches)
    bytes += b.size();
  auto it = st.owned.find(pushed.partition);
  if (it == st.owned.end() || it->second.subscribed_at != node
      || pushed.from != it->second.fetch_position) {
    grant(self, *node, bytes); // stale: from before a seek, pause or move
    return;
  }
  pushed_chunk chunk{pushed.partition, *node, bytes, {}, 0};
  for (const auto& batch : pushed.batches) {
    auto records = decode_record_batch(batch);
    if (!records)
      continue; // the broker checked the CRC; a bad batch here is skipped, not fatal
    for (auto& r : *records)
      if (r.offset >= pushed.from)
        chunk.records.push_back(std::move(r));
  }
  it->second.fetch_position = pushed.next_offset;
  st.buffer.push_back(std::move(chunk));
  serve_polls(self);
}

void on_push_error(consumer_ptr self, const topic_partition& tp, const caf::error& err) {
  auto& st = self->state;
  auto it = st.owned.find(tp);
  if (it == st.owned.end())
    return;
  trace(self, "partition {} push ended: {}", tp.partition.value(), describe(err));
  it->second.subscribed_at.reset();
  if (code_of(err) == errc::offset_out_of_range) {
    discard(self, tp);
    it->second.position.reset();
    it->second.reset_spec = reset_spec_of(st.config);
  } else {
    // The leader moved, or the partition is gone: resubscribe from what
    // was polled, after fresh metadata.
    discard(self, tp);
    st.metadata_stale = true;
  }
}

void serve_polls(consumer_ptr self) {
  auto& st = self->state;
  check_lease(self); // nothing of a partition that may be another's now
  if (st.config.on_records && !st.push_held) {
    const auto& c = st.config;
    for (auto records = take(self, c.push_records_max, c.push_bytes_max); !records.empty();
         records = take(self, c.push_records_max, c.push_bytes_max))
      if (!c.on_records(records)) {
        st.push_held = true;
        break;
      }
  }
  auto now = consumer_clock::now();
  while (!st.polls.empty()) {
    auto& front = st.polls.front();
    auto records = take(self, front.max_records);
    if (records.empty() && now < front.deadline)
      return;
    front.promise.deliver(std::move(records));
    st.polls.erase(st.polls.begin());
  }
}

} // namespace strom::consumer_detail
