#include "net/client/consumer_actor.hpp"

#include <caf/event_based_actor.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/consumer_internal.hpp"

namespace strom {

using namespace consumer_detail;

namespace {

constexpr std::chrono::milliseconds tick_interval_ms{50};
// After a failed join or heartbeat, before the next.
constexpr std::chrono::milliseconds rejoin_backoff_ms{200};

// A commit's outcome as the answer to the request that asked for it.
std::function<void(caf::error)> answer_commit(caf::response_promise promise) {
  return [promise](caf::error err) mutable {
    if (err)
      promise.deliver(std::move(err));
    else
      promise.deliver(caf::unit);
  };
}

// The cache has taken the reply in (metadata_client).
void on_metadata(consumer_ptr self) {
  auto& st = self->state;
  st.metadata_in_flight = false;
  st.metadata_stale = false;
  reconcile(self);
}

void subscribe_topics(consumer_ptr self, std::vector<std::string>& topics) {
  auto& st = self->state;
  st.topics = {topics.begin(), topics.end()};
  st.metadata_stale = true;
  st.membership.rejoin();
  reconcile(self);
}

void assign_partitions(consumer_ptr self, std::vector<topic_partition>& partitions) {
  auto& st = self->state;
  std::vector<topic_partition> gone;
  for (const auto& [tp, p] : st.owned)
    gone.push_back(tp);
  give_up(self, gone, rebalance_event::kind::revoked);
  take_assignment(self, partitions);
  st.metadata_stale = true;
  reconcile(self);
}

void seek(consumer_ptr self, const topic_partition& tp, int32_t kind, int64_t value) {
  auto it = self->state.owned.find(tp);
  if (it == self->state.owned.end())
    return;
  stop_partition(self, tp);
  auto& p = it->second;
  p.needs_committed = false;
  ++p.epoch;
  p.busy = false;
  switch (static_cast<seek_target::kind>(kind)) {
    case seek_target::kind::offset:
      p.position = p.start = record_offset{value};
      p.reset_spec.reset();
      break;
    case seek_target::kind::earliest: p.reset_spec = earliest_offset_spec; break;
    case seek_target::kind::latest: p.reset_spec = latest_offset_spec; break;
    case seek_target::kind::timestamp: p.reset_spec = value; break;
  }
  if (p.reset_spec) {
    p.position.reset();
    p.start.reset();
  }
  reconcile(self);
}

void set_paused(consumer_ptr self, const std::vector<topic_partition>& partitions, bool paused) {
  for (const auto& tp : partitions) {
    auto it = self->state.owned.find(tp);
    if (it == self->state.owned.end() || it->second.paused == paused)
      continue;
    stop_partition(self, tp);
    it->second.paused = paused;
    ++it->second.epoch; // what was in flight answers for the state before
    it->second.busy = false;
  }
  reconcile(self);
  if (!paused) {
    // A push handler that had no room takes what waited, from here on.
    self->state.push_held = false;
    serve_polls(self);
  }
}

caf::response_promise poll(consumer_ptr self, size_t max_records, int64_t wait_ms) {
  auto promise = self->make_response_promise();
  self->state.polls.push_back(
    {promise, max_records, consumer_clock::now() + std::chrono::milliseconds{wait_ms}});
  serve_polls(self);
  return promise;
}

// True when every owned partition's start is known (or it is paused): what
// the close commits then covers every partition this consumer was given,
// as Kafka's commits cover every assigned partition with a position.
bool positions_known(consumer_ptr self) {
  for (const auto& [tp, p] : self->state.owned)
    if (!p.position && !p.paused)
      return false;
  return true;
}

void close_now(consumer_ptr self, caf::response_promise promise);

// Waits (the lookups going on) until the positions are known or the
// request timeout passed, then closes.
void close_when_positions_known(consumer_ptr self, caf::response_promise promise,
                                consumer_clock::time_point deadline) {
  if (self->state.config.group_id.empty() || !self->state.config.enable_auto_commit
      || positions_known(self) || consumer_clock::now() >= deadline)
    return close_now(self, std::move(promise));
  reconcile(self);
  self->delayed_send(self, tick_interval_ms, close_atom::value, deadline.time_since_epoch().count());
  self->state.close_waiting = std::move(promise);
}

caf::response_promise close(consumer_ptr self) {
  auto promise = self->make_response_promise();
  close_when_positions_known(self, promise,
                             consumer_clock::now() + self->state.config.request_timeout_ms);
  return promise;
}

void close_now(consumer_ptr self, caf::response_promise promise) {
  auto& st = self->state;
  st.closing = true;
  auto finish = [self, promise]() mutable {
    promise.deliver(caf::unit);
    self->quit();
  };
  auto leave = [self, finish]() mutable {
    // A static member keeps its place for the session timeout, as Kafka's:
    // coming back in time costs no rebalance.
    const auto& c = self->state.config;
    if (c.group_id.empty() || self->state.topics.empty() || !c.group_instance_id.empty())
      return finish();
    leave_group(self, finish);
  };
  if (st.config.enable_auto_commit && !st.config.group_id.empty() && !st.owned.empty())
    commit_positions(self, {}, [leave](caf::error) mutable { leave(); });
  else
    leave();
}

} // namespace

namespace consumer_detail {

void refresh_metadata(consumer_ptr self) {
  auto& st = self->state;
  if (st.metadata_in_flight)
    return;
  st.metadata_in_flight = true;
  // All topics (__consumer_offsets too): one unknown topic must not hide
  // the others. A failure is asked again at the next reconcile.
  st.cluster->ask_metadata(
    {}, [self](const cluster_metadata&) { on_metadata(self); },
    [self](const caf::error&) { self->state.metadata_in_flight = false; });
}

void tell_listener(consumer_ptr self, rebalance_event::kind what,
                   std::vector<topic_partition> partitions) {
  auto& listener = self->state.config.on_rebalance;
  if (!listener || (partitions.empty() && what != rebalance_event::kind::assigned))
    return;
  std::vector<topic_partition> owned;
  for (const auto& [tp, p] : self->state.owned)
    owned.push_back(tp);
  listener(rebalance_event{what, self->state.membership.generation().value(),
                           std::move(partitions), std::move(owned)});
}

void reconcile(consumer_ptr self) {
  auto& st = self->state;
  if (st.closing)
    return;
  if (st.metadata_stale)
    refresh_metadata(self);
  if (!st.topics.empty())
    step_group(self);
  for (auto& [tp, p] : st.owned) {
    if (p.busy || p.paused)
      continue;
    if (!p.position)
      resolve_position(self, tp);
    else if (!p.subscribed_at)
      subscribe_partition(self, tp);
  }
  auto now = consumer_clock::now();
  if (st.config.enable_auto_commit && !st.config.group_id.empty() && now >= st.next_auto_commit) {
    st.next_auto_commit = now + st.config.auto_commit_interval_ms;
    if (!st.owned.empty())
      commit_positions(self, {}, [](caf::error) {});
  }
  serve_polls(self);
}

} // namespace consumer_detail

caf::behavior consumer_actor(consumer_ptr self, std::vector<endpoint> bootstrap,
                             consumer_config config) {
  auto& st = self->state;
  st.config = std::move(config);
  st.cluster = std::make_unique<metadata_client>(self, std::move(bootstrap),
                                                 st.config.request_timeout_ms);
  st.next_auto_commit = consumer_clock::now() + st.config.auto_commit_interval_ms;
  st.membership = consumer_membership{{st.config.session_timeout_ms.count(),
                                       st.config.heartbeat_interval_ms.count(),
                                       rejoin_backoff_ms.count()}};
  self->set_down_handler([self](caf::down_msg& down) {
    if (!self->state.cluster->pool().on_down(down))
      on_session_down(self, down);
  });
  self->send(self, tick_atom::value);
  return {
    [=](subscribe_topics_atom, std::vector<std::string>& topics) {
      subscribe_topics(self, topics);
    },
    [=](assign_atom, std::vector<topic_partition>& partitions) {
      assign_partitions(self, partitions);
    },
    [=](poll_atom, size_t max_records, int64_t wait_ms) {
      return poll(self, max_records, wait_ms);
    },
    [=](commit_atom) {
      auto promise = self->make_response_promise();
      commit_positions(self, {}, answer_commit(promise));
      return promise;
    },
    [=](commit_atom, const consumer_positions& offsets) {
      auto promise = self->make_response_promise();
      commit_offsets(self, offsets, answer_commit(promise));
      return promise;
    },
    [=](seek_atom, const topic_partition& tp, int32_t kind, int64_t value) {
      seek(self, tp, kind, value);
    },
    [=](pause_atom, const std::vector<topic_partition>& tps) { set_paused(self, tps, true); },
    [=](resume_atom, const std::vector<topic_partition>& tps) { set_paused(self, tps, false); },
    [=](assignment_atom) {
      std::vector<topic_partition> out;
      for (const auto& [tp, p] : self->state.owned)
        out.push_back(tp);
      return out;
    },
    [=](positions_atom) {
      consumer_positions out;
      for (const auto& [tp, p] : self->state.owned)
        if (p.position)
          out.emplace(tp, *p.position);
      return out;
    },
    [=](generation_atom) { return self->state.membership.generation().value(); },
    [=](buffered_atom) {
      uint64_t bytes = 0;
      for (const auto& chunk : self->state.buffer)
        bytes += chunk.bytes;
      return bytes;
    },
    [=](close_atom) { return close(self); },
    [=](close_atom, consumer_clock::rep deadline) {
      auto promise = std::exchange(self->state.close_waiting, caf::response_promise{});
      close_when_positions_known(
        self, std::move(promise),
        consumer_clock::time_point{consumer_clock::duration{deadline}});
    },
    [=](push_atom, pushed_records& pushed) { on_push(self, pushed); },
    [=](push_error_atom, const topic_partition& tp, const caf::error& err) {
      on_push_error(self, tp, err);
    },
    [=](tick_atom) {
      reconcile(self);
      self->delayed_send(self, tick_interval_ms, tick_atom::value);
    },
  };
}

} // namespace strom
