// The consumer's membership of its group: find the coordinator, join, sync,
// heartbeat, and rejoin when the group rebalances; eager members give up
// everything before they join, cooperative ones only what they lose.

#include <algorithm>

#include <spdlog/spdlog.h>

#include "actors/group/group_records.hpp"
#include "messages/error_category.hpp"
#include "net/client/consumer_internal.hpp"

namespace strom::consumer_detail {

namespace {

constexpr std::chrono::milliseconds rejoin_backoff_ms{200};

bool cooperative(const consumer_config& config) {
  return std::all_of(config.assignors.begin(), config.assignors.end(),
                     [](const std::string& a) { return a == "cooperative_sticky"; });
}

std::vector<topic_partition> owned_list(consumer_ptr self) {
  std::vector<topic_partition> out;
  for (const auto& [tp, p] : self->state.owned)
    out.push_back(tp);
  return out;
}

member_ref me(consumer_ptr self) {
  auto& st = self->state;
  return {st.config.group_id, st.member, st.generation};
}

// The consumer's membership in the debug log, as "consumer C group G: ...".
template <class... Ts>
void trace(consumer_ptr self, const char* format, const Ts&... xs) {
  if (!spdlog::should_log(spdlog::level::debug))
    return;
  auto& c = self->state.config;
  spdlog::debug("consumer {} group {}: {}", c.client_id, c.group_id, fmt::format(format, xs...));
}

// A failed request: what it says about the coordinator and the membership.
void on_group_error(consumer_ptr self, const caf::error& err) {
  auto& st = self->state;
  trace(self, "{} (member '{}', generation {})", describe(err), st.member, st.generation);
  st.phase = member_phase::idle;
  st.not_before = consumer_clock::now() + rejoin_backoff_ms;
  switch (code_of(err)) {
    case errc::unknown_member:
    case errc::illegal_generation:
    case errc::fenced_instance_id:
      // This member is no longer the group's: what it had went to others.
      give_up(self, owned_list(self), rebalance_event::kind::lost);
      st.lease.end();
      if (code_of(err) == errc::unknown_member)
        st.member.clear();
      st.generation = -1;
      break;
    case errc::rebalance_in_progress: st.not_before = consumer_clock::now(); break;
    default: st.metadata_stale = true; // find the coordinator again
  }
}

void on_synced(consumer_ptr self, const sync_group_reply& reply, int64_t sent_ms) {
  auto& st = self->state;
  trace(self, "synced generation {}: {} partitions", reply.generation, reply.assignment.size());
  st.lease.confirmed(sent_ms);
  st.phase = member_phase::stable;
  st.generation = reply.generation;
  st.next_heartbeat = consumer_clock::now() + st.config.heartbeat_interval_ms;
  std::set<topic_partition> wanted{reply.assignment.begin(), reply.assignment.end()};
  std::vector<topic_partition> lost;
  for (const auto& [tp, p] : st.owned)
    if (wanted.count(tp) == 0)
      lost.push_back(tp);
  // The next owner starts from the last commit: make it this member's last poll.
  if (st.config.enable_auto_commit && !lost.empty())
    commit_positions(self, lost, [](caf::error) {});
  give_up(self, lost, rebalance_event::kind::revoked);
  take_assignment(self, reply.assignment);
  reconcile(self);
}

// The join or sync sent under `epoch` was not given up since.
bool still_current(consumer_ptr self, uint64_t epoch) {
  return self->state.membership_epoch == epoch;
}

void sync(consumer_ptr self, session_actor session) {
  auto& st = self->state;
  st.phase = member_phase::syncing;
  st.membership_request = ++st.requests_sent;
  auto sent = lease_clock_ms();
  self->request(session, st.config.rebalance_timeout_ms + st.config.request_timeout_ms,
                sync_group_atom::value, me(self))
    .then(
      [self, sent, epoch = st.membership_epoch](const sync_group_reply& reply) {
        if (still_current(self, epoch))
          on_synced(self, reply, sent);
      },
      [self, epoch = st.membership_epoch](caf::error& err) {
        if (still_current(self, epoch))
          on_group_error(self, err);
      });
}

join_group_request join_request(consumer_ptr self) {
  auto& st = self->state;
  join_group_request r;
  r.group = st.config.group_id;
  r.member = st.member;
  r.group_instance_id = st.config.group_instance_id;
  r.client_id = st.config.client_id;
  r.session_timeout_ms = static_cast<int32_t>(st.config.session_timeout_ms.count());
  r.rebalance_timeout_ms = static_cast<int32_t>(st.config.rebalance_timeout_ms.count());
  r.protocols = st.config.assignors;
  r.subscription.assign(st.topics.begin(), st.topics.end());
  r.owned = owned_list(self);
  r.owned_generation = st.generation;
  return r;
}

void join(consumer_ptr self, session_actor session) {
  auto& st = self->state;
  st.phase = member_phase::joining;
  if (!cooperative(st.config)) {
    auto all = owned_list(self);
    if (st.config.enable_auto_commit && !all.empty())
      commit_positions(self, all, [](caf::error) {});
    give_up(self, all, rebalance_event::kind::revoked);
  }
  st.membership_request = ++st.requests_sent;
  auto sent = lease_clock_ms();
  self->request(session, st.config.rebalance_timeout_ms + st.config.request_timeout_ms,
                join_group_atom::value, join_request(self))
    .then(
      [self, session, sent, epoch = st.membership_epoch](const join_group_reply& reply) {
        if (!still_current(self, epoch))
          return;
        auto& st = self->state;
        trace(self, "joined as '{}', generation {}{}", reply.member, reply.generation,
              reply.member_id_required ? ", member id required" : "");
        st.member = reply.member;
        // A new member's id comes first: it joins again with it, and can
        // leave by it if it closes while the group forms.
        if (reply.member_id_required)
          return join(self, session);
        st.generation = reply.generation;
        st.lease.confirmed(sent);
        sync(self, session);
      },
      [self, epoch = st.membership_epoch](caf::error& err) {
        if (still_current(self, epoch))
          on_group_error(self, err);
      });
}

} // namespace

std::optional<node_id> coordinator(consumer_ptr self) {
  auto& st = self->state;
  const auto* offsets = st.cluster->cache().topic(offsets_topic_name);
  if (offsets == nullptr || offsets->partitions.empty())
    return std::nullopt;
  auto p = coordinator_partition(st.config.group_id,
                                 static_cast<int32_t>(offsets->partitions.size()));
  const auto* meta = st.cluster->cache().partition(offsets_topic_name, p);
  if (meta == nullptr || meta->leader.value() < 0)
    return std::nullopt;
  return meta->leader;
}

void step_group(consumer_ptr self) {
  auto& st = self->state;
  if (st.config.group_id.empty())
    return;
  auto now = consumer_clock::now();
  // A cooperative member keeps what it owns while it rejoins: its
  // heartbeats keep its lease meanwhile.
  bool keeps_partitions = st.phase != member_phase::idle && !st.owned.empty();
  if ((st.phase == member_phase::stable || keeps_partitions) && now >= st.next_heartbeat
      && !st.heartbeat_in_flight)
    heartbeat(self);
  if (st.phase != member_phase::idle || now < st.not_before)
    return;
  auto node = coordinator(self);
  if (!node) {
    st.metadata_stale = true;
    return;
  }
  if (auto session = session_at(self, *node)) {
    trace(self, "joining at node {} as '{}' (generation {})", node->value(), st.member,
          st.generation);
    join(self, *session);
  }
}

void heartbeat(consumer_ptr self) {
  auto& st = self->state;
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session)
    return;
  if (*node != st.heartbeat_node)
    trace(self, "heartbeats go to node {}", node->value());
  st.heartbeat_node = *node;
  st.heartbeat_in_flight = true;
  auto sent = lease_clock_ms();
  auto number = ++st.requests_sent;
  self->request(*session, st.config.request_timeout_ms, heartbeat_atom::value, me(self))
    .then(
      [self, sent] {
        auto& st = self->state;
        st.heartbeat_in_flight = false;
        st.next_heartbeat = consumer_clock::now() + st.config.heartbeat_interval_ms;
        st.lease.confirmed(sent);
      },
      [self, number](caf::error& err) {
        auto& st = self->state;
        st.heartbeat_in_flight = false;
        st.next_heartbeat = consumer_clock::now() + rejoin_backoff_ms;
        trace(self, "heartbeat: {}", describe(err));
        auto code = code_of(err);
        bool group_answer = code == errc::rebalance_in_progress || code == errc::unknown_member
                            || code == errc::illegal_generation
                            || code == errc::fenced_instance_id;
        if (!group_answer) {
          st.metadata_stale = true; // the coordinator moved or is loading
          return;
        }
        // A join or sync in flight, sent before this heartbeat on the same
        // path, is not (or no longer) the group's: give it up and rejoin
        // rather than wait for its timeout.
        if (st.phase != member_phase::stable) {
          if (st.membership_request > number)
            return; // sent after this heartbeat: its own answer decides
          ++st.membership_epoch;
        }
        on_group_error(self, err);
        // A rebalance: an eager member gives up everything now, not at the
        // next tick, so that it hands out no more of it.
        reconcile(self);
      });
}

