// How the group service takes over a partition of __consumer_offsets: a
// marker, then the partition replayed up to it; and how it lets one go.

#include <spdlog/spdlog.h>

#include "messages/unix_clock.hpp"
#include "actors/group/service/group_service_internal.hpp"
#include "messages/record_batch.hpp"

namespace strom::group_service_detail {

namespace {

void fail_pending(coordinator_slot& slot, const strom::error& why) {
  for (auto& [key, promise] : slot.joins)
    promise.deliver(make_error(why));
  for (auto& [key, promise] : slot.syncs)
    promise.deliver(make_error(why));
  slot.joins.clear();
  slot.syncs.clear();
}

strom::error moved(self_ptr self, partition_id partition) {
  return {errc::not_coordinator, "node " + std::to_string(self->state.settings.self.value())
                                   + " no longer coordinates partition "
                                   + std::to_string(partition.value()) + " of "
                                   + offsets_topic_name};
}

void retry_load(self_ptr self, partition_id partition, uint64_t epoch, const strom::error& why) {
  spdlog::debug("loading partition {} of {}: {}; retrying", partition.value(),
                offsets_topic_name, why.describe());
  auto& slot = self->state.slots.at(partition);
  if (slot.epoch != epoch)
    return;
  slot.loading = false;
  // The same notice as the controller service's: a slot that is neither
  // loaded nor loading is loaded again.
  self->delayed_send(self, self->state.settings.load_retry_ms, coordinator_atom::value,
                     partition, slot.replica, true);
}

void finish_load(self_ptr self, partition_id partition) {
  auto& slot = self->state.slots.at(partition);
  slot.loaded = true;
  slot.loading = false;
  spdlog::info("coordinating partition {} of {}: {} groups", partition.value(),
               offsets_topic_name, slot.state.groups.size());
  auto now = unix_now_ms();
  const auto& st = self->state;
  change_groups(self, partition, [&](group_state& g) {
    g.topic_partitions_changed(st.topics, st.topics_applied, now);
  });
}

// Replays the records of one fetch; the offset to read next.
record_offset replay_batches(self_ptr self, coordinator_slot& slot, const fetch_reply& reply,
                             record_offset from, record_offset marker) {
  auto next = from;
  auto now = unix_now_ms();
  for (const auto& batch : reply.batches) {
    auto records = decode_record_batch(batch);
    if (!records) {
      spdlog::error("{}: {}", offsets_topic_name, records.error().describe());
      continue;
    }
    for (auto& r : *records) {
      if (r.offset < from || r.offset > marker)
        continue;
      auto applied = replay_record(slot.state, group_record{r.key.value_or(""), r.value}, now,
                                   self->state.settings.limits);
      if (!applied)
        spdlog::error("{} offset {}: {}", offsets_topic_name, r.offset.value(),
                      applied.error().describe());
      next = r.offset.next();
    }
  }
  return next;
}

void read_from(self_ptr self, partition_id partition, record_offset from, record_offset marker) {
  auto& st = self->state;
  auto& slot = st.slots.at(partition);
  auto epoch = slot.epoch;
  fetch_request request{from, st.settings.load_fetch_bytes_max, 0};
  self->request(slot.replica, st.settings.request_timeout_ms, fetch_atom::value, request)
    .then(
      [self, partition, epoch, from, marker](const fetch_reply& reply) {
        auto it = self->state.slots.find(partition);
        if (it == self->state.slots.end() || it->second.epoch != epoch)
          return;
        auto next = replay_batches(self, it->second, reply, from, marker);
        if (next > marker)
          finish_load(self, partition);
        else if (next == from)
          retry_load(self, partition, epoch, {errc::timeout, "no progress reading"});
        else
          read_from(self, partition, next, marker);
      },
      [self, partition, epoch](caf::error& err) {
        auto it = self->state.slots.find(partition);
        if (it != self->state.slots.end() && it->second.epoch == epoch)
          retry_load(self, partition, epoch,
                     to_plain_error(err).value_or(strom::error{errc::timeout, describe(err)}));
      });
}

} // namespace

void load(self_ptr self, partition_id partition) {
  auto& st = self->state;
  auto& slot = st.slots.at(partition);
  fail_pending(slot, {errc::coordinator_not_available, "the coordinator is reloading"});
  groups_board().forget_slot(partition.value());
  slot.loaded = false;
  slot.loading = true;
  slot.epoch = ++st.next_epoch;
  slot.state = coordinator_state{{}, offset_table{st.settings.limits.offsets}};
  auto epoch = slot.epoch;
  auto marker = encode_marker({st.settings.self, static_cast<int64_t>(epoch)});
  write(self, partition, {marker}, [self, partition, epoch](result<record_offset> written) {
    if (!written) {
      retry_load(self, partition, epoch, written.error());
      return;
    }
    read_from(self, partition, record_offset{0}, *written);
  });
}

void unload(self_ptr self, partition_id partition, const std::string& why) {
  auto it = self->state.slots.find(partition);
  if (it == self->state.slots.end())
    return;
  spdlog::info("no longer coordinating partition {} of {}: {}", partition.value(),
               offsets_topic_name, why);
  fail_pending(it->second, moved(self, partition));
  groups_board().forget_slot(partition.value());
  self->state.slots.erase(it);
}

void reload_after(self_ptr self, partition_id partition, const strom::error& why) {
  if (self->state.slots.count(partition) == 0)
    return;
  spdlog::warn("a write to partition {} of {} failed ({}); reloading its groups",
               partition.value(), offsets_topic_name, why.describe());
  load(self, partition);
}

} // namespace strom::group_service_detail
