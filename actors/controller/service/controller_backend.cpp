// The controller's backend: every committed command applied to this node's
// table (from the local controller replica, or as the leader sends them to
// nodes that hold none: controller_metadata_feed.cpp), this node's partition replicas started
// and stopped to match it, and which groups this node leads told to every
// other node (leader_table merges what they tell).

#include <caf/actor_cast.hpp>
#include <spdlog/spdlog.h>

#include "actors/controller/service/controller_internal.hpp"
#include "actors/controller/service/controller_machine.hpp"

namespace strom::controller_detail {

namespace {

// Proposers look their outcome up right after the apply: a few hundred is
// far more than can be in flight.
constexpr size_t outcomes_kept_max = 512;
// The led groups go to every peer again this often, in liveness ticks (about
// 5 s with the default 500 ms).
constexpr int leaders_push_every_ticks = 10;

// --- this node's partition replicas ------------------------------------------

replica_actor spawn_partition(self_ptr self, const placed_partition& p) {
  auto& st = self->state;
  const auto* topic = st.table.find_topic(p.topic);
  auto machine = std::make_shared<partition_machine>(
    topic != nullptr ? partition_settings_for(topic->config) : partition_settings{});
  replica_settings s;
  s.group = p.assignment.group;
  s.self = self_id(self);
  s.initial_voters = p.assignment.replicas;
  s.preferred_leader = p.assignment.preferred_leader();
  s.environment = st.settings.environment;
  s.writer = st.settings.writer;
  s.router = caf::actor_cast<raft_router_actor>(st.settings.broker);
  s.machine = machine;
  s.partition = machine;
  s.observer = caf::actor_cast<controller_service_actor>(self);
  s.timing = st.settings.timing;
  s.seed = static_cast<uint64_t>(self_id(self).value()) * 1000003u +
           static_cast<uint64_t>(s.group.value());
  s.metrics_topic = p.topic;
  s.metrics_partition = p.assignment.partition.value();
  auto actor = self->spawn<caf::linked>(replica, std::move(s));
  configure_partition(self, p.assignment.group, actor);
  self->send(st.settings.broker, register_atom::value, p.assignment.group, actor);
  if (p.topic == offsets_topic_name)
    st.offsets_groups[p.assignment.group] = p.assignment.partition;
  return actor;
}

void stop_partition(self_ptr self, group_id group, replica_actor& actor) {
  auto& st = self->state;
  self->send(st.settings.broker, register_atom::value, group, replica_actor{});
  self->send_exit(actor, caf::exit_reason::user_shutdown);
  st.leaders.erase(group);
  forget_partition_config(self, group);
  if (auto it = st.offsets_groups.find(group); it != st.offsets_groups.end()) {
    if (st.settings.groups)
      self->send(st.settings.groups, coordinator_atom::value, it->second, replica_actor{}, false);
    st.offsets_groups.erase(it);
  }
  // The topic is gone for good (group ids are never reused): drop its log.
  storage::write_request drop{};
  drop.group = group;
  drop.truncate_from = raft_index{0};
  auto submitted = st.settings.writer->submit(std::move(drop), [group](auto outcome) {
    if (!outcome)
      spdlog::warn("dropping the log of group {}: {}", group.value(),
                   outcome.error().describe());
  });
  if (!submitted)
    spdlog::warn("dropping the log of group {}: {}", group.value(), submitted.error().describe());
}

// Runs exactly the replicas the table places on this node.
void reconcile(self_ptr self) {
  auto& st = self->state;
  std::map<group_id, placed_partition> wanted;
  for (auto& p : st.table.partitions_on(self_id(self)))
    wanted.emplace(p.assignment.group, std::move(p));
  for (auto it = st.partitions.begin(); it != st.partitions.end();) {
    if (wanted.count(it->first) != 0) {
      ++it;
      continue;
    }
    spdlog::info("stopping the replica of group {}", it->first.value());
    stop_partition(self, it->first, it->second);
    it = st.partitions.erase(it);
  }
  for (const auto& [group, p] : wanted) {
    if (st.partitions.count(group) != 0)
      continue;
    spdlog::debug("starting the replica of {}/{} (group {})", p.topic,
                  p.assignment.partition.value(), group.value());
    st.partitions.emplace(group, spawn_partition(self, p));
  }
}

// The group service coordinates the groups of the partitions of
// __consumer_offsets whose local replica leads.
void tell_group_service(self_ptr self, group_id group, node_id leader) {
  auto& st = self->state;
  auto offsets = st.offsets_groups.find(group);
  auto replica = st.partitions.find(group);
  if (!st.settings.groups || offsets == st.offsets_groups.end() || replica == st.partitions.end())
    return;
  self->send(st.settings.groups, coordinator_atom::value, offsets->second, replica->second,
             leader == self_id(self));
}

// --- which groups this node leads, told to every other node -----------------

void push_leaders(self_ptr self, const broker_actor& peer,
                  const std::vector<leader_report>& reports) {
  if (!reports.empty())
    self->send(peer, leaders_push_atom::value, self_id(self), reports);
}

void push_leaders_to_all(self_ptr self, const std::vector<leader_report>& reports) {
  for (const auto& [node, peer] : self->state.peers)
    push_leaders(self, peer, reports);
}

} // namespace

result<apply_effect> take_command(self_ptr self, raft_index index, const std::string& bytes) {
  auto& st = self->state;
  auto outcome = st.table.apply(bytes);
  st.applied = index;
  if (outcome && (!outcome->created.empty() || !outcome->deleted.empty()))
    reconcile(self);
  if (outcome && !outcome->reconfigured.empty())
    configure_partitions(self);
  if (outcome && outcome->security_changed && st.settings.security)
    st.settings.security->publish(st.table.security());
  st.waiters.settle(st.table, table_waiters::clock::now());
  return outcome;
}

void take_table(self_ptr self, topic_table table) {
  auto& st = self->state;
  st.table = std::move(table);
  if (st.settings.security)
    st.settings.security->publish(st.table.security());
  reconcile(self);
  configure_partitions(self);
  st.waiters.settle(st.table, table_waiters::clock::now());
}

void on_applied(self_ptr self, raft_index index, const std::string& bytes) {
  auto& st = self->state;
  auto previous = st.applied;
  st.outcomes.emplace(index, take_command(self, index, bytes));
  while (st.outcomes.size() > outcomes_kept_max)
    st.outcomes.erase(st.outcomes.begin());
  send_delta(self, previous, index, bytes);
}

// Every few ticks the whole list goes again, so that a report lost with a
// connection is made good without waiting for the next election.
void push_leaders_on_tick(self_ptr self) {
  auto& st = self->state;
  if (++st.ticks_since_leaders_push < leaders_push_every_ticks)
    return;
  st.ticks_since_leaders_push = 0;
  push_leaders_to_all(self, st.leaders.led_by(self_id(self)));
}

void on_leader(self_ptr self, group_id group, node_id leader, term_id term) {
  auto& st = self->state;
  st.leaders.observe_local(group, leader, term);
  if (leader == self_id(self))
    push_leaders_to_all(self, {leader_report{group, leader, term}});
  if (group != controller_group) {
    tell_group_service(self, group, leader);
    return;
  }
  spdlog::info("controller leader is node {} (term {})", leader.value(), term.value());
  check_liveness(self);
  push_table(self);
}

void on_peer_up(self_ptr self, node_id peer, broker_actor& remote) {
  push_leaders(self, remote, self->state.leaders.led_by(self_id(self)));
  self->state.peers[peer] = std::move(remote);
  if (leads_controller(self))
    push_to(self, peer);
}

void on_peer_down(self_ptr self, node_id peer) {
  self->state.peers.erase(peer);
  self->state.leaders.forget(peer);
}

} // namespace strom::controller_detail
