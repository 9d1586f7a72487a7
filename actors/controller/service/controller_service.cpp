#include "actors/controller/service/controller_service.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/controller/service/broker_liveness.hpp"
#include "actors/controller/service/controller_machine.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace {

using self_ptr = controller_service_ptr;
using effect_handler = std::function<void(result<apply_effect>)>;

// Proposers look their outcome up right after the apply: a few hundred is
// far more than can be in flight.
constexpr size_t outcomes_kept_max = 512;
// The led groups go to every peer again this often, in liveness ticks (about
// 5 s with the default 500 ms).
constexpr int leaders_push_every_ticks = 10;

node_id self_id(self_ptr self) {
  return self->state.settings.self.id;
}

bool leads_controller(self_ptr self) {
  auto& st = self->state;
  const auto& leaders = st.leaders.leaders();
  auto it = leaders.find(controller_group);
  return st.controller && it != leaders.end() && it->second.first == self_id(self);
}

// CAF's own errors (a timeout, a lost node) mean the controller did not answer.
strom::error from_caf(const caf::error& err) {
  if (auto plain = to_plain_error(err))
    return *plain;
  return {errc::no_controller, "the controller did not answer: " + describe(err)};
}

// --- the backend: partition replicas ----------------------------------------

replica_actor spawn_partition(self_ptr self, const placed_partition& p) {
  auto& st = self->state;
  const auto* topic = st.table.find_topic(p.topic);
  partition_settings ps;
  if (topic != nullptr)
    ps.limits.batch_bytes_max = static_cast<size_t>(topic->config.batch_bytes_max);
  auto machine = std::make_shared<partition_machine>(ps);
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
  auto actor = self->spawn<caf::linked>(replica, std::move(s));
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

// --- pushing the table to nodes without a controller replica ---------------

void push_to(self_ptr self, node_id node) {
  auto& st = self->state;
  auto it = st.peers.find(node);
  if (it != st.peers.end() && st.settings.controllers.count(node) == 0)
    self->send(it->second, metadata_push_atom::value, st.applied, st.table.snapshot());
}

void push_table(self_ptr self) {
  if (!leads_controller(self))
    return;
  for (const auto& node : self->state.settings.nodes)
    push_to(self, node.id);
}

void on_applied(self_ptr self, raft_index index, const std::string& bytes) {
  auto& st = self->state;
  auto outcome = st.table.apply(bytes);
  st.applied = index;
  st.outcomes.emplace(index, outcome);
  while (st.outcomes.size() > outcomes_kept_max)
    st.outcomes.erase(st.outcomes.begin());
  if (outcome && (!outcome->created.empty() || !outcome->deleted.empty()))
    reconcile(self);
  push_table(self);
  st.waiters.settle(st.table, table_waiters::clock::now());
}

void on_push(self_ptr self, raft_index index, const std::string& bytes) {
  auto& st = self->state;
  if (index != restored_snapshot_index && index <= st.applied)
    return;
  auto table = topic_table::restore(bytes);
  if (!table) {
    spdlog::error("metadata from the controller is damaged: {}", table.error().describe());
    return;
  }
  st.table = std::move(*table);
  if (index != restored_snapshot_index)
    st.applied = index;
  reconcile(self);
  st.waiters.settle(st.table, table_waiters::clock::now());
}

// --- the frontend -------------------------------------------------------------

// Proposes commands to group 0 (this node leads it) and reports the outcome
// of applying the last one.
void propose(self_ptr self, std::vector<controller_command> commands, effect_handler done) {
  auto& st = self->state;
  std::vector<std::string> payloads;
  for (const auto& c : commands)
    payloads.push_back(encode_command(c));
  self->request(st.controller, st.settings.request_timeout_ms, propose_atom::value,
                std::move(payloads))
    .then(
      [self, done](raft_index index) {
        auto& outcomes = self->state.outcomes;
        auto it = outcomes.find(index);
        if (it == outcomes.end())
          done(strom::error{errc::no_controller, "the command's outcome was not kept"});
        else
          done(it->second);
      },
      [done](caf::error& err) { done(from_caf(err)); });
}

// Validates, proposes, and once applied lets `answer(self, promise, effect)`
// deliver the reply.
template <class Reply, class Answer>
caf::result<Reply> run_command(self_ptr self, const controller_command& command, Answer answer) {
  if (auto ok = self->state.table.validate(command); !ok)
    return make_error(ok.error());
  auto promise = self->make_response_promise<Reply>();
  propose(self, {command}, [self, promise, answer](result<apply_effect> outcome) mutable {
    if (!outcome)
      promise.deliver(make_error(outcome.error()));
    else
      answer(self, promise, *outcome);
  });
  return promise;
}

// Where a request this node cannot run goes: the controller leader; from a
// node without a controller replica, any controller node that is up (it
// forwards once more). A controller node never forwards to a non-leader, so
// a request takes at most two hops.
std::optional<broker_actor> forward_target(self_ptr self) {
  auto& st = self->state;
  auto leader = st.leaders.leaders().find(controller_group);
  if (leader != st.leaders.leaders().end()) {
    if (auto it = st.peers.find(leader->second.first); it != st.peers.end())
      return it->second;
  }
  if (st.controller)
    return std::nullopt;
  for (const auto& [id, peer] : st.peers)
    if (st.settings.controllers.count(id) != 0)
      return peer;
  return std::nullopt;
}

// As forward(), and a success is answered once this node's own table is
// `ready` too (or a request timeout later): read your writes here.
template <class Reply, class... Ts>
caf::result<Reply> forward_until(self_ptr self, table_waiters::ready_fn ready, Ts... xs) {
  auto target = forward_target(self);
  if (!target)
    return make_error(errc::no_controller, "node " + std::to_string(self_id(self).value()) +
                                             " knows no controller leader it can reach");
  auto promise = self->make_response_promise<Reply>();
  self->request(*target, self->state.settings.request_timeout_ms, std::move(xs)...)
    .then(
      [self, promise, ready](Reply& value) mutable {
        auto answer = [promise, value]() mutable { promise.deliver(std::move(value)); };
        if (!ready)
          return answer();
        auto& st = self->state;
        st.waiters.add(st.table, ready, answer,
                       table_waiters::clock::now() + st.settings.request_timeout_ms);
      },
      [promise](caf::error& err) mutable {
        promise.deliver(is_strom_error(err) ? err : make_error(from_caf(err)));
      });
  return promise;
}

template <class Reply, class... Ts>
caf::result<Reply> forward(self_ptr self, Ts... xs) {
  return forward_until<Reply>(self, nullptr, std::move(xs)...);
}

using topic_promise = caf::typed_response_promise<topic_metadata>;

void deliver_topic(self_ptr self, topic_promise& promise, const std::string& name) {
  auto topic = self->state.table.describe_topic(name);
  if (!topic)
    promise.deliver(make_error(topic.error()));
  else
    promise.deliver(to_metadata(*topic, self->state.leaders.leaders()));
}

caf::result<topic_metadata> create_topic(self_ptr self, topic_spec& spec) {
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(spec.name, 1),
                                         create_topic_atom::value, spec);
  auto name = spec.name;
  return run_command<topic_metadata>(self, to_command(spec, self->state.settings.defaults),
                                     [name](self_ptr s, topic_promise& p, const apply_effect&) {
                                       deliver_topic(s, p, name);
                                     });
}

