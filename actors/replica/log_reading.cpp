#include "actors/replica/log_reading.hpp"

#include <algorithm>
#include <limits>

namespace strom::replica_detail {

std::vector<raft::entry> entries_through(const raft::raft_log& log, raft_index from,
                                         raft_index to) {
  auto low = std::max(from, log.first_index());
  if (low > to)
    return {};
  auto entries = log.entries(low, to.next(), std::numeric_limits<size_t>::max());
  return entries ? std::move(*entries) : std::vector<raft::entry>{};
}

} // namespace strom::replica_detail
