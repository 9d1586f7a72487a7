#include "actors/replica/topic_metrics.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace strom {

namespace {

topic_metrics make_topic_metrics(const std::string& topic) {
  auto& r = metrics::global();
  metrics::label_set labels{{"topic", topic}};
  return topic_metrics{
    r.get_counter("strom_produce_requests_total", "Produce requests a leader here took.",
                  labels),
    r.get_counter("strom_produce_records_total", "Records produced to leaders here.", labels),
    r.get_counter("strom_produce_bytes_total", "Bytes of record batches produced here.",
                  labels),
    r.get_histogram("strom_produce_latency_seconds",
                    "From a produce's arrival at the leader to its answer (acks waited for).",
                    labels),
    r.get_counter("strom_fetch_requests_total", "Fetch requests a leader here answered.",
                  labels),
    r.get_counter("strom_fetch_records_total", "Records in the batches fetches returned.",
                  labels),
    r.get_counter("strom_fetch_bytes_total", "Bytes of the batches fetches returned.", labels),
    r.get_histogram("strom_fetch_latency_seconds",
                    "From a fetch's arrival at the leader to its answer (long poll included).",
                    labels),
  };
}

} // namespace

topic_metrics& metrics_of_topic(const std::string& topic) {
  // Series live as long as the registry, so their references may be kept.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<topic_metrics>> topics;
  std::lock_guard<std::mutex> lock{mutex};
  auto& slot = topics[topic];
  if (!slot)
    slot = std::make_unique<topic_metrics>(make_topic_metrics(topic));
  return *slot;
}

} // namespace strom
