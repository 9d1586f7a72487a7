// A partition's requests on its replica: produce (with acks 0, 1 and all),
// fetch with long poll below the high watermark, and list offsets. The
// partition_machine decides (offsets, duplicates); this file waits and answers.

#include <algorithm>
#include <chrono>
#include <limits>

#include "messages/unix_clock.hpp"
#include "actors/replica/log_reading.hpp"
#include "actors/replica/replica_internal.hpp"
#include "messages/error_category.hpp"
#include "messages/hop_trace.hpp"

namespace strom::replica_detail {

namespace {

using steady_time = std::chrono::steady_clock::time_point;

// A fetch parks at most this long, whatever it asks: a parked fetch holds
// its promise in the replica's memory.
constexpr int64_t fetch_wait_max_ms = 30'000;

std::string group_name(replica_ptr self) {
  return "group " + std::to_string(self->state.settings.group.value());
}

caf::error not_partition(replica_ptr self) {
  return make_error(errc::bad_request, group_name(self) + " is not a partition");
}

bool leads(replica_ptr self) {
  return self->state.core->role() == raft::role::leader;
}

caf::error not_leader(replica_ptr self) {
  return not_leader_error(self->state.settings.group, self->state.core->leader());
}

// Offsets are looked up on a partition's leader: why this replica cannot,
// or no error.
caf::error cannot_look_up_offsets(replica_ptr self) {
  if (!self->state.settings.partition)
    return not_partition(self);
  if (!leads(self))
    return not_leader(self);
  return {};
}

leader_position position(replica_ptr self) {
  const auto& core = *self->state.core;
  return {core.current_term(), core.log().last_index()};
}

// The raft log as the core holds it (durable and not yet durable entries).
raft_log_reader log_reader(replica_ptr self) {
  return [self](raft_index from, raft_index to) {
    return entries_through(self->state.core->log(), from, to);
  };
}

bool valid_acks(int8_t value) {
  return value == static_cast<int8_t>(acks::none) || value == static_cast<int8_t>(acks::leader) ||
         value == static_cast<int8_t>(acks::all);
}

// min.insync.replicas above a majority: acks=all waits for that many copies,
// not only for the commit.
bool wants_more_than_commit(replica_ptr self) {
  const auto& partition = self->state.settings.partition;
  return partition != nullptr
         && static_cast<size_t>(partition->settings().min_insync_replicas)
              > self->state.core->voters().quorum();
}

// The last entry acks=all may answer for, of those applied up to `applied`.
raft_index acks_all_reached(replica_ptr self, raft_index applied) {
  if (!wants_more_than_commit(self))
    return applied;
  auto copies = static_cast<size_t>(self->state.settings.partition->settings().min_insync_replicas);
  return std::min(applied, self->state.core->durable_on(copies));
}

// Kafka's NOT_ENOUGH_REPLICAS: acks=all is refused while fewer replicas are
// in sync than the topic's min.insync.replicas.
caf::error too_few_in_sync(replica_ptr self) {
  auto wanted = self->state.settings.partition->settings().min_insync_replicas;
  auto in_sync = self->state.core->in_sync_voters();
  if (wanted <= 1 || in_sync >= static_cast<size_t>(wanted))
    return {};
  return make_error(errc::not_enough_replicas,
                    group_name(self) + ": " + std::to_string(in_sync)
                      + " replicas in sync, min.insync.replicas is " + std::to_string(wanted));
}

// Answers now if the entry already got what `level` waits for; else waits.
caf::result<produce_reply> answer_when(replica_ptr self, acks level, raft_index index,
                                       produce_reply reply, steady_time since) {
  auto& st = self->state;
  bool durable = level == acks::all ? index <= acks_all_reached(self, st.core->applied_index())
                                    : index <= st.core->persisted_index();
  if (level == acks::none || durable) {
    if (st.topic_counts != nullptr)
      st.topic_counts->produce_latency.observe_since(since);
    return reply;
  }
  auto term = st.core->log().term_at(index).value_or(term_id{0});
  auto promise = self->make_response_promise<produce_reply>();
  auto& waiters = level == acks::all ? st.on_commit : st.on_persist;
  waiters.emplace(index, replica_state::produce_waiter{term, promise, reply, since});
  return promise;
}

// A produce the leader took: its request, records and bytes.
void count_produce(replica_ptr self, const batch_header& header, size_t bytes) {
  auto* counts = self->state.topic_counts;
  if (counts == nullptr)
    return;
  counts->produce_requests.add();
  counts->produce_records.add(static_cast<uint64_t>(header.records_count));
  counts->produce_bytes.add(bytes);
}

// A fetch's answer: its batches' records and bytes, and its latency.
void count_fetch(replica_ptr self, const result<fetch_reply>& outcome, steady_time since) {
  auto* counts = self->state.topic_counts;
  if (counts == nullptr)
    return;
  counts->fetch_requests.add();
  counts->fetch_latency.observe_since(since);
  if (!outcome)
    return;
  for (const auto& batch : outcome->batches) {
    counts->fetch_bytes.add(batch.size());
    if (auto header = read_batch_header(batch))
      counts->fetch_records.add(static_cast<uint64_t>(header->records_count));
  }
}

// A compacted log holds batches that lost every record; a reply of only
// those tells a reader nothing, and some Kafka clients fail on one. Reads
// step past them, at most this many times per fetch (each read up to the
// request's max bytes); past that, the empty batches go out as they are.
constexpr int emptied_reads_max = 16;

// How many batches at the front a compaction emptied; `from` moves past them.
// One header read when the first batch holds records, as it nearly always does.
size_t emptied_in_front(const std::vector<std::string>& batches, record_offset& from) {
  size_t emptied = 0;
  for (; emptied < batches.size(); ++emptied) {
    auto header = read_batch_header(batches[emptied]);
    if (!header || header->records_count > 0)
      break;
    from = std::max(from, header->next_offset());
  }
  return emptied;
}

// The committed batches at the request's offset (none yet, or only emptied
// ones up to the high watermark: an empty reply).
result<fetch_reply> read_now(replica_ptr self, const fetch_request& request,
                             record_offset start) {
  auto& partition = *self->state.settings.partition;
  fetch_reply reply{{}, partition.high_watermark(), start};
  auto offset = request.offset;
  for (int read = 0; read < emptied_reads_max && offset < reply.high_watermark; ++read) {
    auto batches = self->state.reader->read(offset, request.max_bytes, partition.applied_index());
    if (!batches)
      return batches.error();
    if (batches->empty())
      break;
    auto emptied = emptied_in_front(*batches, offset);
    if (emptied < batches->size()) {
      batches->erase(batches->begin(), batches->begin() + static_cast<std::ptrdiff_t>(emptied));
      reply.batches = std::move(*batches);
      break;
    }
    if (read + 1 == emptied_reads_max)
      reply.batches = std::move(*batches);
  }
  return reply;
}

caf::error out_of_range(replica_ptr self, record_offset offset, record_offset start,
                        record_offset end) {
  return make_error(errc::offset_out_of_range,
                    group_name(self) + ": offset " + std::to_string(offset.value()) +
                      " is outside [" + std::to_string(start.value()) + ", " +
                      std::to_string(end.value()) + "]");
}

caf::result<fetch_reply> park(replica_ptr self, const fetch_request& request,
                              steady_time since, record_offset served_past) {
  auto& st = self->state;
  auto sequence = ++st.parked_sequence;
  auto promise = self->make_response_promise<fetch_reply>();
  st.parked.emplace(sequence, replica_state::parked_fetch{request, promise, since, served_past});
  auto wait = std::min(request.max_wait_ms, fetch_wait_max_ms);
  self->delayed_send(self, std::chrono::milliseconds{wait}, expire_atom::value, sequence);
  return promise;
}

template <class Reply>
void deliver(caf::typed_response_promise<Reply>& promise, result<Reply> outcome) {
  if (outcome)
    promise.deliver(std::move(*outcome));
  else
    promise.deliver(make_error(outcome.error()));
}

template <class Reply>
caf::result<Reply> to_caf(result<Reply> outcome) {
  if (outcome)
    return std::move(*outcome);
  return make_error(outcome.error());
}

void settle_up_to(replica_ptr self, std::multimap<raft_index, replica_state::produce_waiter>& waiters,
                  raft_index reached) {
  const auto& log = self->state.core->log();
  while (!waiters.empty() && waiters.begin()->first <= reached) {
    auto& [index, w] = *waiters.begin();
    hop_mark("replica.answer", self->state.settings.group.value(),
             static_cast<int64_t>(index.value()));
    if (log.term_at(index) == w.term) {
      w.promise.deliver(w.reply);
      if (self->state.topic_counts != nullptr)
        self->state.topic_counts->produce_latency.observe_since(w.since);
    } else
      w.promise.deliver(not_leader(self));
    waiters.erase(waiters.begin());
  }
}

} // namespace

caf::result<produce_reply> on_produce(replica_ptr self, produce_request& request) {
  auto& st = self->state;
  auto since = std::chrono::steady_clock::now();
  hop_mark("replica.produce", st.settings.group.value());
  auto& partition = st.settings.partition;
  if (!partition)
    return not_partition(self);
  if (!valid_acks(request.acks))
    return make_error(errc::bad_request, "acks must be 0, 1 or -1 (all), not " +
                                           std::to_string(request.acks));
  if (halt_if_store_failed(self))
    return halted_error(self);
  if (!leads(self))
    return not_leader(self);
  if (st.storage_failing)
    return persist_error(self);
  // Refused before the file system is full, so that the room left still
  // holds raft state and metadata; taken again once room is freed.
  if (st.settings.writer->space_low())
    return make_error(errc::storage_full, "node " + std::to_string(st.settings.self.value())
                                            + " takes no new data: its disk has "
                                            + st.settings.writer->space().describe());
  auto level = static_cast<acks>(request.acks);
  if (level == acks::all)
    if (auto err = too_few_in_sync(self))
      return err;
  auto now = unix_now_ms();
  auto outcome = partition->admit(request.batch, position(self), log_reader(self), now);
  if (!outcome)
    return make_error(outcome.error());
  if (auto* dup = std::get_if<duplicate_batch>(&*outcome))
    return answer_when(self, level, dup->index, produce_reply{dup->base_offset, -1, true},
                       since);
  const auto& header = std::get<admitted_batch>(*outcome).header;
  produce_reply reply{header.base_offset, partition->settings().log_append_time ? now : -1,
                      false};
  count_produce(self, header, request.batch.size());
  std::vector<std::string> payloads;
  payloads.push_back(std::move(request.batch));
  auto index = st.core->propose(std::move(payloads));
  if (!index) {
    partition->forget_leader_view();
    return make_error(index.error());
  }
  st.watch->proposed(*index, since);
  auto answer = answer_when(self, level, *index, reply, since);
  drain(self);
  return answer;
}

} // namespace strom::replica_detail

