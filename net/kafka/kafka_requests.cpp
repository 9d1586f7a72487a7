// What the Kafka door does with each request it has read: checks the API
// and version, then answers it here (ApiVersions) or through the node's own
// broker (Metadata here; Produce, Fetch and ListOffsets in files of their own).

#include <algorithm>

#include <spdlog/spdlog.h>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/api_versions.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/metadata_api.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::api_key;

std::string describe_request(const kafka::request_header& h) {
  return "API key " + std::to_string(h.api_key) + " version " + std::to_string(h.api_version)
         + " (correlation id " + std::to_string(h.correlation_id) + ", client "
         + h.client_id.value_or("null") + ")";
}

void api_versions(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto body = kafka::answer_api_versions(r.header, r.body);
  if (!body)
    return refuse(self, body.error().message);
  deliver(self, slot, r.header, *body);
}

// Kafka's auto.create.topics.enable: the topics asked for and missing are
// created with the cluster's defaults, and answered LEADER_NOT_AVAILABLE
// meanwhile (the client asks again). A name the cluster refuses stays
// unknown, with a log line saying why.
std::set<std::string> auto_create(kafka_session_ptr self, const kafka::metadata_request& request,
                                  const cluster_metadata& md,
                                  const std::set<std::string>& denied) {
  if (!self->state.context.config.auto_create_topics || !request.allow_auto_topic_creation)
    return {};
  auto missing = kafka::missing_topics(request, md);
  for (auto it = missing.begin(); it != missing.end();)
    it = denied.count(*it) == 0 && may_create_topic(self, *it) ? std::next(it) : missing.erase(it);
  for (const auto& name : missing) {
    topic_spec defaults; // partitions and replication 0: the manifest's
    defaults.name = name;
    self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                  create_topic_atom::value, defaults)
      .then([name](const topic_metadata&) { spdlog::info("kafka door: created topic {}", name); },
            [name](const caf::error& err) {
              spdlog::info("kafka door: topic {} not created: {}", name, describe(err));
            });
  }
  return missing;
}

// Kafka's rule: the topics one may not describe are left out of the
// metadata, and those asked for by name answered TOPIC_AUTHORIZATION_FAILED
// (whether they exist or not: a name says nothing).
std::set<std::string> hide_undescribable(kafka_session_ptr self,
                                         const kafka::metadata_request& request,
                                         cluster_metadata& md) {
  auto hidden = [self](const std::string& name) {
    return !may(self, acl_operation::describe, resource_type::topic, name);
  };
  auto& topics = md.topics;
  topics.erase(std::remove_if(topics.begin(), topics.end(),
                              [&](const topic_metadata& t) { return hidden(t.name); }),
               topics.end());
  std::set<std::string> denied;
  if (request.topics)
    for (const auto& name : *request.topics)
      if (hidden(name))
        denied.insert(name);
  return denied;
}

void metadata(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto version = r.header.api_version;
  bool flexible = kafka::is_flexible(*r.header.api, version);
  auto request = kafka::read_metadata_request(version, flexible, r.body);
  if (!request)
    return refuse(self, request.error().message);
  const auto& config = self->state.context.config;
  self->request(self->state.context.broker, config.request_timeout_ms, metadata_atom::value,
                std::vector<std::string>{})
    .then(
      [self, slot, header = r.header, request = *request](cluster_metadata md) {
        auto denied = hide_undescribable(self, request, md);
        auto creating = auto_create(self, request, md, denied);
        deliver(self, slot, header,
                kafka::answer_metadata(header.api_version,
                                       kafka::is_flexible(*header.api, header.api_version),
                                       request, md, self->state.context.config.metadata,
                                       creating, denied));
      },
      [self](const caf::error& err) {
        // Metadata has no error field of its own: a node that cannot say
        // what it knows is left for another (clients try the next broker).
        refuse(self, "metadata: " + describe(err));
      });
}

// With security, a connection without a principal yet may only learn the
// versions and authenticate: as Kafka, anything else closes it.
bool authenticated_enough(kafka_session_ptr self, api_key key) {
  const auto& st = self->state;
  return !st.context.security || st.principal || key == api_key::api_versions
         || key == api_key::sasl_handshake || key == api_key::sasl_authenticate;
}

} // namespace

void dispatch(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  const auto& h = r.header;
  if (!h.api)
    return refuse(self, "unknown " + describe_request(h));
  bool versions = h.api->key == api_key::api_versions;
  if (!versions && (h.api_version < h.api->min_version || h.api_version > h.api->max_version))
    return refuse(self, "unsupported " + describe_request(h));
  if (!authenticated_enough(self, h.api->key))
    return refuse(self, describe_request(h) + " before authentication");
  switch (h.api->key) {
    case api_key::sasl_handshake: return sasl_handshake(self, slot, r);
    case api_key::sasl_authenticate: return sasl_authenticate(self, slot, r);
    case api_key::api_versions: return api_versions(self, slot, r);
    case api_key::metadata: return metadata(self, slot, r);
    case api_key::produce: return produce(self, slot, r);
    case api_key::fetch: return fetch(self, slot, r);
    case api_key::list_offsets: return list_offsets(self, slot, r);
    case api_key::create_topics: return create_topics(self, slot, r);
    case api_key::delete_topics: return delete_topics(self, slot, r);
    case api_key::create_partitions: return create_partitions(self, slot, r);
    case api_key::find_coordinator: return find_coordinator(self, slot, r);
    case api_key::offset_commit: return offset_commit(self, slot, r);
    case api_key::offset_fetch: return offset_fetch(self, slot, r);
    case api_key::join_group: return join_group(self, slot, r);
    case api_key::sync_group: return sync_group(self, slot, r);
    case api_key::heartbeat: return heartbeat(self, slot, r);
    case api_key::leave_group: return leave_group(self, slot, r);
    case api_key::init_producer_id: return init_producer_id(self, slot, r);
    case api_key::describe_configs: return describe_configs(self, slot, r);
    case api_key::alter_configs: return alter_configs(self, slot, r);
    case api_key::incremental_alter_configs: return incremental_alter_configs(self, slot, r);
    case api_key::list_groups: return list_groups(self, slot, r);
    case api_key::describe_groups: return describe_groups(self, slot, r);
    case api_key::delete_groups: return delete_groups(self, slot, r);
    default: return refuse(self, "unanswered " + describe_request(h));
  }
}

} // namespace strom::kafka_session_detail