// Groups map onto partitions of __consumer_offsets by its partition count,
// and its records are the coordinators' own: no client changes it.
caf::error internal_topic_error(const std::string& name) {
  return make_error(errc::bad_request, "topic '" + name + "' is internal to strom");
}

caf::result<topic_metadata> add_partitions(self_ptr self, std::string& name, int32_t count) {
  if (name == offsets_topic_name)
    return internal_topic_error(name);
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(name, count),
                                         add_partitions_atom::value, name, count);
  return run_command<topic_metadata>(self, add_partitions_command{name, count},
                                     [name](self_ptr s, topic_promise& p, const apply_effect&) {
                                       deliver_topic(s, p, name);
                                     });
}

caf::result<topic_metadata> delete_topic(self_ptr self, std::string& name) {
  if (name == offsets_topic_name)
    return internal_topic_error(name);
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(name, 0),
                                         delete_topic_atom::value, name);
  auto before = self->state.table.describe_topic(name);
  if (!before)
    return make_error(before.error());
  auto gone = to_metadata(*before, self->state.leaders.leaders());
  return run_command<topic_metadata>(self, delete_topic_command{name},
                                     [gone](self_ptr, topic_promise& p, const apply_effect&) {
                                       p.deliver(gone);
                                     });
}

caf::result<int64_t> allocate_producer_id(self_ptr self) {
  if (!leads_controller(self))
    return forward<int64_t>(self, producer_id_atom::value);
  return run_command<int64_t>(self, allocate_producer_id_command{},
                              [](self_ptr, caf::typed_response_promise<int64_t>& p,
                                 const apply_effect& effect) {
                                p.deliver(effect.producer_id.value_or(int64_t{-1}));
                              });
}

caf::result<cluster_metadata> metadata(self_ptr self, const std::vector<std::string>& names) {
  auto& st = self->state;
  auto out = describe_cluster(st.table, names, st.leaders.leaders());
  if (!out)
    return make_error(out.error());
  out->controller_applied = st.applied;
  return std::move(*out);
}

// --- brokers' liveness (controller leader) ------------------------------------

