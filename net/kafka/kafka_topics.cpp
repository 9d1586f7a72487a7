// The topic admin APIs through the Kafka door: each topic of a request goes
// to the node's broker on its own (which forwards to the controller), and
// the answer waits for all of them. validate_only checks against the node's
// metadata without changing anything.

#include <memory>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"
#include "net/kafka/topic_admin_api.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;
using kafka::topic_error;
using writer = std::string (*)(int16_t, const std::vector<topic_error>&);

// Kafka's legal topic names: 1-249 of [a-zA-Z0-9._-].
constexpr size_t topic_name_bytes_max = 249;

struct topics_gather {
  kafka::request_header header;
  writer write = nullptr;
  std::vector<topic_error> topics;
  size_t waiting = 1; // held until every topic has started
};
using gather_ptr = std::shared_ptr<topics_gather>;

void finish_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g) {
  if (--g->waiting == 0)
    deliver(self, slot, g->header, g->write(g->header.api_version, g->topics));
}

bool legal_name(const std::string& name) {
  if (name.empty() || name.size() > topic_name_bytes_max || name == "." || name == "..")
    return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return false;
  return true;
}

void settle(topic_error& out, error_code code, std::string message) {
  out.error = code;
  out.message = std::move(message);
}

// What a topic's answer keeps of the broker's reply: nothing, or (for
// CreateTopics v5+) the created topic's shape.
void ignore_reply(const topic_metadata&, topic_error&) {}
void keep_shape(const topic_metadata& made, topic_error& out) {
  out.created = kafka::shape_of(made);
}
using on_reply = void (*)(const topic_metadata&, topic_error&);

// Sends one call for a topic; its error, if any, settles the topic.
template <class... Ts>
void call_for(kafka_session_ptr self, response_slot slot, const gather_ptr& g, topic_error& out,
              std::chrono::milliseconds timeout, error_code on_bad_request, on_reply keep,
              Ts... xs) {
  ++g->waiting;
  self->request(self->state.context.broker, timeout, xs...)
    .then(
      [self, slot, g, &out, keep](const topic_metadata& reply) {
        keep(reply, out);
        finish_one(self, slot, g);
      },
      [self, slot, g, &out, on_bad_request](const caf::error& err) {
        auto code = code_of(err) == errc::bad_request ? on_bad_request
                                                      : kafka::kafka_code_of(err);
        settle(out, code, describe(err));
        finish_one(self, slot, g);
      });
}

std::chrono::milliseconds timeout_of(kafka_session_ptr self, int32_t timeout_ms) {
  return timeout_ms > 0 ? std::chrono::milliseconds{timeout_ms}
                        : self->state.context.config.request_timeout_ms;
}

const topic_metadata* find_topic(const cluster_metadata& md, const std::string& name) {
  for (const auto& t : md.topics)
    if (t.name == name)
      return &t;
  return nullptr;
}

// validate_only: what creation would refuse that the node's metadata shows.
void validate_creation(const cluster_metadata& md, const topic_spec& spec, topic_error& out) {
  if (find_topic(md, spec.name) != nullptr)
    settle(out, error_code::topic_already_exists, "topic " + spec.name + " exists");
  else if (spec.replication_factor > static_cast<int32_t>(md.brokers.size()))
    settle(out, error_code::invalid_replication_factor,
           "replication factor " + std::to_string(spec.replication_factor) + " with "
             + std::to_string(md.brokers.size()) + " nodes");
}

// `known`: the metadata to validate against (validate_only), or nothing to create.
void create_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
                const kafka::creatable_topic& t, topic_error& out, const cluster_metadata* known,
                std::chrono::milliseconds timeout) {
  if (!may_create_topic(self, t.name))
    return settle(out, error_code::topic_authorization_failed, "no create on topic " + t.name);
  if (!legal_name(t.name))
    return settle(out, error_code::invalid_topic_exception,
                  "a topic name is 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'");
  auto refusal = error_code::none;
  auto spec = kafka::spec_of(t, refusal);
  if (!spec)
    return settle(out, refusal, spec.error().message);
  if (known != nullptr)
    return validate_creation(*known, *spec, out);
  call_for(self, slot, g, out, timeout, error_code::invalid_request, keep_shape,
           create_topic_atom::value, *spec);
}

