// AlterConfigs and IncrementalAlterConfigs through the Kafka door: each
// topic's changes go to the node's broker (which forwards them to the
// controller) as one alter; validate_only checks them against the node's
// metadata instead. Brokers' settings are the manifest's: refused.

#include <memory>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/alter_configs_api.hpp"
#include "net/kafka/api_table.hpp"
#include "net/kafka/describe_configs_api.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::alter_answer;
using kafka::error_code;

struct alter_gather {
  kafka::request_header header;
  std::vector<alter_answer> answers;
  size_t waiting = 1; // held until every resource has started
};
using alter_gather_ptr = std::shared_ptr<alter_gather>;

void finish_one(kafka_session_ptr self, response_slot slot, const alter_gather_ptr& g) {
  if (--g->waiting > 0)
    return;
  auto key = static_cast<kafka::api_key>(g->header.api_key);
  deliver(self, slot, g->header,
          kafka::write_alter_configs(kafka::is_flexible(key, g->header.api_version), g->answers));
}

void settle(alter_answer& out, error_code code, std::string message) {
  out.error = code;
  out.message = std::move(message);
}

error_code code_for(const strom::error& e) {
  return kafka::to_kafka(e.code);
}

// validate_only: the changes on the topic's config as the node knows it.
void validate_against(const cluster_metadata& md, const kafka::alter_resource& r,
                      const topic_config& defaults, alter_answer& out) {
  for (const auto& t : md.topics) {
    if (t.name != r.name)
      continue;
    auto config = t.config;
    auto reset_to = defaults_for_replicas(defaults, t.replication_factor);
    for (const auto& change : r.changes)
      if (auto ok = apply_config_change(config, change, reset_to); !ok)
        return settle(out, code_for(ok.error()), ok.error().message);
    if (auto ok = validate_topic_config(config, t.replication_factor); !ok)
      settle(out, code_for(ok.error()), ok.error().message);
    return;
  }
  settle(out, error_code::unknown_topic_or_partition, "no topic " + r.name);
}

// Why the resource is refused before anything is asked, or none.
bool refused_at_door(kafka_session_ptr self, const kafka::alter_resource& r, alter_answer& out) {
  if (r.type != kafka::resource_topic) {
    settle(out, error_code::invalid_request,
           "strom alters topics (2) only; a broker's settings are its manifest's");
    return true;
  }
  if (!may(self, acl_operation::alter_configs, resource_type::topic, r.name)) {
    settle(out, error_code::topic_authorization_failed, "no alter_configs on topic " + r.name);
    return true;
  }
  if (r.unreadable) {
    settle(out, error_code::invalid_request, *r.unreadable);
    return true;
  }
  return false;
}

void alter_one(kafka_session_ptr self, response_slot slot, const alter_gather_ptr& g,
               const kafka::alter_resource& r, alter_answer& out) {
  ++g->waiting;
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                alter_configs_atom::value, r.name, r.changes)
    .then([self, slot, g](const topic_metadata&) { finish_one(self, slot, g); },
          [self, slot, g, &out](const caf::error& err) {
            settle(out, kafka::kafka_code_of(err), describe(err));
            finish_one(self, slot, g);
          });
}

void run(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
         const kafka::alter_configs_request& request, const cluster_metadata* md) {
  auto g = std::make_shared<alter_gather>();
  g->header = header;
  for (const auto& r : request.resources)
    g->answers.push_back({error_code::none, std::nullopt, r.type, r.name});
  const auto& defaults = self->state.context.config.topic_defaults;
  for (size_t i = 0; i < request.resources.size(); ++i) {
    const auto& r = request.resources[i];
    auto& out = g->answers[i];
    if (refused_at_door(self, r, out))
      continue;
    if (md != nullptr)
      validate_against(*md, r, defaults, out);
    else
      alter_one(self, slot, g, r, out);
  }
  finish_one(self, slot, g);
}

void answer(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r,
            result<kafka::alter_configs_request> request) {
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  if (!request->validate_only)
    return run(self, slot, header, *request, nullptr);
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                metadata_atom::value, std::vector<std::string>{})
    .then([self, slot, header, request = std::move(*request)](
            const cluster_metadata& md) { run(self, slot, header, request, &md); },
          [self](const caf::error& err) { refuse(self, "metadata: " + describe(err)); });
}

} // namespace

void alter_configs(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  answer(self, slot, r, kafka::read_alter_configs(r.header.api_version, r.body));
}

void incremental_alter_configs(kafka_session_ptr self, response_slot slot,
                               const kafka::parsed_request& r) {
  answer(self, slot, r, kafka::read_incremental_alter_configs(r.header.api_version, r.body));
}

} // namespace strom::kafka_session_detail
