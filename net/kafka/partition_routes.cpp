#include "net/kafka/partition_routes.hpp"

#include <caf/sec.hpp>

#include "messages/error_category.hpp"

namespace strom::kafka {

partition_routes::partition_routes(const cluster_metadata& md) {
  for (const auto& t : md.topics)
    for (const auto& p : t.partitions)
      partitions_.emplace(std::make_pair(t.name, p.partition.value()), p);
}

const partition_metadata* partition_routes::find(const std::string& topic,
                                                 int32_t partition) const {
  auto it = partitions_.find({topic, partition});
  return it == partitions_.end() ? nullptr : &it->second;
}

error_code kafka_code_of(const caf::error& err, bool for_group) {
  if (is_strom_error(err))
    return to_kafka(code_of(err), for_group);
  if (err == caf::sec::request_timeout)
    return error_code::request_timed_out;
  return error_code::unknown_server_error;
}

} // namespace strom::kafka