void validate_growth(const cluster_metadata& md, const kafka::partitions_growth& t,
                     topic_error& out) {
  const auto* known = find_topic(md, t.name);
  if (known == nullptr)
    settle(out, error_code::unknown_topic_or_partition, "no topic " + t.name);
  else if (t.count <= static_cast<int32_t>(known->partitions.size()))
    settle(out, error_code::invalid_partitions,
           "topic " + t.name + " has " + std::to_string(known->partitions.size())
             + " partitions; a topic only grows");
}

void grow_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
              const kafka::partitions_growth& t, topic_error& out, const cluster_metadata* known,
              std::chrono::milliseconds timeout) {
  if (!may(self, acl_operation::alter, resource_type::topic, t.name))
    return settle(out, error_code::topic_authorization_failed, "no alter on topic " + t.name);
  if (t.manual_assignment)
    return settle(out, error_code::invalid_replica_assignment, "strom places replicas itself");
  if (known != nullptr)
    return validate_growth(*known, t, out);
  call_for(self, slot, g, out, timeout, error_code::invalid_partitions, ignore_reply,
           add_partitions_atom::value, t.name, t.count);
}

// Runs `body` with the node's metadata when `needed`, else at once.
template <class Body>
void with_metadata_if(kafka_session_ptr self, bool needed, Body body) {
  if (!needed)
    return body(nullptr);
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                metadata_atom::value, std::vector<std::string>{})
    .then([body](const cluster_metadata& md) mutable { body(&md); },
          [self](const caf::error& err) { refuse(self, "metadata: " + describe(err)); });
}

gather_ptr start_gather(const kafka::request_header& header, writer write,
                        const std::vector<std::string>& names) {
  auto g = std::make_shared<topics_gather>();
  g->header = header;
  g->write = write;
  for (const auto& name : names)
    g->topics.push_back({name, error_code::none, std::nullopt, {}});
  return g;
}

template <class Request>
std::vector<std::string> names_of(const Request& request) {
  std::vector<std::string> out;
  for (const auto& t : request.topics)
    out.push_back(t.name);
  return out;
}

// Runs `one` on every topic of the request (against the node's metadata
// when it only validates), then answers once every call is back.
template <class Request, class One>
void each_topic(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
                Request request, One one) {
  auto timeout = timeout_of(self, request.timeout_ms);
  with_metadata_if(self, request.validate_only,
                   [self, slot, g, timeout, request, one](const cluster_metadata* md) {
                     for (size_t i = 0; i < request.topics.size(); ++i)
                       one(self, slot, g, request.topics[i], g->topics[i], md, timeout);
                     finish_one(self, slot, g);
                   });
}

} // namespace

void create_topics(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_create_topics(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = start_gather(r.header, kafka::write_create_topics, names_of(*request));
  each_topic(self, slot, g, std::move(*request), create_one);
}

void delete_topics(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_delete_topics(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = start_gather(r.header, kafka::write_delete_topics, request->names);
  auto timeout = timeout_of(self, request->timeout_ms);
  for (auto& t : g->topics) {
    if (!may(self, acl_operation::remove, resource_type::topic, t.name))
      settle(t, error_code::topic_authorization_failed, "no delete on topic " + t.name);
    else
      call_for(self, slot, g, t, timeout, error_code::invalid_request, ignore_reply,
               delete_topic_atom::value, t.name);
  }
  finish_one(self, slot, g);
}

void create_partitions(kafka_session_ptr self, response_slot slot,
                       const kafka::parsed_request& r) {
  auto request = kafka::read_create_partitions(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = start_gather(r.header, kafka::write_create_partitions, names_of(*request));
  each_topic(self, slot, g, std::move(*request), grow_one);
}

} // namespace strom::kafka_session_detail
