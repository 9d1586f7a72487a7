#pragma once
// Produce and fetch per topic, as the partitions' leaders on this node
// served them: requests, records, bytes and latency (from the request's
// arrival at the replica to its answer: a produce's wait for its acks, a
// fetch's long poll included). Every partition of a topic on the node
// counts into the same series.

#include <string>

#include "messages/metrics/registry.hpp"

namespace strom {

struct topic_metrics {
  metrics::counter& produce_requests;
  metrics::counter& produce_records;
  metrics::counter& produce_bytes;
  metrics::histogram& produce_latency;
  metrics::counter& fetch_requests;
  metrics::counter& fetch_records;
  metrics::counter& fetch_bytes;
  metrics::histogram& fetch_latency;
};

// The series of `topic`, made at the first call.
topic_metrics& metrics_of_topic(const std::string& topic);

} // namespace strom
