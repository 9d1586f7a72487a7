// The table to nodes without a controller replica: the whole table when the
// node comes up or the leader changes, then each applied command alone, as
// Kafka's brokers follow the metadata log. A command names the index of the
// one before it: a node that missed one (a connection lost meanwhile) sees
// the gap and asks for the whole table again. Before, the whole table went
// to every such node after every command, which grows as nodes times table
// size per command (../shared/SCALE.md, row 1).

#include <spdlog/spdlog.h>

#include "actors/controller/service/controller_machine.hpp"
#include "actors/controller/service/controller_requests.hpp"
#include "messages/metrics/registry.hpp"

namespace strom::controller_detail {

namespace {

// A node that saw a gap asks for the whole table at most this often.
constexpr std::chrono::milliseconds sync_ask_interval_ms{1000};

struct feed_metrics {
  metrics::counter& tables_sent;
  metrics::counter& deltas_sent;
  metrics::counter& tables_received;
  metrics::counter& deltas_received;
  metrics::counter& gaps;
};

feed_metrics& feed_counts() {
  static feed_metrics m = [] {
    auto& r = metrics::global();
    auto kind = [&r](const char* name, const char* help, const char* k) -> metrics::counter& {
      return r.get_counter(name, help, {{"kind", k}});
    };
    const char* sent = "strom_controller_metadata_sent_total";
    const char* sent_help = "Metadata the controller leader sent to nodes without a "
                            "controller replica: whole tables and single commands.";
    const char* got = "strom_controller_metadata_received_total";
    const char* got_help = "Metadata this node (without a controller replica) took from "
                           "the controller leader: whole tables and single commands.";
    return feed_metrics{kind(sent, sent_help, "table"), kind(sent, sent_help, "delta"),
                        kind(got, got_help, "table"), kind(got, got_help, "delta"),
                        r.get_counter("strom_controller_metadata_gaps_total",
                                      "Commands this node missed, each answered by a "
                                      "whole table.")};
  }();
  return m;
}

bool holds_controller(self_ptr self, node_id node) {
  return self->state.settings.controllers.count(node) != 0;
}

void ask_for_table(self_ptr self) {
  auto& st = self->state;
  auto now = std::chrono::steady_clock::now();
  if (now - st.sync_asked < sync_ask_interval_ms)
    return;
  auto target = forward_target(self);
  if (!target)
    return; // the leader pushes the table when it learns of this node
  st.sync_asked = now;
  feed_counts().gaps.add();
  self->send(*target, metadata_sync_atom::value, self_id(self));
}

} // namespace

void push_to(self_ptr self, node_id node) {
  auto& st = self->state;
  auto it = st.peers.find(node);
  if (it == st.peers.end() || holds_controller(self, node))
    return;
  feed_counts().tables_sent.add();
  self->send(it->second, metadata_push_atom::value, st.applied, st.table.snapshot());
}

void push_table(self_ptr self) {
  if (!leads_controller(self))
    return;
  for (const auto& node : self->state.settings.nodes)
    push_to(self, node.id);
}

void send_delta(self_ptr self, raft_index previous, raft_index index, const std::string& bytes) {
  if (!leads_controller(self))
    return;
  for (const auto& [node, peer] : self->state.peers) {
    if (holds_controller(self, node))
      continue;
    feed_counts().deltas_sent.add();
    self->send(peer, metadata_delta_atom::value, previous, index, bytes);
  }
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
  if (index != restored_snapshot_index) {
    st.applied = index;
    feed_counts().tables_received.add();
  }
  take_table(self, std::move(*table));
}

void on_delta(self_ptr self, raft_index previous, raft_index index, const std::string& bytes) {
  auto& st = self->state;
  if (st.controller || index <= st.applied)
    return; // a controller node applies from its own replica; or seen already
  if (previous != st.applied)
    return ask_for_table(self);
  feed_counts().deltas_received.add();
  if (auto outcome = take_command(self, index, bytes); !outcome)
    spdlog::debug("controller command {} failed here as on the leader: {}", index.value(),
                  outcome.error().describe());
}

void on_sync_request(self_ptr self, node_id node) {
  if (leads_controller(self))
    return push_to(self, node);
  if (auto target = forward_target(self))
    self->send(*target, metadata_sync_atom::value, node);
}

} // namespace strom::controller_detail