int64_t lease_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(consumer_clock::now().time_since_epoch()).count();
}

void check_lease(consumer_ptr self) {
  auto& st = self->state;
  if (st.config.group_id.empty() || st.topics.empty() || st.owned.empty()
      || st.lease.held(lease_clock_ms()))
    return;
  // No answer confirmed the membership for a session timeout: the group
  // may have given these partitions to others already.
  trace(self, "lease ended: giving up {} partitions", st.owned.size());
  give_up(self, owned_list(self), rebalance_event::kind::lost);
  st.lease.end();
  if (st.phase == member_phase::stable) {
    st.phase = member_phase::idle;
    st.not_before = consumer_clock::now();
  }
}

void leave_group(consumer_ptr self, std::function<void()> done) {
  auto& st = self->state;
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session || st.member.empty())
    return done();
  self->request(*session, st.config.request_timeout_ms, leave_group_atom::value, me(self))
    .then([done] { done(); }, [done](caf::error&) { done(); });
}

void take_assignment(consumer_ptr self, const std::vector<topic_partition>& assignment) {
  auto& st = self->state;
  std::vector<topic_partition> added;
  for (const auto& tp : assignment) {
    if (st.owned.count(tp) != 0)
      continue;
    auto& p = st.owned[tp];
    p.needs_committed = !st.config.group_id.empty();
    if (!p.needs_committed)
      p.reset_spec = reset_spec_of(st.config);
    added.push_back(tp);
  }
  tell_listener(self, rebalance_event::kind::assigned, added);
}

void give_up(consumer_ptr self, const std::vector<topic_partition>& partitions,
             rebalance_event::kind why) {
  auto& st = self->state;
  for (const auto& tp : partitions) {
    stop_partition(self, tp);
    st.owned.erase(tp);
  }
  tell_listener(self, why, partitions);
}

} // namespace strom::consumer_detail
