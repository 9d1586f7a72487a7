// DescribeConfigs through the Kafka door: a topic's settings from the
// node's metadata, a broker's from the manifest's defaults.

#include <algorithm>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/describe_configs_api.hpp"
#include "net/kafka/kafka_session.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::config_answer;
using kafka::config_entry;
using kafka::error_code;

std::vector<config_entry> broker_entries(int32_t id, const kafka_door_config& config) {
  std::vector<config_entry> out{
    {"broker.id", std::to_string(id), true, kafka::source_static, kafka::type_int}};
  for (const auto& [name, value] : config.broker_configs)
    out.push_back({name, value, true, kafka::source_static, kafka::type_unknown});
  return out;
}

// Keeps the entries the resource asked for (all when it named none).
void keep_asked(config_answer& a, const std::optional<std::vector<std::string>>& keys) {
  if (!keys)
    return;
  auto& e = a.entries;
  e.erase(std::remove_if(e.begin(), e.end(),
                         [&](const config_entry& x) {
                           return std::find(keys->begin(), keys->end(), x.name) == keys->end();
                         }),
          e.end());
}

config_answer describe_one(const kafka::config_resource& r, const cluster_metadata& md,
                           const kafka_door_config& config) {
  config_answer a{error_code::none, std::nullopt, r.type, r.name, {}};
  if (r.type == kafka::resource_topic) {
    auto it = std::find_if(md.topics.begin(), md.topics.end(),
                           [&](const topic_metadata& t) { return t.name == r.name; });
    if (it == md.topics.end())
      return {error_code::unknown_topic_or_partition, "no topic " + r.name, r.type, r.name, {}};
    a.entries = kafka::topic_config_entries(*it, config.topic_defaults);
  } else if (r.type == kafka::resource_broker) {
    auto it = std::find_if(md.brokers.begin(), md.brokers.end(), [&](const broker_metadata& b) {
      return std::to_string(b.address.id.value()) == r.name;
    });
    if (it == md.brokers.end())
      return {error_code::invalid_request, "no broker " + r.name, r.type, r.name, {}};
    a.entries = broker_entries(it->address.id.value(), config);
  } else {
    return {error_code::invalid_request, "strom describes topics (2) and brokers (4) only",
            r.type, r.name, {}};
  }
  keep_asked(a, r.keys);
  return a;
}

// A topic's configs need describe_configs on it, a broker's on the cluster.
bool may_describe_configs(kafka_session_ptr self, const kafka::config_resource& r) {
  if (r.type == kafka::resource_topic)
    return may(self, acl_operation::describe_configs, resource_type::topic, r.name);
  return may(self, acl_operation::describe_configs, resource_type::cluster,
             std::string{cluster_resource_name});
}

config_answer refused(const kafka::config_resource& r) {
  auto code = r.type == kafka::resource_topic ? error_code::topic_authorization_failed
                                              : error_code::cluster_authorization_failed;
  return {code, "no describe_configs on " + r.name, r.type, r.name, {}};
}

} // namespace

void describe_configs(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& r) {
  auto request = kafka::read_describe_configs(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                metadata_atom::value, std::vector<std::string>{})
    .then(
      [self, slot, header, resources = *request](const cluster_metadata& md) {
        std::vector<config_answer> results;
        for (const auto& resource : resources)
          results.push_back(may_describe_configs(self, resource)
                              ? describe_one(resource, md, self->state.context.config)
                              : refused(resource));
        deliver(self, slot, header, kafka::write_describe_configs(header.api_version, results));
      },
      [self](const caf::error& err) { refuse(self, "metadata: " + describe(err)); });
}

} // namespace strom::kafka_session_detail
