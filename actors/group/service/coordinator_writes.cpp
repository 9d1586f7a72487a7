// The group service's writes to __consumer_offsets and the answers that wait
// for them.

#include <chrono>

#include <spdlog/spdlog.h>

#include "messages/unix_clock.hpp"
#include "actors/group/service/group_service_internal.hpp"
#include "actors/group/service/group_wire.hpp"
#include "messages/record_batch.hpp"

namespace strom::group_service_detail {

result<std::pair<partition_id, coordinator_slot*>> slot_for(self_ptr self,
                                                            const std::string& group) {
  auto& st = self->state;
  if (group.empty())
    return strom::error{errc::bad_request, "the group name is empty"};
  if (st.offsets_partitions <= 0)
    return strom::error{errc::coordinator_not_available,
                        std::string{offsets_topic_name} + " is not created yet"};
  auto partition = coordinator_partition(group, st.offsets_partitions);
  auto it = st.slots.find(partition);
  if (it == st.slots.end())
    return strom::error{errc::not_coordinator,
                        "node " + std::to_string(st.settings.self.value())
                          + " does not coordinate group " + group + " (partition "
                          + std::to_string(partition.value()) + " of "
                          + offsets_topic_name + ")"};
  if (!it->second.loaded)
    return strom::error{errc::coordinator_not_available,
                        "node " + std::to_string(st.settings.self.value())
                          + " is loading the groups of partition "
                          + std::to_string(partition.value())};
  return std::make_pair(partition, &it->second);
}

group_state& group_of(self_ptr self, coordinator_slot& slot, const std::string& group) {
  auto it = slot.state.groups.find(group);
  if (it != slot.state.groups.end())
    return it->second;
  auto& g = slot.state.groups.emplace(group, group_state{group, self->state.settings.limits.groups})
              .first->second;
  g.topic_partitions_changed(self->state.topics, self->state.topics_applied, unix_now_ms());
  return g;
}

void write(self_ptr self, partition_id partition, const std::vector<group_record>& records,
           write_done done, write_moved moved) {
  auto& st = self->state;
  auto& slot = st.slots.at(partition);
  std::vector<record> batch;
  auto stamp = unix_now_ms();
  for (const auto& r : records)
    batch.push_back(record{r.key, r.value, {}, stamp});
  auto bytes = encode_record_batch(batch);
  if (!bytes) {
    done(bytes.error());
    return;
  }
  produce_request request{std::move(*bytes), static_cast<int8_t>(acks::all)};
  auto epoch = slot.epoch;
  auto still_current = [self, partition, epoch, moved] {
    auto it = self->state.slots.find(partition);
    bool current = it != self->state.slots.end() && it->second.epoch == epoch;
    if (!current && moved)
      moved();
    return current;
  };
  self->request(slot.replica, st.settings.request_timeout_ms, produce_atom::value,
                std::move(request))
    .then(
      [still_current, done](const produce_reply& reply) {
        if (still_current())
          done(reply.base_offset);
      },
      [still_current, done](caf::error& err) {
        if (still_current())
          done(to_plain_error(err).value_or(strom::error{errc::timeout, describe(err)}));
      });
}

namespace {

template <class Promises, class Completed>
void answer(Promises& promises, const std::string& group, Completed& completed) {
  for (auto& c : completed) {
    auto it = promises.find(member_key{group, c.member.value()});
    if (it == promises.end())
      continue;
    if (c.response)
      it->second.deliver(to_wire(*c.response));
    else
      it->second.deliver(make_error(c.response.error()));
    promises.erase(it);
  }
}

// The group's pending snapshots as records, and the generations they carry.
std::vector<generation_id> take_snapshots(group_state& g, std::vector<group_record>& out) {
  std::vector<generation_id> generations;
  for (auto& snapshot : g.take_writes()) {
    generations.push_back(snapshot.generation);
    out.push_back(encode_group(snapshot));
  }
  return generations;
}

} // namespace

void flush(self_ptr self, partition_id partition, const std::string& group) {
  auto slot = self->state.slots.find(partition);
  if (slot == self->state.slots.end())
    return;
  auto it = slot->second.state.groups.find(group);
  if (it == slot->second.state.groups.end())
    return;
  auto done = it->second.take_completed();
  for (const auto& note : done.notes)
    spdlog::info("group {}: {}", group, note);
  publish_group(self, partition, group);
  answer(slot->second.joins, group, done.joins);
  answer(slot->second.syncs, group, done.syncs);
  std::vector<group_record> records;
  auto generations = take_snapshots(it->second, records);
  if (records.empty())
    return;
  write(self, partition, records, [self, partition, group, generations](auto written) {
    if (!written) {
      reload_after(self, partition, written.error());
      return;
    }
    auto& groups = self->state.slots.at(partition).state.groups;
    auto g = groups.find(group);
    if (g == groups.end())
      return;
    for (auto generation : generations)
      g->second.assignment_persisted(generation, unix_now_ms());
    flush(self, partition, group);
  });
}

void publish_group(self_ptr self, partition_id partition, const std::string& group) {
  if (!metrics::enabled())
    return;
  auto slot = self->state.slots.find(partition);
  if (slot == self->state.slots.end())
    return;
  const auto& state = slot->second.state;
  auto it = state.groups.find(group);
  groups_board().publish(partition.value(), group, it == state.groups.end() ? nullptr : &it->second,
                         state.offsets, unix_now_ms());
}

void change_groups(self_ptr self, partition_id partition,
                   const std::function<void(group_state&)>& change) {
  std::vector<std::string> names;
  for (auto& [name, g] : self->state.slots.at(partition).state.groups) {
    change(g);
    names.push_back(name);
  }
  for (const auto& name : names)
    flush(self, partition, name);
}

} // namespace strom::group_service_detail
