#pragma once
// Blocking requests to a partition's leader, for readers and tools outside
// actors: finds the leader in the metadata, connects (bounded by the request
// timeout), and on a retriable error follows the not_leader hint or asks for
// metadata again, backs off and retries, until retry_timeout_ms.
// One session per thread: it is not thread-safe. Several partition readers
// of one thread may share one.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"
#include "net/client/metadata_cache.hpp"

namespace strom {

struct session_config {
  std::chrono::milliseconds request_timeout_ms{3000};
  std::chrono::milliseconds retry_backoff_ms{100};
  std::chrono::milliseconds retry_backoff_max_ms{1000};
  // How long one call keeps retrying retriable errors (a leader election
  // takes a second or two; a node restart longer).
  std::chrono::milliseconds retry_timeout_ms{30000};
};

class leader_session {
public:
  leader_session(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                 session_config config = {});

  // Long polls up to request.max_wait_ms at the leader.
  caf::expected<fetch_reply> fetch(const std::string& topic, partition_id p,
                                   const fetch_request& request);
  // spec: earliest_offset_spec, latest_offset_spec or a timestamp in ms.
  caf::expected<record_offset> list_offsets(const std::string& topic, partition_id p,
                                            int64_t spec);
  // The topic as a broker describes it now (unknown_topic if none knows it).
  caf::expected<topic_metadata> describe(const std::string& topic);

  const session_config& config() const { return config_; }

private:
  template <class Reply, class Atom, class Payload>
  caf::expected<Reply> ask_leader(const std::string& topic, partition_id p,
                                  std::chrono::milliseconds wait_ms, Atom atom,
                                  const Payload& payload);
  template <class Reply, class Atom, class Payload>
  caf::expected<Reply> ask_leader_once(const std::string& topic, partition_id p,
                                       std::chrono::milliseconds wait_ms, Atom atom,
                                       const Payload& payload);
  template <class Reply, class... Ts>
  caf::expected<Reply> ask(const endpoint& e, std::chrono::milliseconds timeout_ms,
                           const Ts&... xs);
  // Asks any broker (alive ones first, then the bootstrap list).
  caf::expected<cluster_metadata> fetch_metadata(const std::string& topic);
  caf::expected<broker_actor> broker_at(const endpoint& e);

  caf::actor_system& sys_;
  std::vector<endpoint> bootstrap_;
  session_config config_;
  metadata_cache cache_;
  std::map<std::string, broker_actor> brokers_;
};

} // namespace strom
