#include "actors/replica/replica.hpp"

#include <utility>

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/replica/entry_mapping.hpp"
#include "actors/replica/replica_internal.hpp"
#include "messages/hop_trace.hpp"
#include "messages/error_category.hpp"

namespace strom {

using namespace replica_detail;

namespace {

raft::config core_config(const replica_settings& s, raft_index applied) {
  raft::config cfg;
  cfg.id = s.self;
  cfg.initial_voters = s.initial_voters;
  cfg.election_tick = s.timing.election_tick;
  cfg.heartbeat_tick = s.timing.heartbeat_tick;
  cfg.seed = s.seed;
  cfg.applied = applied;
  cfg.quiesce = s.timing.quiesce;
  return cfg;
}

storage::write_request request_for(group_id group, const raft::write& w,
                                   const state_machine& machine) {
  storage::write_request req;
  req.group = group;
  if (w.snapshot) {
    // A snapshot from the leader replaces the whole log (Figure 13, rules 7-8).
    req.snapshot = to_storage(*w.snapshot);
    req.truncate_from = raft_index{0};
  }
  for (const auto& e : w.entries) {
    req.entries.push_back(to_storage(e));
    req.entries.back().last_offset = machine.last_offset_of(e);
  }
  if (w.hard_state)
    req.state = to_storage(*w.hard_state);
  return req;
}

void submit(replica_ptr self, const raft::write& w) {
  auto& st = self->state;
  auto id = w.id;
  auto me = caf::actor_cast<replica_actor>(self);
  hop_mark("replica.submit", st.settings.group.value(),
           w.entries.empty() ? -1 : static_cast<int64_t>(w.entries.back().index.value()));
  auto outcome = st.settings.writer->submit(
    request_for(st.settings.group, w, *st.settings.machine),
    [me, id](result<storage::write_ack> ack) {
      hop_mark("writer.ack", ack ? ack->group.value() : -1,
               ack ? static_cast<int64_t>(ack->last_index.value()) : -1);
      if (!ack)
        spdlog::error("persisting raft state: {}", ack.error().describe());
      caf::anon_send(me, persisted_atom::value, id, static_cast<bool>(ack));
    });
  if (!outcome) {
    // A refusal is a failed write: the one retry path, after one pause.
    spdlog::warn("group {}: writer refused a ready: {}", st.settings.group.value(),
                 outcome.error().describe());
    self->send(self, persisted_atom::value, id, false);
  }
}

void settle_waiters(replica_ptr self, const raft::entry& e) {
  auto& waiting = self->state.waiting;
  auto it = waiting.find(e.index);
  if (it == waiting.end())
    return;
  if (it->second.term == e.term)
    it->second.promise.deliver(e.index);
  else
    it->second.promise.deliver(make_error(errc::not_leader, "the proposal lost its leader"));
  waiting.erase(it);
}

void apply_committed(replica_ptr self, const raft::completion& done) {
  auto& st = self->state;
  if (done.written.snapshot)
    st.settings.machine->restore(done.written.snapshot->data);
  for (const auto& e : done.committed) {
    if (e.type == raft::entry_type::normal)
      st.settings.machine->apply(e);
    count_applied(st, e);
    settle_waiters(self, e);
    settle_committed(self, e);
  }
  // Compaction goes up to what is committed, which the stored commit index
  // trails by a write.
  if (!done.committed.empty() && st.settings.writer != nullptr)
    st.settings.writer->note_commit(st.settings.group, done.committed.back().index);
}

void arm_tick(replica_ptr self) {
  self->state.tick_armed = true;
  self->delayed_send(self, self->state.settings.timing.tick_interval_ms, tick_atom::value);
}

// A ready is durable (or needed no write) and its messages are out: apply
// it, advance, then the next one.
void finish(replica_ptr self, raft::completion done) {
  auto& st = self->state;
  const auto& written = done.written;
  if (written.snapshot) {
    st.log->forget_snapshot();
    st.log->forget_terms();
  }
  if (written.snapshot || !written.entries.empty())
    st.log->forget_last_index();
  st.log->stored(written.entries);
  apply_committed(self, done);
  st.driver->advance();
  maybe_compact(self);
  settle_persisted(self);
  serve_parked(self);
  drain(self);
}

// The observer answers metadata with the leaders its replicas last reported.
void report_leader(replica_ptr self) {
  auto& st = self->state;
  auto leader = st.core->leader();
  auto term = st.core->current_term();
  if (!st.settings.observer || (leader == st.known_leader && term == st.known_term))
    return;
  st.known_leader = leader;
  st.known_term = term;
  self->send(st.settings.observer, leader_atom::value, st.settings.group, leader, term);
}

} // namespace

namespace replica_detail {

void send_all(replica_ptr self, std::vector<raft::message>& messages) {
  auto& st = self->state;
  for (auto& m : messages) {
    hop_mark("replica.send", st.settings.group.value(), static_cast<int64_t>(m.type));
    self->send(st.settings.router, raft_atom::value, m.to, st.settings.group, std::move(m));
  }
}

caf::error persist_error(replica_ptr self) {
  const auto& st = self->state;
  auto code = st.settings.writer->space_low() ? errc::storage_full : errc::storage_io;
  return make_error(code, "group " + std::to_string(st.settings.group.value())
                            + " cannot persist: its last write failed and is tried again");
}

void drain(replica_ptr self) {
  auto& st = self->state;
  if (st.halted)
    return;
  report_leader(self);
  auto hw = st.settings.partition ? st.settings.partition->high_watermark().value() : -1;
  st.watch->publish(*st.core, hw, std::chrono::steady_clock::now());
  auto p = st.driver->next();
  // A leader's appends go out at once, while its own write may still be on
  // its way to disk: followers store in parallel with it.
  send_all(self, p.send);
  release_past(st.waiting, st.core->log().last_index(), [] {
    return make_error(errc::not_leader, "the proposal was overwritten by a new leader");
  });
  release_lost(self);
  settle_copies(self);
  // After any message: a core it woke needs its ticks again.
  if (!st.tick_armed && !st.core->quiesced())
    arm_tick(self);
  if (p.persist != nullptr)
    submit(self, *p.persist);
  if (p.finish)
    finish(self, std::move(*p.finish));
}

} // namespace replica_detail

namespace {

void on_persisted(replica_ptr self, uint64_t write_id, bool ok) {
  auto& st = self->state;
  hop_mark("replica.persisted", st.settings.group.value(), static_cast<int64_t>(write_id));
  if (st.halted || (!ok && halt_if_store_failed(self)))
    return;
  auto p = st.driver->persisted(write_id, ok);
  if (p.retry_later) {
    // Nothing of the write is durable: nothing of its ready went out.
    st.storage_failing = true;
    self->delayed_send(self, st.settings.timing.persist_retry_ms, retry_write_atom::value);
    return;
  }
  if (!p.finish)
    return; // a report of an earlier attempt
  st.storage_failing = false;
  send_all(self, p.send);
  finish(self, std::move(*p.finish));
}

caf::result<raft_index> on_propose(replica_ptr self, std::vector<std::string>& payloads) {
  auto& st = self->state;
  if (st.settings.partition)
    return make_error(errc::bad_request, "group " + std::to_string(st.settings.group.value()) +
                                           " is a partition: produce record batches to it");
  if (halt_if_store_failed(self))
    return halted_error(self);
  if (st.storage_failing)
    return persist_error(self);
  auto index = st.core->propose(std::move(payloads));
  if (!index)
    return make_error(index.error());
  st.watch->proposed(*index, std::chrono::steady_clock::now());
  auto promise = self->make_response_promise<raft_index>();
  st.waiting.emplace(*index, replica_state::waiter{st.core->current_term(), promise});
  drain(self);
  return promise;
}

replica_status status_of(replica_ptr self) {
  const auto& core = *self->state.core;
  return replica_status{self->state.settings.group, core.id(),
                        self->state.halted ? "halted" : raft::to_string(core.role()),
                        core.current_term(),
                        core.leader(), core.commit_index(),
                        core.applied_index(), core.log().last_index(),
                        core.voters().voters, self->state.settings.machine->describe(),
                        self->state.log->last_snapshot_meta().index,
                        self->state.log->first_index()};
}

// Leads in the preferred replica's place: once the preferred one is back and
// has the committed log, hand over (the transfer waits until it is caught up).
void hand_to_preferred(replica_ptr self) {
  auto& st = self->state;
  auto preferred = st.settings.preferred_leader;
  const auto& core = *st.core;
  if (preferred.value() < 0 || preferred == st.settings.self || core.role() != raft::role::leader ||
      core.transfer_target() != raft::no_node) {
    st.ticks_not_preferred = 0;
    return;
  }
  if (++st.ticks_not_preferred < st.settings.timing.preferred_leader_delay_ticks)
    return;
  // Checked on every tick from then on: check-quorum clears recent_active
  // every election timeout, so a check at a fixed period could always fall
  // just after the clearing.
  const auto* pr = core.progress_of(preferred);
  if (pr == nullptr || !pr->recent_active || pr->match < core.commit_index())
    return;
  st.ticks_not_preferred = 0;
  spdlog::debug("group {}: handing leadership to preferred node {}", st.settings.group.value(),
                preferred.value());
  (void)st.core->transfer_leadership(preferred);
}

// A new group's preferred replica stands at its first tick instead of
// waiting out a random election timeout that another replica may win first:
// leadership then moved to it seconds later, stalling the writes begun
// meanwhile (300 ms, in the first benchmark run on a new topic).
void stand_if_new_and_preferred(replica_ptr self) {
  auto& st = self->state;
  if (std::exchange(st.first_tick_done, true) || st.settings.preferred_leader != st.settings.self)
    return;
  const auto& core = *st.core;
  if (core.current_term() == term_id{0} && core.role() == raft::role::follower)
    st.core->campaign();
}

} // namespace

namespace {

// Enrolls the replica on the node's board and its topic's counters, unless
// metrics are off or it has no name for them.
void watch_metrics(replica_state& st) {
  const auto& s = st.settings;
  bool counted = metrics::enabled() && !s.metrics_topic.empty();
  st.watch = std::make_unique<replica_watch>(
    counted ? metrics::replicas().enroll(s.metrics_topic, s.metrics_partition) : nullptr);
  if (counted && s.partition)
    st.topic_counts = &metrics_of_topic(s.metrics_topic);
}

} // namespace

replica_actor::behavior_type replica(replica_ptr self, replica_settings settings) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.log = std::make_unique<storage_log_view>(*st.settings.environment, st.settings.group);
  auto hard = st.log->saved_hard_state();
  // The state machine is rebuilt from the last snapshot on, so it starts there.
  auto snap = st.log->last_snapshot();
  if (snap.meta.index.value() > 0)
    st.settings.machine->restore(snap.data);
  st.core = std::make_unique<raft::core>(core_config(st.settings, snap.meta.index), *st.log, hard);
  st.driver = std::make_unique<raft::driver>(*st.core, hard);
  watch_metrics(st);
  if (st.settings.partition)
    st.reader = std::make_unique<committed_log_reader>(*st.settings.environment, st.settings.group);
  // Only the preferred leader may go quiet: another must tick to hand over.
  auto preferred = st.settings.preferred_leader;
  st.core->hold_awake(preferred.value() >= 0 && preferred != st.settings.self);
  arm_tick(self);
  return {
    [=](raft_atom, group_id, raft::message& m) {
      if (self->state.halted)
        return;
      hop_mark("replica.step", self->state.settings.group.value(), static_cast<int64_t>(m.type));
      self->state.watch->heard(m);
      self->state.core->step(std::move(m));
      drain(self);
    },
    [=](propose_atom, std::vector<std::string>& payloads) { return on_propose(self, payloads); },
    [=](status_atom) { return status_of(self); },
    [=](transfer_atom, node_id to) -> caf::result<void> {
      if (self->state.halted)
        return halted_error(self);
      if (auto done = self->state.core->transfer_leadership(to); !done)
        return make_error(done.error());
      drain(self);
      return caf::unit;
    },
    [=](tick_atom) {
      auto& s = self->state;
      s.tick_armed = false;
      if (halt_if_store_failed(self))
        return;
      s.core->tick();
      stand_if_new_and_preferred(self);
      hand_to_preferred(self);
      drain(self); // re-arms the timer unless the core went quiet
    },
    [=](retry_write_atom) {
      if (self->state.halted)
        return;
      if (auto p = self->state.driver->retry(); p.persist != nullptr)
        submit(self, *p.persist);
    },
    [=](wake_atom) {
      if (self->state.halted)
        return;
      self->state.core->wake();
      drain(self);
    },
    [=](persisted_atom, uint64_t sequence, bool ok) { on_persisted(self, sequence, ok); },
    [=](compacted_atom, raft_index index, bool ok) { on_compacted(self, index, ok); },
    [=](alter_configs_atom, const topic_config& config) { on_configure(self, config); },
    [=](produce_atom, produce_request& request) { return on_produce(self, request); },
    [=](fetch_atom, const fetch_request& request) { return on_fetch(self, request); },
    [=](list_offsets_atom, int64_t spec) { return on_list_offsets(self, spec); },
    [=](offset_for_time_atom, int64_t timestamp_ms) {
      return on_offset_for_time(self, timestamp_ms);
    },
    [=](expire_atom, uint64_t sequence) { on_fetch_expired(self, sequence); },
  };
}

} // namespace strom
