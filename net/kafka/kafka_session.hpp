#pragma once
// One connection of the Kafka door: an io broker forked by the door. It cuts
// the bytes into frames, reads each request's header, answers what it can
// at once (ApiVersions) and the rest from the node's own broker, and writes
// the answers in request order (response_order). A frame that cannot be
// read, an API key the door does not know or a version it does not take
// (except ApiVersions, answered with the supported ranges) closes this
// connection with one log line, as Kafka does; other connections never
// notice. With security, the bytes are TLS, and until a principal is
// known (a client certificate, or SaslHandshake and SaslAuthenticate with
// PLAIN or SCRAM) only ApiVersions and SASL are answered; then each API
// asks the node's authorizer (kafka_access.cpp).
//
//   socket -> session: new_data, data_transferred, connection_closed
//   door   -> session: exit at shutdown (linked)

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <caf/io/broker.hpp>

#include "messages/interfaces.hpp"
#include "net/door/door_metrics.hpp"
#include "net/door/door_security.hpp"
#include "net/kafka/kafka_door_config.hpp"
#include "net/kafka/partition_routes.hpp"
#include "net/kafka/request_frame.hpp"
#include "net/kafka/response_order.hpp"
#include "net/kafka/sasl_exchange.hpp"
#include "net/tls/password_check.hpp"
#include "net/tls/tls_channel.hpp"

namespace strom {

struct kafka_session_context {
  kafka_door_config config;
  broker_actor broker; // the node's own
  // With security: the door's mechanisms and the node's authorizer, its
  // TLS (one context for every connection), passwords that matched.
  std::optional<door_security> security;
  std::optional<tls_server_context> tls;
  std::shared_ptr<password_check> passwords;
};

struct kafka_session_state {
  static inline const char* name = "strom.kafka_session";

  kafka_session_context context;
  caf::io::connection_handle connection;
  std::optional<kafka::frame_splitter> frames;
  kafka::response_order answers;
  std::string peer; // host:port, for the log
  std::string host; // the client's address, as ACLs name hosts
  std::optional<tls_channel> tls;
  std::optional<kafka::sasl_exchange> sasl; // from the first SaslHandshake on
  std::optional<door_principal> principal;  // a client certificate's, or SASL's
  size_t output_pending_bytes = 0;
  // The routes last read (kafka_routes.cpp), and when.
  std::shared_ptr<const kafka::partition_routes> routes;
  std::chrono::steady_clock::time_point routes_read_at;
  bool reading = true;
  bool closed = false;
  std::optional<door_connection> counted; // open while the session lives
};

using kafka_session_ptr = caf::io::stateful_broker<kafka_session_state>*;

caf::behavior kafka_session(kafka_session_ptr self, caf::io::connection_handle connection,
                            kafka_session_context context);

namespace kafka_session_detail {

using response_slot = kafka::response_order::slot;

// Fills a request's slot with its framed answer and writes what is ready.
void deliver(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
             std::string body);
// The same, for an answer whose body comes in pieces (Fetch's records).
void deliver(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
             std::vector<std::string> body_pieces);
// Fills the slot with nothing: a request Kafka never answers (acks=0).
void deliver_nothing(kafka_session_ptr self, response_slot slot);

// kafka_routes.cpp: `then` with the partitions' routes, the session's own
// while they are younger than routes_max_age_ms and `enough` says they hold
// what the request names, else read again from the node's metadata;
// `failed` when they cannot be read.
using routes_check = std::function<bool(const kafka::partition_routes&)>;
void with_routes(kafka_session_ptr self, const routes_check& enough,
                 std::function<void(const kafka::partition_routes&)> then,
                 std::function<void(const caf::error&)> failed);
// A partition moved or went: the next request reads the routes again.
void forget_routes(kafka_session_ptr self);

// kafka_requests.cpp: runs one request that the door answers.
void dispatch(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
// One file each: Produce, Fetch, ListOffsets.
void produce(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
void fetch(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
void list_offsets(kafka_session_ptr self, response_slot slot,
                  const kafka::parsed_request& request);
// kafka_topics.cpp: CreateTopics, DeleteTopics, CreatePartitions.
void create_topics(kafka_session_ptr self, response_slot slot,
                   const kafka::parsed_request& request);
void delete_topics(kafka_session_ptr self, response_slot slot,
                   const kafka::parsed_request& request);
void create_partitions(kafka_session_ptr self, response_slot slot,
                       const kafka::parsed_request& request);
// kafka_group_offsets.cpp: FindCoordinator, OffsetCommit, OffsetFetch.
void find_coordinator(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& request);
void offset_commit(kafka_session_ptr self, response_slot slot,
                   const kafka::parsed_request& request);
void offset_fetch(kafka_session_ptr self, response_slot slot,
                  const kafka::parsed_request& request);
// kafka_group_membership.cpp: Kafka's classic group protocol.
void join_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
void sync_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
void heartbeat(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
void leave_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& request);
// kafka_groups.cpp: ListGroups, DescribeGroups, DeleteGroups.
void list_groups(kafka_session_ptr self, response_slot slot,
                 const kafka::parsed_request& request);
void describe_groups(kafka_session_ptr self, response_slot slot,
                     const kafka::parsed_request& request);
void delete_groups(kafka_session_ptr self, response_slot slot,
                   const kafka::parsed_request& request);
// kafka_describe_configs.cpp: DescribeConfigs.
void describe_configs(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& request);
// kafka_alter_configs.cpp: AlterConfigs, IncrementalAlterConfigs.
void alter_configs(kafka_session_ptr self, response_slot slot,
                   const kafka::parsed_request& request);
void incremental_alter_configs(kafka_session_ptr self, response_slot slot,
                               const kafka::parsed_request& request);
// kafka_sasl.cpp: SaslHandshake, SaslAuthenticate.
void sasl_handshake(kafka_session_ptr self, response_slot slot,
                    const kafka::parsed_request& request);
void sasl_authenticate(kafka_session_ptr self, response_slot slot,
                       const kafka::parsed_request& request);
// kafka_producer_ids.cpp: InitProducerId.
void init_producer_id(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& request);

// Closes the connection after one log line (a request it cannot serve).
void refuse(kafka_session_ptr self, const std::string& why);

// kafka_access.cpp: whether the session's principal may, by the node's
// authorizer (always, without security); Kafka's rule for a new topic.
bool may(kafka_session_ptr self, acl_operation operation, resource_type resource,
         const std::string& name);
bool may_create_topic(kafka_session_ptr self, const std::string& topic);

} // namespace kafka_session_detail

} // namespace strom
