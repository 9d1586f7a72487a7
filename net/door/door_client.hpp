#pragma once
// What a blocking front door (gRPC, HTTP) asks of the cluster, from threads
// of its own that may wait (CAF's workers never do): the node's broker for
// topics and metadata, one producer_actor for every client's records (they
// batch together), consumer_actors it spawns per client stream or held
// consumer, and an admin client for groups, wherever their coordinators
// are. It translates nothing and decides nothing: each door maps its
// protocol onto these calls and their typed errors.

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/blocking_request.hpp"
#include "net/client/consumer_config.hpp"
#include "net/client/endpoint.hpp"
#include "net/client/producer_config.hpp"
#include "net/door/consumer_table.hpp"

namespace strom {

struct door_client_config {
  broker_actor broker;      // the node's own
  endpoint broker_endpoint; // where the node's broker listens
  // Names the door's consumers and producer to the brokers.
  std::string client_id = "strom-door";
  size_t consumers_max = 64;
  // What a door consumer may hold that its client has not taken yet.
  uint64_t consumer_credit_bytes = 1u << 20;
  // One request to the local broker or a client actor.
  std::chrono::milliseconds request_timeout_ms{10000};
  // How long a call naming a topic waits for this node to know a topic just
  // created (here or through another node).
  std::chrono::milliseconds topic_wait_ms{3000};
  // From a produce call to every record's delivery report.
  std::chrono::milliseconds publish_timeout_ms{30000};
};

// One record of a produce call; no partition: the producer's partitioner.
struct door_record {
  std::optional<int32_t> partition;
  record value;
};

// Where a partition read starts: an offset, or these.
inline constexpr int64_t door_earliest_offset = -2;
inline constexpr int64_t door_latest_offset = -1;

class door_client {
public:
  door_client(caf::actor_system& sys, door_client_config config);
  ~door_client();
  door_client(const door_client&) = delete;
  door_client& operator=(const door_client&) = delete;

  const door_client_config& config() const { return config_; }
  caf::actor_system& system() { return sys_; }

  // The topic as this node knows it, waiting topic_wait_ms for one just
  // created; unknown_topic when it never shows.
  caf::expected<topic_metadata> find_topic(const std::string& name);
  // unknown_partition when `topic` has no such partition.
  static caf::error check_partition(const topic_metadata& topic, int32_t partition);
  template <class Reply, class... Ts>
  caf::expected<Reply> ask_broker(Ts&&... xs) {
    return request_blocking<Reply>(sys_, config_.broker, config_.request_timeout_ms,
                                   std::forward<Ts>(xs)...);
  }
  // Runs `f(admin_client&)` alone: the admin client is one blocking actor.
  template <class F>
  auto with_admin(F&& f) {
    std::lock_guard<std::mutex> guard{admin_mutex_};
    return f(admin_);
  }

  // One report per record, in order, once every record has one (or
  // timeout, when some never came); the topic must exist (find_topic).
  caf::expected<std::vector<delivery_report>> produce(const std::string& topic,
                                                      std::vector<door_record> records);

  caf::actor spawn_consumer(consumer_config config);
  // Commits (with auto commit) and leaves the group; one that does not
  // answer within request_timeout_ms is stopped all the same.
  void close_consumer(const caf::actor& consumer);
  // Points a group-less consumer at one partition from an offset (or
  // door_earliest_offset, door_latest_offset).
  void start_partition_read(const caf::actor& consumer, const std::string& topic,
                            int32_t partition, int64_t offset);
  caf::expected<std::vector<consumer_record>> poll(const caf::actor& consumer,
                                                   size_t max_records,
                                                   std::chrono::milliseconds wait_ms);
  caf::expected<consumer_positions> positions(const caf::actor& consumer);
  caf::error commit(const caf::actor& consumer);
  // Commits these offsets (next to read) of partitions the consumer owns.
  caf::error commit(const caf::actor& consumer, const consumer_positions& offsets);
  // A member's last commit before it closes, asked again while its group
  // is busy (another member joining makes it rebalance right then): the
  // next owner starts where this one delivered up to.
  void commit_before_leaving(const caf::actor& consumer, const consumer_positions& offsets);

  // Consumers of a group held by id for clients that come back for them.
  std::optional<std::string> hold(const caf::actor& consumer, std::string group,
                                  std::chrono::milliseconds idle_timeout_ms);
  // The held consumer, its idle time restarted; with `in_group`, only if it
  // is of that group (consumer_table).
  std::optional<caf::actor> use(const std::string& id,
                                consumer_table::group_scope in_group = std::nullopt);
  std::optional<caf::actor> release(const std::string& id,
                                    consumer_table::group_scope in_group = std::nullopt);
  // Closes consumers idle past their timeout (from the door's timer).
  void sweep_idle();

  // At shutdown: held consumers close, the producer stops; stopping()
  // tells streams to end.
  void stop();
  bool stopping() const { return stopping_; }

private:
  caf::actor_system& sys_;
  door_client_config config_;
  caf::actor producer_;
  std::mutex consumers_mutex_;
  consumer_table consumers_;
  std::mutex admin_mutex_;
  admin_client admin_;
  std::atomic<bool> stopping_{false};
};

} // namespace strom
