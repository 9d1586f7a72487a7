// Kafka's StickyAssignor, in a simpler deterministic form: every member keeps
// the partitions it owns and is still subscribed to, the partitions nobody
// owns go one by one to the least loaded subscribed member, then single
// partitions move from the most to the least loaded member while one holds
// two more than another that could take one. Each move shrinks the sum of the
// squared counts, so the loop ends; it ends when members subscribed to the
// same topics differ by at most one, and only partitions that had to move
// moved.

#include <algorithm>

#include "actors/group/assignor_support.hpp"
#include "messages/check.hpp"

namespace strom {
namespace {

using member_index = std::map<member_id, const assignor_member*>;

member_index index_members(const assignor_input& input) {
  member_index out;
  for (const auto& member : input.members)
    out.emplace(member.id, &member);
  return out;
}

// Members by (count, id) ascending: receivers from the front, donors from
// the back.
std::vector<member_id> by_load(const group_assignment& out) {
  std::vector<member_id> ids;
  for (const auto& entry : out)
    ids.push_back(entry.first);
  std::stable_sort(ids.begin(), ids.end(), [&](const member_id& a, const member_id& b) {
    return out.at(a).size() < out.at(b).size();
  });
  return ids;
}

// Moves one partition from a member to one with at least two fewer that
// subscribes to its topic; the donor gives its last such partition. false
// when no such pair exists.
bool move_one(group_assignment& out, const member_index& members) {
  auto order = by_load(out);
  for (auto donor = order.rbegin(); donor != order.rend(); ++donor) {
    auto& given = out[*donor];
    for (const auto& receiver : order) {
      auto& taken = out[receiver];
      if (given.size() <= taken.size() + 1)
        break; // every later receiver holds at least as many
      for (auto tp = given.rbegin(); tp != given.rend(); ++tp) {
        if (subscribes(*members.at(receiver), tp->topic)) {
          taken.insert(*tp);
          given.erase(std::next(tp).base());
          return true;
        }
      }
    }
  }
  return false;
}

void assign_unowned(group_assignment& out, const assignor_input& input,
                    const member_index& members,
                    const std::map<topic_partition, member_id>& owners) {
  for (const auto& tp : subscribed_partitions(input)) {
    if (owners.count(tp) > 0)
      continue;
    const member_id* least = nullptr;
    for (const auto& [id, member] : members)
      if (subscribes(*member, tp.topic) && (!least || out[id].size() < out[*least].size()))
        least = &id;
    STROM_CHECK(least); // subscribed_partitions lists only topics someone subscribes to
    out[*least].insert(tp);
  }
}

class sticky_assignor final : public assignor {
public:
  std::string_view name() const override { return "sticky"; }

  group_assignment assign(const assignor_input& input) const override {
    return sticky_target(input);
  }
};

} // namespace

group_assignment sticky_target(const assignor_input& input) {
  auto out = empty_assignment(input);
  auto members = index_members(input);
  auto owners = current_owners(input, claims::subscribed_only);
  for (const auto& [tp, owner] : owners)
    out[owner].insert(tp);
  assign_unowned(out, input, members, owners);
  size_t moves_max = subscribed_partitions(input).size();
  moves_max = moves_max * moves_max + 1; // the sum of squares bounds the moves
  for (size_t moves = 0; move_one(out, members); ++moves)
    STROM_CHECK(moves < moves_max);
  return out;
}

std::unique_ptr<assignor> make_sticky_assignor() {
  return std::make_unique<sticky_assignor>();
}

} // namespace strom
