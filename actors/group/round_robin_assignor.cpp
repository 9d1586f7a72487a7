// Kafka's RoundRobinAssignor: every subscribed partition in (topic,
// partition) order, dealt to the members in id order as cards, a member not
// subscribed to the partition's topic being skipped.

#include "actors/group/assignor_support.hpp"

namespace strom {
namespace {

class round_robin_assignor final : public assignor {
public:
  std::string_view name() const override { return "round_robin"; }

  group_assignment assign(const assignor_input& input) const override {
    auto out = empty_assignment(input);
    auto members = members_by_id(input);
    size_t next = 0;
    for (const auto& tp : subscribed_partitions(input)) {
      // At most one full turn: some member subscribes to the topic.
      for (size_t tries = 0; tries < members.size(); ++tries, ++next) {
        const auto* member = members[next % members.size()];
        if (subscribes(*member, tp.topic)) {
          out[member->id].insert(tp);
          ++next;
          break;
        }
      }
    }
    return out;
  }
};

} // namespace

std::unique_ptr<assignor> make_round_robin_assignor() {
  return std::make_unique<round_robin_assignor>();
}

} // namespace strom
