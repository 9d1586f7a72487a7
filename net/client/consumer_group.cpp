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
  return {st.config.group_id, st.membership.member().value(),
          st.membership.generation().value(), st.config.group_instance_id};
}

// A CAF error (a request timeout, a lost connection) is a coordinator
// that did not answer.
errc failure_code(const caf::error& err) {
  return is_strom_error(err) ? code_of(err) : errc::unreachable;
}

// What the membership asks after a failure, done.
void after(consumer_ptr self, const char* request, after_failure next, const caf::error& err) {
  auto& st = self->state;
  if (next == after_failure::nothing)
    return;
  trace(self, "{}: {}; now {} (member '{}', generation {})", request, describe(err),
        to_string(st.membership.phase()), st.membership.member().value(),
        st.membership.generation().value());
  switch (next) {
    case after_failure::lose_everything:
      // This member is no longer the group's: what it had went to others.
      give_up(self, owned_list(self), rebalance_event::kind::lost);
      break;
    case after_failure::find_coordinator: st.metadata_stale = true; break;
    case after_failure::rejoin:
    case after_failure::nothing: break;
  }
}

// The error handler of a join or sync: the membership decides, then after().
auto failed(consumer_ptr self, const char* request, membership_request sent) {
  return [self, request, sent](caf::error& err) {
    auto next = self->state.membership.on_failed(sent, failure_code(err), membership_clock_ms());
    after(self, request, next, err);
  };
}

void on_synced(consumer_ptr self, const sync_group_reply& reply) {
  auto& st = self->state;
  trace(self, "synced generation {}: {} partitions", reply.generation, reply.assignment.size());
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

void sync(consumer_ptr self, node_id node, session_actor session) {
  auto& st = self->state;
  auto sent = st.membership.sync_sent(membership_clock_ms(), node);
  self->request(session, st.config.rebalance_timeout_ms + st.config.request_timeout_ms,
                sync_group_atom::value, me(self))
    .then(
      [self, sent](const sync_group_reply& reply) {
        if (self->state.membership.on_synced(sent, generation_id{reply.generation},
                                             membership_clock_ms()))
          on_synced(self, reply);
      },
      failed(self, "sync", sent));
}

join_group_request join_request(consumer_ptr self) {
  auto& st = self->state;
  join_group_request r;
  r.group = st.config.group_id;
  r.member = st.membership.member().value();
  r.group_instance_id = st.config.group_instance_id;
  r.client_id = st.config.client_id;
  r.session_timeout_ms = static_cast<int32_t>(st.config.session_timeout_ms.count());
  r.rebalance_timeout_ms = static_cast<int32_t>(st.config.rebalance_timeout_ms.count());
  r.protocols = st.config.assignors;
  r.subscription.assign(st.topics.begin(), st.topics.end());
  r.owned = owned_list(self);
  r.owned_generation = st.membership.generation().value();
  return r;
}

void join(consumer_ptr self, node_id node, session_actor session) {
  auto& st = self->state;
  if (!cooperative(st.config)) {
    auto all = owned_list(self);
    if (st.config.enable_auto_commit && !all.empty())
      commit_positions(self, all, [](caf::error) {});
    give_up(self, all, rebalance_event::kind::revoked);
  }
  auto sent = st.membership.join_sent(membership_clock_ms(), node);
  self->request(session, st.config.rebalance_timeout_ms + st.config.request_timeout_ms,
                join_group_atom::value, join_request(self))
    .then(
      [self, node, session, sent](const join_group_reply& reply) {
        auto next = self->state.membership.on_joined(sent, member_id{reply.member},
                                                     generation_id{reply.generation},
                                                     reply.member_id_required);
        if (next == after_join::stale)
          return;
        trace(self, "joined as '{}', generation {}{}", reply.member, reply.generation,
              reply.member_id_required ? ", member id required" : "");
        if (next == after_join::join_again)
          join(self, node, session);
        else
          sync(self, node, session);
      },
      failed(self, "join", sent));
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
  auto now = membership_clock_ms();
  if (st.membership.heartbeat_due(now, !st.owned.empty()))
    heartbeat(self);
  if (!st.membership.may_join(now))
    return;
  auto node = coordinator(self);
  if (!node) {
    st.metadata_stale = true;
    return;
  }
  if (auto session = session_at(self, *node)) {
    trace(self, "joining at node {} as '{}' (generation {})", node->value(),
          st.membership.member().value(), st.membership.generation().value());
    join(self, *node, *session);
  }
}

void heartbeat(consumer_ptr self) {
  auto& st = self->state;
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session) {
    // No coordinator known (its node went away and the metadata says no
    // leader yet): ask again, or no heartbeat ever goes out and a join
    // parked at the lost coordinator is waited out to its timeout.
    st.metadata_stale = !node || st.metadata_stale;
    return;
  }
  if (*node != st.heartbeat_node)
    trace(self, "heartbeats go to node {}", node->value());
  st.heartbeat_node = *node;
  auto sent = st.membership.heartbeat_sent(membership_clock_ms(), *node);
  self->request(*session, st.config.request_timeout_ms, heartbeat_atom::value, me(self))
    .then([self, sent] { self->state.membership.on_heartbeat_ok(sent, membership_clock_ms()); },
          [self, sent](caf::error& err) {
            auto next = self->state.membership.on_heartbeat_failed(sent, failure_code(err),
                                                                   membership_clock_ms());
            after(self, "heartbeat", next, err);
            // A rebalance: an eager member gives up everything now, not at
            // the next tick, so that it hands out no more of it.
            if (next == after_failure::rejoin || next == after_failure::lose_everything)
              reconcile(self);
          });
}

void connection_lost(consumer_ptr self, node_id node) {
  auto next = self->state.membership.on_connection_lost(node, membership_clock_ms());
  after(self, "join or sync", next,
        make_error(errc::unreachable,
                   "the session at node " + std::to_string(node.value()) + " went down"));
}

int64_t membership_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(consumer_clock::now().time_since_epoch()).count();
}

void check_lease(consumer_ptr self) {
  auto& st = self->state;
  auto now = membership_clock_ms();
  if (st.config.group_id.empty() || st.topics.empty() || st.owned.empty()
      || st.membership.lease_held(now))
    return;
  // No answer confirmed the membership for a session timeout: the group
  // may have given these partitions to others already.
  trace(self, "lease ended: giving up {} partitions", st.owned.size());
  give_up(self, owned_list(self), rebalance_event::kind::lost);
  st.membership.lease_lost(now);
}

void leave_group(consumer_ptr self, std::function<void()> done) {
  auto& st = self->state;
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session || st.membership.member().value().empty())
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
