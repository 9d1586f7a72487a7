// The controller's liveness, on the controller leader: the table's brokers
// kept in step with the manifest and with which peers are up, so placement
// uses live brokers (broker_liveness.hpp), and __consumer_offsets created
// once enough of them are alive.

#include <set>

#include <spdlog/spdlog.h>

#include "actors/controller/service/broker_liveness.hpp"
#include "actors/controller/service/controller_internal.hpp"

namespace strom::controller_detail {

namespace {

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
  if (!command || !st.table.validate(*command))
    return;
  st.offsets_topic_in_flight = true;
  propose(self, {*command}, [self](result<apply_effect> outcome) {
    self->state.offsets_topic_in_flight = false;
    if (outcome)
      spdlog::info("created {}", offsets_topic_name);
    else
      spdlog::debug("creating {}: {}", offsets_topic_name, outcome.error().describe());
  });
}

} // namespace

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

} // namespace strom::controller_detail
