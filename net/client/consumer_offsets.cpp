// Where the consumer's partitions start (a committed offset, or
// auto_offset_reset / a seek through list_offsets at the leader) and its
// commits.

#include "messages/error_category.hpp"
#include "net/client/consumer_internal.hpp"

namespace strom::consumer_detail {

namespace {

// The partition the answer is for, unless it went away or a seek came
// after the lookup began; then the answer is dropped.
owned_partition* lookup_done(consumer_ptr self, const topic_partition& tp, uint64_t epoch) {
  auto it = self->state.owned.find(tp);
  if (it == self->state.owned.end() || it->second.epoch != epoch)
    return nullptr;
  it->second.busy = false;
  return &it->second;
}

void fetch_committed(consumer_ptr self, const topic_partition& tp) {
  auto& st = self->state;
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session) {
    st.metadata_stale = !node || st.metadata_stale;
    return;
  }
  auto& owned = st.owned.at(tp);
  owned.busy = true;
  auto epoch = owned.epoch;
  self->request(*session, st.config.request_timeout_ms, fetch_offsets_atom::value,
                fetch_offsets_request{st.config.group_id, {tp}})
    .then(
      [self, tp, epoch](const committed_offsets& offsets) {
        auto* p = lookup_done(self, tp, epoch);
        if (p == nullptr)
          return;
        p->needs_committed = false;
        if (!offsets.empty())
          p->position = p->start = offsets.front().offset;
        else
          p->reset_spec = reset_spec_of(self->state.config);
        reconcile(self);
      },
      [self, tp, epoch](caf::error& err) {
        trace(self, "partition {}: no committed offset: {}", tp.partition.value(), describe(err));
        lookup_done(self, tp, epoch);
        self->state.metadata_stale = true;
      });
}

void list_offset(consumer_ptr self, const topic_partition& tp, int64_t spec) {
  auto& st = self->state;
  auto leader = st.cluster->cache().route(tp.topic, tp.partition);
  const auto* meta = st.cluster->cache().partition(tp.topic, tp.partition);
  auto address = leader ? st.cluster->cache().address(*leader) : std::nullopt;
  if (!address || meta == nullptr) {
    st.metadata_stale = true;
    return;
  }
  auto& owned = st.owned.at(tp);
  owned.busy = true;
  auto epoch = owned.epoch;
  auto group = meta->group;
  auto e = endpoint_of(*address);
  st.cluster->pool().with(e, [self, tp, spec, group, e, epoch](caf::expected<broker_actor> broker) {
    auto failed = [self, tp, e, epoch](const caf::error& err) {
      trace(self, "partition {}: no offset listed: {}", tp.partition.value(), describe(err));
      lookup_done(self, tp, epoch);
      self->state.cluster->pool().drop(e);
      self->state.metadata_stale = true;
    };
    if (!broker)
      return failed(broker.error());
    self->request(*broker, self->state.config.request_timeout_ms, list_offsets_atom::value,
                  group, spec)
      .then(
        [self, tp, epoch](record_offset offset) {
          auto* p = lookup_done(self, tp, epoch);
          if (p == nullptr)
            return;
          p->reset_spec.reset();
          p->position = p->start = offset;
          reconcile(self);
        },
        [failed](caf::error& err) { failed(err); });
  });
}

} // namespace

int64_t reset_spec_of(const consumer_config& config) {
  return config.auto_offset_reset == reset_policy::earliest ? earliest_offset_spec
                                                            : latest_offset_spec;
}

void resolve_position(consumer_ptr self, const topic_partition& tp) {
  auto& p = self->state.owned.at(tp);
  if (p.needs_committed)
    fetch_committed(self, tp);
  else
    list_offset(self, tp, p.reset_spec.value_or(reset_spec_of(self->state.config)));
}

namespace {

// Commits `offsets` (only partitions this consumer owns) as this member.
void send_commit(consumer_ptr self, const consumer_positions& offsets,
                 std::function<void(caf::error)> done) {
  auto& st = self->state;
  if (st.config.group_id.empty())
    return done(make_error(errc::bad_request, "a consumer without a group id cannot commit"));
  commit_offsets_request request;
  // A member commits as one of its generation; a consumer of assigned
  // partitions commits as nobody (Kafka's simple commit).
  bool member = !st.topics.empty();
  request.member = {st.config.group_id, member ? st.membership.member().value() : "",
                    member ? st.membership.generation().value() : -1,
                    member ? st.config.group_instance_id : ""};
  for (const auto& [tp, offset] : offsets)
    if (st.owned.count(tp) > 0)
      request.offsets.push_back({tp, offset, "", -1});
  if (request.offsets.empty())
    return done(caf::error{});
  auto node = coordinator(self);
  auto session = node ? session_at(self, *node) : std::nullopt;
  if (!session)
    return done(make_error(errc::coordinator_not_available, "no coordinator session yet"));
  self->request(*session, st.config.request_timeout_ms, commit_offsets_atom::value,
                std::move(request))
    .then([done] { done(caf::error{}); },
          [self, done](caf::error& err) {
            if (is_retriable(err))
              self->state.metadata_stale = true; // the coordinator moved or is loading
            done(err);
          });
}

} // namespace

void commit_positions(consumer_ptr self, std::vector<topic_partition> partitions,
                      std::function<void(caf::error)> done) {
  auto& st = self->state;
  if (partitions.empty())
    for (const auto& [tp, p] : st.owned)
      partitions.push_back(tp);
  consumer_positions offsets;
  for (const auto& tp : partitions)
    if (auto it = st.owned.find(tp); it != st.owned.end() && it->second.position)
      offsets.emplace(tp, *it->second.position);
  send_commit(self, offsets, std::move(done));
}

void commit_offsets(consumer_ptr self, const consumer_positions& offsets,
                    std::function<void(caf::error)> done) {
  consumer_positions current;
  for (const auto& [tp, offset] : offsets) {
    auto it = self->state.owned.find(tp);
    if (it != self->state.owned.end() && it->second.start && offset >= *it->second.start)
      current.emplace(tp, offset);
  }
  send_commit(self, current, std::move(done));
}

} // namespace strom::consumer_detail
