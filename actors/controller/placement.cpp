#include "actors/controller/placement.hpp"

#include "messages/check.hpp"

namespace strom {
namespace {

// AdminUtils.replicaIndex: the j-th follower of the replica at `first`.
size_t follower_index(size_t first, int64_t shift, int32_t j, size_t brokers) {
  auto distance = 1 + static_cast<size_t>(shift + j) % (brokers - 1);
  return (first + distance) % brokers;
}

} // namespace

std::vector<std::vector<node_id>> place_replicas(const placement_request& request) {
  const size_t n = request.brokers.size();
  STROM_CHECK(n > 0);
  STROM_CHECK(request.replication_factor >= 1 && static_cast<size_t>(request.replication_factor) <= n);
  STROM_CHECK(request.start_index >= 0 && request.replica_shift >= 0 && request.first_partition >= 0);
  std::vector<std::vector<node_id>> out;
  out.reserve(static_cast<size_t>(request.partition_count));
  int64_t shift = request.replica_shift;
  for (int32_t i = 0; i < request.partition_count; ++i) {
    const int64_t partition = int64_t{request.first_partition} + i;
    if (partition > 0 && partition % static_cast<int64_t>(n) == 0)
      ++shift;
    const auto first = static_cast<size_t>((partition + request.start_index) % static_cast<int64_t>(n));
    std::vector<node_id> replicas{request.brokers[first]};
    for (int32_t j = 0; j < request.replication_factor - 1; ++j)
      replicas.push_back(request.brokers[follower_index(first, shift, j, n)]);
    out.push_back(std::move(replicas));
  }
  return out;
}

} // namespace strom
