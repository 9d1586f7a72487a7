#include "actors/session/session.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"

namespace strom {

namespace {

void fetch(session_ptr self, const topic_partition& tp);

void note_member(session_ptr self, const member_ref& m) {
  if (!m.member.empty())
    self->state.members.emplace(m.group, m.member);
}

// The client is gone: end its memberships now (best effort; the session
// timeout is the fallback) and stop.
void on_client_down(session_ptr self, const caf::down_msg& down) {
  auto& st = self->state;
  if (down.source != st.settings.client.address())
    return;
  std::vector<member_ref> leaving;
  for (const auto& [group, member] : st.members)
    if (st.static_groups.count(group) == 0)
      leaving.push_back(member_ref{group, member, -1, {}});
  constexpr int32_t leave_rounds = 3;
  if (!leaving.empty())
    self->send(st.settings.broker, leave_group_atom::value, std::move(leaving), leave_rounds);
  spdlog::debug("session of client {} ends: {} membership(s) left", st.settings.client_id,
                st.members.size());
  st.members.clear();
  st.subscriptions.clear();
  self->quit();
}

void end_subscription(session_ptr self, const topic_partition& tp, const caf::error& why) {
  self->state.subscriptions.erase(tp);
  self->send(self->state.settings.client, push_error_atom::value, tp, why);
}

// Pushes what a fetch returned; false when there was nothing to push.
bool push(session_ptr self, const topic_partition& tp, session_subscription& sub,
          fetch_reply& reply) {
  if (reply.batches.empty())
    return false;
  auto last = read_batch_header(reply.batches.back());
  if (!last)
    return false;
  uint64_t bytes = 0;
  for (const auto& b : reply.batches)
    bytes += b.size();
  auto& credit = self->state.credit_bytes;
  credit -= std::min(credit, bytes);
  pushed_records out{tp, sub.next, std::move(reply.batches), reply.high_watermark,
                     last->next_offset()};
  sub.next = out.next_offset;
  self->send(self->state.settings.client, push_atom::value, std::move(out));
  return true;
}

void on_fetched(session_ptr self, const topic_partition& tp, uint64_t epoch, fetch_reply& reply) {
  auto it = self->state.subscriptions.find(tp);
  if (it == self->state.subscriptions.end() || it->second.epoch != epoch)
    return;
  it->second.fetching = false;
  push(self, tp, it->second, reply);
  fetch(self, tp);
}

void on_fetch_error(session_ptr self, const topic_partition& tp, uint64_t epoch,
                    const caf::error& err) {
  auto it = self->state.subscriptions.find(tp);
  if (it == self->state.subscriptions.end() || it->second.epoch != epoch)
    return;
  it->second.fetching = false;
  auto code = code_of(err);
  if (is_strom_error(err) && code != errc::timeout && code != errc::storage_busy) {
    end_subscription(self, tp, err); // not_leader, offset_out_of_range, ...
    return;
  }
  self->delayed_send(self, self->state.settings.retry_delay_ms, credit_atom::value, uint64_t{0});
}

void fetch(session_ptr self, const topic_partition& tp) {
  auto& st = self->state;
  auto it = st.subscriptions.find(tp);
  if (it == st.subscriptions.end() || it->second.fetching || st.credit_bytes == 0)
    return;
  auto& sub = it->second;
  sub.fetching = true;
  fetch_request request{sub.next, std::min(st.credit_bytes, st.settings.partition_fetch_bytes_max),
                        st.settings.fetch_wait_ms};
  auto epoch = sub.epoch;
  auto timeout = st.settings.request_timeout_ms + std::chrono::milliseconds{st.settings.fetch_wait_ms};
  self->request(st.settings.broker, timeout, fetch_atom::value, sub.group, request)
    .then([self, tp, epoch](fetch_reply& reply) { on_fetched(self, tp, epoch, reply); },
          [self, tp, epoch](caf::error& err) { on_fetch_error(self, tp, epoch, err); });
}

void fetch_all(session_ptr self) {
  std::vector<topic_partition> idle;
  for (const auto& [tp, sub] : self->state.subscriptions)
    if (!sub.fetching)
      idle.push_back(tp);
  for (const auto& tp : idle)
    fetch(self, tp);
}

void subscribe(session_ptr self, const std::vector<subscription_entry>& entries) {
  auto& st = self->state;
  for (const auto& e : entries) {
    auto& sub = st.subscriptions[e.partition];
    sub.group = e.group;
    sub.next = e.offset;
    sub.epoch = ++st.next_epoch;
    sub.fetching = false;
  }
  fetch_all(self);
}

} // namespace

session_actor::behavior_type session(session_ptr self, session_settings settings) {
  self->state.settings = std::move(settings);
  self->monitor(self->state.settings.client);
  self->set_down_handler([self](caf::down_msg& down) { on_client_down(self, down); });
  auto groups = self->state.settings.groups;
  return {
    [=](join_group_atom, const join_group_request& r) {
      if (!r.group_instance_id.empty())
        self->state.static_groups.insert(r.group);
      return self->delegate(groups, join_group_atom::value, r);
    },
    [=](sync_group_atom, const member_ref& m) {
      note_member(self, m);
      return self->delegate(groups, sync_group_atom::value, m);
    },
    [=](heartbeat_atom, const member_ref& m) {
      note_member(self, m);
      return self->delegate(groups, heartbeat_atom::value, m);
    },
    [=](leave_group_atom, const member_ref& m) {
      self->state.members.erase({m.group, m.member});
      return self->delegate(groups, leave_group_atom::value, m);
    },
    [=](commit_offsets_atom, const commit_offsets_request& r) {
      note_member(self, r.member);
      return self->delegate(groups, commit_offsets_atom::value, r);
    },
    [=](fetch_offsets_atom, const fetch_offsets_request& r) {
      return self->delegate(groups, fetch_offsets_atom::value, r);
    },
    [=](subscribe_atom, const std::vector<subscription_entry>& entries) {
      subscribe(self, entries);
    },
    [=](unsubscribe_atom, const std::vector<topic_partition>& partitions) {
      for (const auto& tp : partitions)
        self->state.subscriptions.erase(tp);
    },
    [=](credit_atom, uint64_t bytes) {
      self->state.credit_bytes += bytes;
      fetch_all(self);
    },
  };
}

} // namespace strom
