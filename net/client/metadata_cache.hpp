#pragma once
// What a client knows of the cluster: each topic's partitions (raft group,
// replicas, leader) and every broker's address, from the last metadata
// replies, corrected by the leader hints of not_leader errors in between.
// Pure: no CAF, no clock; the producer and the readers each own one.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "messages/metadata_types.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

class metadata_cache {
public:
  // Takes the brokers and the topics of a reply; topics it does not name
  // keep what was known of them.
  void update(const cluster_metadata& metadata);
  void forget_topic(const std::string& topic);

  const topic_metadata* topic(const std::string& name) const;
  const partition_metadata* partition(const std::string& topic, partition_id p) const;
  std::optional<node_address> address(node_id node) const;
  // Brokers the last reply called alive, in node order: where to ask next.
  std::vector<node_address> alive_brokers() const;
  // Where to ask next for metadata, or anything any broker answers: the
  // alive brokers, then the bootstrap list (the metadata may name addresses
  // this client cannot reach), each in turn. The one choice of every client.
  endpoint next_to_ask(const std::vector<endpoint>& bootstrap);
  // How many places next_to_ask goes through before it repeats one.
  size_t places_to_ask(const std::vector<endpoint>& bootstrap) const;

  // A not_leader error named the leader of `group` (or the caller saw it
  // lead): remember it until the next metadata says otherwise.
  void set_leader(group_id group, node_id leader);
  // `failed` did not answer for the group as its leader and named no other:
  // route elsewhere, so that a client without hints walks the replica set.
  void forget_leader(group_id group, node_id failed);

  // Where to send requests for the partition: its known leader, else its
  // first replica (the preferred leader), else nothing.
  std::optional<node_id> route(const std::string& topic, partition_id p) const;

  // Changes whenever a topic's partitions or leaders may have: what was
  // derived from an earlier version is to be derived again.
  uint64_t version() const { return version_; }

private:
  partition_metadata* find_group(group_id group);
  std::vector<endpoint> brokers_to_ask(const std::vector<endpoint>& bootstrap) const;

  std::map<std::string, topic_metadata> topics_;
  std::map<node_id, broker_metadata> brokers_;
  uint64_t version_ = 0;
  size_t next_to_ask_ = 0;
};

} // namespace strom
