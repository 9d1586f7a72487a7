// Kafka's RangeAssignor: for each topic, its partitions split into
// consecutive ranges over the subscribed members in id order; the first
// (partitions % members) members get one more.

#include "actors/group/assignor_support.hpp"

namespace strom {
namespace {

class range_assignor final : public assignor {
public:
  std::string_view name() const override { return "range"; }

  group_assignment assign(const assignor_input& input) const override {
    auto out = empty_assignment(input);
    auto members = members_by_id(input);
    for (const auto& [topic, count] : input.partitions) {
      std::vector<const assignor_member*> subscribers;
      for (const auto* member : members)
        if (subscribes(*member, topic))
          subscribers.push_back(member);
      if (subscribers.empty())
        continue;
      int32_t per_member = count / static_cast<int32_t>(subscribers.size());
      int32_t with_extra = count % static_cast<int32_t>(subscribers.size());
      int32_t next = 0;
      for (int32_t i = 0; i < static_cast<int32_t>(subscribers.size()); ++i) {
        int32_t take = per_member + (i < with_extra ? 1 : 0);
        for (int32_t k = 0; k < take; ++k)
          out[subscribers[i]->id].insert(topic_partition{topic, partition_id{next++}});
      }
    }
    return out;
  }
};

} // namespace

std::unique_ptr<assignor> make_range_assignor() {
  return std::make_unique<range_assignor>();
}

} // namespace strom
