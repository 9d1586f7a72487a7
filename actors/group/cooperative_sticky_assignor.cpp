// Kafka's CooperativeStickyAssignor (KIP-429): sticky's target, minus every
// partition that some other member still owns. Its owner, told it no longer
// has it, stops consuming it and the follow-up rebalance hands it to its new
// member; so within one generation no partition is owned twice, and members
// go on consuming what they keep during both rebalances. Claims count here
// even on topics the owner unsubscribed from: it may still be consuming them.

#include "actors/group/assignor_support.hpp"

namespace strom {
namespace {

class cooperative_sticky_assignor final : public assignor {
public:
  std::string_view name() const override { return "cooperative_sticky"; }
  bool cooperative() const override { return true; }

  group_assignment assign(const assignor_input& input) const override {
    auto target = sticky_target(input);
    auto owners = current_owners(input, claims::all);
    for (auto& [member, partitions] : target) {
      for (auto tp = partitions.begin(); tp != partitions.end();) {
        auto owner = owners.find(*tp);
        if (owner != owners.end() && owner->second != member)
          tp = partitions.erase(tp); // its owner gives it up first
        else
          ++tp;
      }
    }
    return target;
  }
};

} // namespace

std::unique_ptr<assignor> make_cooperative_sticky_assignor() {
  return std::make_unique<cooperative_sticky_assignor>();
}

} // namespace strom
