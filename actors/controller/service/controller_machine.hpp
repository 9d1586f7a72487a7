#pragma once
// The state machine of raft group 0 on a controller node: it keeps the topic
// table (for snapshots) and hands every committed command to the node's
// controller service, which applies the same bytes to its own table and acts
// on them. Runs on the controller replica's actor.

#include "actors/controller/topic_table.hpp"
#include "actors/replica/state_machine.hpp"
#include "messages/interfaces.hpp"

namespace strom {

// The index a restored snapshot is pushed to the service with: the local
// raft log's own state, which the service takes whatever it holds.
inline constexpr raft_index restored_snapshot_index{-1};

class controller_machine final : public state_machine {
public:
  explicit controller_machine(controller_service_actor service) : service_(std::move(service)) {}

  void apply(const raft::entry& committed) override;
  std::string snapshot() const override { return table_.snapshot(); }
  void restore(const std::string& bytes) override;
  std::string describe() const override;

private:
  controller_service_actor service_;
  topic_table table_;
  uint64_t applied_ = 0;
};

} // namespace strom
