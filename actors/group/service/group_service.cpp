#include "messages/unix_clock.hpp"
#include "actors/group/service/group_service.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <spdlog/spdlog.h>

#include "actors/group/service/group_service_internal.hpp"
#include "actors/group/service/group_wire.hpp"

namespace strom {

using namespace group_service_detail;

namespace {

template <class Reply>
using promise_of = caf::typed_response_promise<Reply>;

// Answers a request now or, pending, keeps its promise under the member the
// group named, and lets the group complete what it can.
template <class Wire, class Reply, class Promises>
caf::result<Wire> answer_or_wait(self_ptr self, partition_id partition, const std::string& group,
                                 result<Reply> outcome, Promises& promises) {
  if (!outcome) {
    flush(self, partition, group);
    return make_error(outcome.error());
  }
  if (auto* done = std::get_if<0>(&*outcome)) {
    Wire reply = to_wire(*done);
    flush(self, partition, group);
    return reply;
  }
  member_key key{group, std::get<pending_reply>(*outcome).member.value()};
  if (auto old = promises.find(key); old != promises.end()) {
    old->second.deliver(make_error(errc::rebalance_in_progress, "superseded by a newer request"));
    promises.erase(old);
  }
  auto promise = self->make_response_promise<Wire>();
  promises.emplace(key, promise);
  flush(self, partition, group);
  return promise;
}

// Join and sync: a call on the group (created if new) whose answer may wait
// in the slot's `pending` promises.
template <class Wire, class Call, class Pending>
caf::result<Wire> call_group(self_ptr self, const std::string& group, Call call,
                             Pending coordinator_slot::*pending) {
  auto slot = slot_for(self, group);
  if (!slot)
    return make_error(slot.error());
  auto [partition, s] = *slot;
  auto outcome = call(group_of(self, *s, group));
  return answer_or_wait<Wire>(self, partition, group, std::move(outcome), s->*pending);
}

caf::result<join_group_reply> join(self_ptr self, const join_group_request& request) {
  return call_group<join_group_reply>(self, request.group, [&](group_state& g) {
    return g.join(to_join_request(request), unix_now_ms());
  }, &coordinator_slot::joins);
}

std::optional<std::string> instance_of(const member_ref& m) {
  if (m.group_instance_id.empty())
    return std::nullopt;
  return m.group_instance_id;
}

caf::result<sync_group_reply> sync(self_ptr self, const member_ref& m,
                                   const std::vector<member_assignment>& assigned = {}) {
  opaque_assignments assignments;
  for (const auto& a : assigned)
    assignments[member_id{a.member}] = a.assignment;
  return call_group<sync_group_reply>(self, m.group, [&](group_state& g) -> result<sync_reply> {
    if (auto fenced = g.check_instance(member_id{m.member}, instance_of(m)); !fenced)
      return fenced.error();
    return g.sync(member_id{m.member}, generation_id{m.generation}, unix_now_ms(), assignments);
  }, &coordinator_slot::syncs);
}

// Heartbeat and leave: a member of a group this node holds.
template <class Call>
caf::result<void> member_call(self_ptr self, const member_ref& m, Call call) {
  auto slot = slot_for(self, m.group);
  if (!slot)
    return make_error(slot.error());
  auto [partition, s] = *slot;
  auto it = s->state.groups.find(m.group);
  if (it == s->state.groups.end())
    return make_error(errc::unknown_member, "group " + m.group + " has no member " + m.member);
  if (auto fenced = it->second.check_instance(member_id{m.member}, instance_of(m)); !fenced)
    return make_error(fenced.error());
  auto outcome = call(it->second);
  flush(self, partition, m.group);
  if (!outcome)
    return make_error(outcome.error());
  return caf::unit;
}

caf::result<void> commit(self_ptr self, const commit_offsets_request& request) {
  auto slot = slot_for(self, request.member.group);
  if (!slot)
    return make_error(slot.error());
  auto [partition, s] = *slot;
  auto it = s->state.groups.find(request.member.group);
  const group_state* g = it == s->state.groups.end() ? nullptr : &it->second;
  if (g != nullptr)
    if (auto fenced = g->check_instance(member_id{request.member.member},
                                        instance_of(request.member)); !fenced)
      return make_error(fenced.error());
  auto commits = s->state.offsets.prepare_commit(g, to_commit_request(request), unix_now_ms());
  if (!commits)
    return make_error(commits.error());
  std::vector<group_record> records;
  for (const auto& c : *commits)
    records.push_back(encode_offset(c));
  auto promise = self->make_response_promise<caf::unit_t>();
  write(self, partition, records, [self, partition, promise, commits = *commits,
                                   group = request.member.group](auto written) mutable {
    if (!written) {
      promise.deliver(make_error(written.error()));
      reload_after(self, partition, written.error());
      return;
    }
    for (const auto& c : commits)
      self->state.slots.at(partition).state.offsets.apply(c);
    publish_group(self, partition, group);
    promise.deliver(caf::unit);
  });
  return promise;
}

committed_offsets read_offsets(const offset_table& offsets, const fetch_offsets_request& request) {
  committed_offsets out;
  if (request.partitions.empty()) {
    for (const auto& [tp, offset] : offsets.fetch_group(request.group))
      out.push_back(to_wire(tp, offset));
    return out;
  }
  for (const auto& tp : request.partitions)
    if (auto offset = offsets.fetch(request.group, tp))
      out.push_back(to_wire(tp, *offset));
  return out;
}

// Answers from memory only after a marker written now is committed: a
// coordinator that was deposed without knowing it (paused, cut off) cannot
// commit it, and every commit acknowledged before this request came in is
// applied by then (the replica answers writes in log order). Without it, a
// consumer could start from an offset older than one already committed.
caf::result<committed_offsets> fetch_offsets(self_ptr self, const fetch_offsets_request& request) {
  auto slot = slot_for(self, request.group);
  if (!slot)
    return make_error(slot.error());
  auto [partition, s] = *slot;
  auto barrier = encode_marker({self->state.settings.self, static_cast<int64_t>(s->epoch)});
  auto promise = self->make_response_promise<committed_offsets>();
  write(self, partition, {barrier}, [self, partition, request, promise](auto written) mutable {
    if (!written) {
      promise.deliver(make_error(written.error()));
      return;
    }
    promise.deliver(read_offsets(self->state.slots.at(partition).state.offsets, request));
  }, [self, partition, promise]() mutable {
    promise.deliver(make_error(errc::not_coordinator,
                               "the coordinator of partition " + std::to_string(partition.value())
                                 + " of " + offsets_topic_name + " moved or reloaded"));
  });
  return promise;
}

std::vector<group_overview> list_groups(self_ptr self) {
  std::vector<group_overview> out;
  auto me = self->state.settings.self;
  for (const auto& [partition, slot] : self->state.slots) {
    if (!slot.loaded)
      continue;
    for (const auto& [name, g] : slot.state.groups)
      out.push_back(overview_of(g, me));
    for (const auto& name : slot.state.offsets.groups())
      if (slot.state.groups.count(name) == 0)
        out.push_back(offsets_only_overview(name, me));
  }
  return out;
}

bool known_group(const coordinator_slot& slot, const std::string& group) {
  return slot.state.groups.count(group) != 0 || !slot.state.offsets.group_keys(group).empty();
}

caf::result<group_description> describe_group(self_ptr self, const std::string& group) {
  auto slot = slot_for(self, group);
  if (!slot)
    return make_error(slot.error());
  if (!known_group(*slot->second, group))
    return make_error(errc::not_found, "no group " + group);
  return describe(slot->second->state, group, self->state.settings.self);
}

caf::result<void> delete_group(self_ptr self, const std::string& group) {
  auto slot = slot_for(self, group);
  if (!slot)
    return make_error(slot.error());
  auto [partition, s] = *slot;
  if (!known_group(*s, group))
    return make_error(errc::not_found, "no group " + group);
  if (auto it = s->state.groups.find(group); it != s->state.groups.end())
    if (auto deleted = it->second.delete_group(); !deleted)
      return make_error(deleted.error());
  auto keys = s->state.offsets.group_keys(group);
  std::vector<group_record> records{encode_group_tombstone(group)};
  for (const auto& k : keys)
    records.push_back(encode_offset_tombstone(k));
  auto promise = self->make_response_promise<caf::unit_t>();
  write(self, partition, records, [self, partition, group, keys, promise](auto written) mutable {
    if (!written) {
      promise.deliver(make_error(written.error()));
      reload_after(self, partition, written.error());
      return;
    }
    auto& state = self->state.slots.at(partition).state;
    state.groups.erase(group);
    for (const auto& k : keys)
      state.offsets.erase(k);
    groups_board().forget(group);
    promise.deliver(caf::unit);
  });
  return promise;
}

void on_coordinator(self_ptr self, partition_id partition, replica_actor& replica, bool leads) {
  auto& slots = self->state.slots;
  if (!leads || !replica) {
    unload(self, partition, leads ? "its replica stopped" : "its replica no longer leads");
    return;
  }
  auto it = slots.find(partition);
  if (it != slots.end() && it->second.replica == replica) {
    if (!it->second.loaded && !it->second.loading)
      load(self, partition);
    return;
  }
  if (it != slots.end())
    unload(self, partition, "its replica was replaced");
  slots[partition].replica = replica;
  self->state.metadata_due_ms = 0;
  load(self, partition);
}

// --- time and metadata --------------------------------------------------------

// `change` on every group of every loaded slot.
void change_all_groups(self_ptr self, const std::function<void(group_state&)>& change) {
  std::vector<partition_id> loaded;
  for (const auto& [partition, slot] : self->state.slots)
    if (slot.loaded)
      loaded.push_back(partition);
  for (auto partition : loaded)
    change_groups(self, partition, change);
}

void topics_changed(self_ptr self) {
  auto now = unix_now_ms();
  const auto& st = self->state;
  change_all_groups(self, [&](group_state& g) {
    g.topic_partitions_changed(st.topics, st.topics_applied, now);
  });
}

void refresh_metadata(self_ptr self) {
  auto& st = self->state;
  st.metadata_due_ms = unix_now_ms() + st.settings.metadata_interval_ms.count();
  self->request(st.settings.broker, st.settings.request_timeout_ms, metadata_atom::value,
                std::vector<std::string>{})
    .then(
      [self](const cluster_metadata& md) {
        partition_counts counts;
        for (const auto& t : md.topics)
          counts[t.name] = static_cast<int32_t>(t.partitions.size());
        auto offsets = counts.find(offsets_topic_name);
        self->state.offsets_partitions = offsets == counts.end() ? 0 : offsets->second;
        // The counts hold as of the newest view, also when it changed none.
        self->state.topics_applied = std::max(self->state.topics_applied, md.controller_applied);
        if (counts == self->state.topics)
          return;
        self->state.topics = std::move(counts);
        topics_changed(self);
      },
      [](caf::error& err) { spdlog::debug("group service metadata: {}", describe(err)); });
}

void tick(self_ptr self) {
  auto now = unix_now_ms();
  if (now >= self->state.metadata_due_ms)
    refresh_metadata(self);
  change_all_groups(self, [now](group_state& g) { g.tick(now); });
  self->delayed_send(self, self->state.settings.tick_interval_ms, tick_atom::value);
}

} // namespace

group_service_actor::behavior_type group_service(group_service_ptr self,
                                                 group_service_settings settings) {
  self->state.settings = std::move(settings);
  self->send(self, tick_atom::value);
  return {
    [=](join_group_atom, const join_group_request& r) { return join(self, r); },
    [=](sync_group_atom, const member_ref& m) { return sync(self, m); },
    [=](heartbeat_atom, const member_ref& m) {
      return member_call(self, m, [&](group_state& g) {
        return g.heartbeat(member_id{m.member}, generation_id{m.generation}, unix_now_ms());
      });
    },
    [=](sync_group_atom, const member_ref& m, const std::vector<member_assignment>& a) {
      return sync(self, m, a);
    },
    [=](leave_group_atom, const member_ref& m) {
      return member_call(self, m, [&](group_state& g) {
        // A static member may leave by its instance id alone (Kafka's
        // LeaveGroup v3+).
        auto id = member_id{m.member};
        if (id.value().empty() && !m.group_instance_id.empty())
          id = g.member_of_instance(m.group_instance_id).value_or(id);
        return g.leave(id, unix_now_ms());
      });
    },
    [=](commit_offsets_atom, const commit_offsets_request& r) { return commit(self, r); },
    [=](fetch_offsets_atom, const fetch_offsets_request& r) { return fetch_offsets(self, r); },
    [=](list_groups_atom) { return list_groups(self); },
    [=](describe_group_atom, const std::string& group) { return describe_group(self, group); },
    [=](delete_group_atom, const std::string& group) { return delete_group(self, group); },
    [=](coordinator_atom, partition_id partition, replica_actor& replica, bool leads) {
      on_coordinator(self, partition, replica, leads);
    },
    [=](tick_atom) { tick(self); },
  };
}

group_service_actor start_group_service(caf::actor_system& sys, group_service_settings settings) {
  auto broker = settings.broker;
  auto service = sys.spawn(group_service, std::move(settings));
  caf::anon_send(broker, register_atom::value, service);
  return service;
}

} // namespace strom