namespace strom::replica_detail {

// Past the end only once leadership is confirmed by a barrier (the answer
// then comes from settle_barriers).
caf::result<fetch_reply> confirm_past_end(replica_ptr self, const fetch_request& request) {
  auto& st = self->state;
  auto index = st.core->propose_barrier();
  if (!index)
    return make_error(index.error());
  auto promise = self->make_response_promise<fetch_reply>();
  st.fetch_barriers.emplace(*index,
                            replica_state::fetch_barrier{st.core->current_term(), promise, request});
  drain(self);
  return promise;
}

// A fetch whose barrier committed: this replica led after it came.
void answer_confirmed(replica_ptr self, replica_state::fetch_barrier& b) {
  auto& st = self->state;
  auto start = st.reader->log_start_offset();
  if (!start) {
    b.promise.deliver(make_error(start.error()));
    return;
  }
  auto end = st.settings.partition->log_end_offset(position(self), log_reader(self));
  if (b.request.offset > end) {
    b.promise.deliver(out_of_range(self, b.request.offset, *start, end));
    return;
  }
  // The log reached the offset meanwhile: nothing yet, the consumer asks again.
  b.promise.deliver(fetch_reply{{}, st.settings.partition->high_watermark(), *start});
}

void settle_barriers(replica_ptr self, raft_index reached) {
  auto& barriers = self->state.fetch_barriers;
  const auto& log = self->state.core->log();
  while (!barriers.empty() && barriers.begin()->first <= reached) {
    auto& [index, b] = *barriers.begin();
    if (log.term_at(index) == b.term)
      answer_confirmed(self, b);
    else
      b.promise.deliver(not_leader(self));
    barriers.erase(barriers.begin());
  }
}

caf::result<fetch_reply> on_fetch(replica_ptr self, const fetch_request& request) {
  auto& st = self->state;
  if (!st.settings.partition)
    return not_partition(self);
  if (st.halted)
    return halted_error(self);
  if (!leads(self))
    return not_leader(self);
  auto start = st.reader->log_start_offset();
  if (!start)
    return make_error(start.error());
  auto end = st.settings.partition->log_end_offset(position(self), log_reader(self));
  if (request.offset < *start)
    return out_of_range(self, request.offset, *start, end);
  if (request.offset > end)
    return confirm_past_end(self, request);
  auto since = std::chrono::steady_clock::now();
  auto hw = st.settings.partition->high_watermark();
  if (request.offset < hw || request.max_wait_ms <= 0) {
    auto outcome = read_now(self, request, *start);
    // Nothing but emptied batches up to the watermark: wait as at its end.
    if (outcome && outcome->batches.empty() && request.max_wait_ms > 0)
      return park(self, request, since, hw);
    count_fetch(self, outcome, since);
    return to_caf(std::move(outcome));
  }
  return park(self, request, since, request.offset);
}

void on_fetch_expired(replica_ptr self, uint64_t sequence) {
  auto& st = self->state;
  auto it = st.parked.find(sequence);
  if (it == st.parked.end())
    return;
  auto start = st.reader->log_start_offset();
  result<fetch_reply> empty =
    fetch_reply{{}, st.settings.partition->high_watermark(), start ? *start : record_offset{0}};
  count_fetch(self, empty, it->second.since);
  it->second.promise.deliver(std::move(*empty));
  st.parked.erase(it);
}

void serve_parked(replica_ptr self) {
  auto& st = self->state;
  auto hw = st.settings.partition ? st.settings.partition->high_watermark() : record_offset{0};
  auto servable = [hw](const auto& entry) { return entry.second.served_past < hw; };
  if (std::none_of(st.parked.begin(), st.parked.end(), servable))
    return;
  // Storage is read only when a parked fetch can be served.
  auto start = st.reader->log_start_offset();
  for (auto it = st.parked.begin(); it != st.parked.end();) {
    if (!servable(*it)) {
      ++it;
      continue;
    }
    if (start) {
      auto outcome = read_now(self, it->second.request, *start);
      count_fetch(self, outcome, it->second.since);
      deliver(it->second.promise, std::move(outcome));
    } else
      it->second.promise.deliver(make_error(start.error()));
    it = st.parked.erase(it);
  }
}

caf::result<record_offset> on_list_offsets(replica_ptr self, int64_t spec) {
  if (auto why = cannot_look_up_offsets(self))
    return why;
  auto& st = self->state;
  auto hw = st.settings.partition->high_watermark();
  if (spec == latest_offset_spec)
    return hw;
  auto start = st.reader->log_start_offset();
  if (!start)
    return make_error(start.error());
  if (spec == earliest_offset_spec)
    return *start;
  if (spec < 0)
    return make_error(errc::bad_request, "a timestamp is >= 0, or -1 (latest), -2 (earliest)");
  auto at = st.reader->offset_for_time(spec, st.settings.partition->applied_index(), hw);
  if (!at)
    return make_error(at.error());
  return *at;
}

caf::result<timed_offset> on_offset_for_time(replica_ptr self, int64_t timestamp_ms) {
  if (auto why = cannot_look_up_offsets(self))
    return why;
  auto& st = self->state;
  if (timestamp_ms < 0)
    return make_error(errc::bad_request, "a timestamp is >= 0");
  auto found = st.reader->first_at_or_after(timestamp_ms,
                                            st.settings.partition->applied_index());
  if (!found)
    return make_error(found.error());
  return *found;
}

void settle_persisted(replica_ptr self) {
  settle_up_to(self, self->state.on_persist, self->state.core->persisted_index());
}

void settle_committed(replica_ptr self, const raft::entry& e) {
  settle_up_to(self, self->state.on_commit, acks_all_reached(self, e.index));
  settle_barriers(self, e.index);
}

void settle_copies(replica_ptr self) {
  auto& st = self->state;
  if (!st.on_commit.empty() && wants_more_than_commit(self))
    settle_up_to(self, st.on_commit, acks_all_reached(self, st.core->applied_index()));
}

void on_configure(replica_ptr self, const topic_config& config) {
  if (self->state.settings.partition)
    self->state.settings.partition->configure(partition_settings_for(config));
}

void release_halted(replica_ptr self, const caf::error& why) {
  auto& st = self->state;
  for (auto* waiters : {&st.on_commit, &st.on_persist}) {
    for (auto& [index, w] : *waiters)
      w.promise.deliver(why);
    waiters->clear();
  }
  for (auto& [sequence, fetch] : st.parked)
    fetch.promise.deliver(why);
  st.parked.clear();
  for (auto& [index, barrier] : st.fetch_barriers)
    barrier.promise.deliver(why);
  st.fetch_barriers.clear();
}

void release_lost(replica_ptr self) {
  auto& st = self->state;
  if (!st.settings.partition)
    return;
  auto last = st.core->log().last_index();
  auto why = [self] { return not_leader(self); };
  release_past(st.on_commit, last, why);
  release_past(st.on_persist, last, why);
  if (leads(self))
    return;
  // A barrier of a replica that no longer leads proves nothing now.
  for (auto& [index, barrier] : st.fetch_barriers)
    barrier.promise.deliver(not_leader(self));
  st.fetch_barriers.clear();
  for (auto& [sequence, fetch] : st.parked)
    fetch.promise.deliver(not_leader(self));
  st.parked.clear();
}

} // namespace strom::replica_detail
