#pragma once
// The clients of one schedule, all through the client library: producers
// writing keyed acks=all records with idempotence on, a consumer group
// whose members commit after every poll, and a churn of topics created and
// deleted. What each saw is kept for the checker.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <caf/actor_system.hpp>

#include "messages/group_messages.hpp"
#include "net/client/endpoint.hpp"
#include "tests/chaos/jepsen/timeline.hpp"

namespace strom::testing::jepsen {

inline constexpr const char* workload_topic = "j";
inline constexpr const char* workload_group = "jg";

// "p<producer>:<key>:<n>": the n-th record producer <producer> sent with key <key>.
struct record_id {
  int producer = -1;
  int key = -1;
  int n = -1;
};
std::string value_of(const record_id& id);
std::optional<record_id> parse_value(const std::string& value);

struct commit_seen {
  topic_partition partition;
  record_offset offset;
  int64_t seq = 0; // completion order across every member
};

struct assignment_seen {
  int member = -1;
  int32_t generation = -1;
  std::set<int32_t> owned; // partitions of workload_topic
};

struct observations {
  std::mutex mutex;
  std::map<std::string, bool> sent; // value -> acknowledged
  std::map<errc, int> errors;
  std::vector<commit_seen> commits;
  std::vector<assignment_seen> assignments;
  int polled = 0;
  int commits_refused = 0;
  int topics_created = 0;
  int topics_deleted = 0;
  int topic_ops_failed = 0;
  int64_t next_seq = 0;
};

class workload {
public:
  workload(caf::actor_system& sys, std::vector<endpoint> bootstrap, timeline& events)
    : sys_(sys), bootstrap_(std::move(bootstrap)), events_(events) {}
  ~workload() { stop(); }

  void start(int producers, int consumers);
  // Stops sending, waits for every delivery report, closes the consumers.
  void stop();
  observations& seen() { return seen_; }

private:
  void produce(int id);
  void consume(int member);
  void churn_topics();

  caf::actor_system& sys_;
  std::vector<endpoint> bootstrap_;
  timeline& events_;
  observations seen_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

} // namespace strom::testing::jepsen
