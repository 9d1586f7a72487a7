#include "net/client/group_lag.hpp"

#include <algorithm>
#include <map>

namespace strom {

std::optional<int64_t> partition_lag::lag() const {
  if (!committed || !log_end)
    return std::nullopt;
  // A commit past the log end (the log lost its tail to an unclean leader
  // change) leaves nothing to read, not a negative backlog.
  return std::max<int64_t>(0, log_end->value() - committed->value());
}

std::vector<partition_lag> lag_rows(const group_description& group) {
  std::map<topic_partition, partition_lag> rows;
  auto row = [&rows](const topic_partition& tp) -> partition_lag& {
    auto& r = rows[tp];
    r.partition = tp;
    return r;
  };
  for (const auto& c : group.offsets)
    row(c.partition).committed = c.offset;
  for (const auto& m : group.members)
    for (const auto& tp : m.assignment)
      row(tp).owner = m.member;
  std::vector<partition_lag> out;
  for (auto& [tp, r] : rows)
    out.push_back(std::move(r));
  return out;
}

} // namespace strom
