#pragma once
// A test cluster seen through the broker messages: metadata, who leads what,
// and reading a partition back from its leader, with the retries a failover
// needs. For chaos tests, which must read what survived.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "messages/metadata_types.hpp"
#include "messages/record_batch.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {

class chaos_cluster {
public:
  explicit chaos_cluster(test_cluster& cluster) : cluster_(cluster), view_(cluster) {}

  caf::actor_system& system() { return view_.system(); }
  cluster_view& view() { return view_; }
  // Every running node's metadata has every broker alive.
  bool ready(std::chrono::milliseconds timeout) { return view_.brokers_alive(timeout); }
  std::optional<topic_metadata> topic(const std::string& name);
  // How many partitions of the topic each node leads, as the running nodes report.
  std::map<node_id, int> leaders(const std::string& topic);
  // Every committed record of the partition, from its start, through its leader.
  std::optional<std::vector<stored_record>> read_all(const std::string& topic,
                                                     partition_id partition);
  std::vector<endpoint> endpoints() const;
  caf::error create_topic(const topic_spec& spec, std::chrono::milliseconds timeout) {
    return view_.create_topic(spec, timeout);
  }

private:
  std::optional<cluster_metadata> metadata(node_id id, std::vector<std::string> topics);
  std::optional<fetch_reply> fetch(node_id via, group_id group, record_offset from);

  test_cluster& cluster_;
  cluster_view view_;
};

} // namespace strom::testing