// Creates __consumer_offsets once this node leads the controller and enough
// brokers are alive for its replication factor.
void ensure_offsets_topic(self_ptr self) {
  auto& st = self->state;
  if (!leads_controller(self) || st.offsets_topic_in_flight
      || st.table.find_topic(offsets_topic_name) != nullptr)
    return;
  auto live = static_cast<int32_t>(st.table.live_brokers().size());
  auto rf = std::min(st.settings.offsets_replication_factor,
                     static_cast<int32_t>(st.settings.nodes.size()));
  if (live < rf)
    return;
  topic_spec spec;
  spec.name = offsets_topic_name;
  spec.partitions = st.settings.offsets_partitions;
  spec.replication_factor = rf;
  // Kafka compacts this topic; strom keeps all of it rather than let
  // retention drop a group's only record.
  spec.retention_bytes = -1;
  spec.retention_ms = -1;
  auto command = to_command(spec, st.settings.defaults);
  if (!st.table.validate(command))
    return;
  st.offsets_topic_in_flight = true;
  propose(self, {command}, [self](result<apply_effect> outcome) {
    self->state.offsets_topic_in_flight = false;
    if (outcome)
      spdlog::info("created {}", offsets_topic_name);
    else
      spdlog::debug("creating {}: {}", offsets_topic_name, outcome.error().describe());
  });
}

void check_liveness(self_ptr self) {
  auto& st = self->state;
  ensure_offsets_topic(self);
  if (!leads_controller(self) || st.liveness_in_flight)
    return;
  std::set<node_id> up{self_id(self)};
  for (const auto& [id, peer] : st.peers)
    up.insert(id);
  auto commands = liveness_commands(st.table, st.settings.nodes, up);
  if (commands.empty())
    return;
  st.liveness_in_flight = true;
  propose(self, std::move(commands), [self](result<apply_effect> outcome) {
    self->state.liveness_in_flight = false;
    if (!outcome)
      spdlog::debug("broker liveness: {}", outcome.error().describe());
  });
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

// --- telling the other nodes which groups this one leads --------------------

void push_leaders(self_ptr self, const broker_actor& peer,
                  const std::vector<leader_report>& reports) {
  if (!reports.empty())
    self->send(peer, leaders_push_atom::value, self_id(self), reports);
}

void push_leaders_to_all(self_ptr self, const std::vector<leader_report>& reports) {
  for (const auto& [node, peer] : self->state.peers)
    push_leaders(self, peer, reports);
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

void start_controller_replica(self_ptr self) {
  auto& st = self->state;
  replica_settings s;
  s.group = controller_group;
  s.self = self_id(self);
  s.initial_voters.assign(st.settings.controllers.begin(), st.settings.controllers.end());
  s.environment = st.settings.environment;
  s.writer = st.settings.writer;
  s.router = caf::actor_cast<raft_router_actor>(st.settings.broker);
  s.machine = std::make_shared<controller_machine>(caf::actor_cast<controller_service_actor>(self));
  s.observer = caf::actor_cast<controller_service_actor>(self);
  s.timing = st.settings.timing;
  s.seed = static_cast<uint64_t>(self_id(self).value());
  st.controller = self->spawn<caf::linked>(replica, std::move(s));
  self->send(st.settings.broker, register_atom::value, controller_group, st.controller);
}

} // namespace

controller_service_actor::behavior_type controller_service(self_ptr self,
                                                           controller_service_settings settings) {
  self->state.settings = std::move(settings);
  if (self->state.settings.controllers.count(self_id(self)) != 0)
    start_controller_replica(self);
  self->send(self, tick_atom::value);
  return {
    [=](metadata_atom, const std::vector<std::string>& names) { return metadata(self, names); },
    [=](create_topic_atom, topic_spec& spec) { return create_topic(self, spec); },
    [=](delete_topic_atom, std::string& name) { return delete_topic(self, name); },
    [=](add_partitions_atom, std::string& name, int32_t count) {
      return add_partitions(self, name, count);
    },
    [=](producer_id_atom) { return allocate_producer_id(self); },
    [=](metadata_push_atom, raft_index index, const std::string& bytes) {
      on_push(self, index, bytes);
    },
    [=](applied_atom, raft_index index, const std::string& bytes) {
      on_applied(self, index, bytes);
    },
    [=](leader_atom, group_id group, node_id leader, term_id term) {
      on_leader(self, group, leader, term);
    },
    [=](leaders_push_atom, node_id from, const std::vector<leader_report>& reports) {
      self->state.leaders.merge(from, reports);
    },
    [=](peer_up_atom, node_id peer, broker_actor& remote) {
      push_leaders(self, remote, self->state.leaders.led_by(self_id(self)));
      self->state.peers[peer] = std::move(remote);
      check_liveness(self);
      if (leads_controller(self))
        push_to(self, peer);
    },
    [=](peer_down_atom, node_id peer, const std::string&) {
      self->state.peers.erase(peer);
      self->state.leaders.forget(peer);
      check_liveness(self);
    },
    [=](tick_atom) {
      check_liveness(self);
      push_leaders_on_tick(self);
      self->state.waiters.settle(self->state.table, table_waiters::clock::now());
      self->delayed_send(self, self->state.settings.liveness_interval_ms, tick_atom::value);
    },
  };
}

controller_service_actor start_controller(caf::actor_system& sys,
                                          controller_service_settings settings) {
  auto broker = settings.broker;
  auto service = sys.spawn(controller_service, std::move(settings));
  caf::anon_send(broker, register_atom::value, service);
  return service;
}

} // namespace strom
