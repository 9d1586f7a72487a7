#include "net/kafka/topic_admin_api.hpp"

#include <climits>


#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t create_validate_only_from = 1;
constexpr int16_t create_message_from = 1;
constexpr int16_t create_throttle_from = 2;
constexpr int16_t delete_throttle_from = 1;
constexpr int16_t create_shape_from = 5;
constexpr int16_t delete_message_from = 5;

// Skips an array of (int32 partition, []int32 brokers); true if it held any.
bool skip_assignments(wire_reader& r, bool with_index) {
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    if (with_index)
      r.int32();
    auto brokers = r.array_length();
    for (int32_t j = 0; j < brokers && !r.failed(); ++j)
      r.int32();
    r.tagged_fields();
  }
  return count > 0;
}

creatable_topic read_creatable(wire_reader& r) {
  creatable_topic t;
  t.name = r.string();
  t.partitions = r.int32();
  t.replication_factor = r.int16();
  t.manual_assignment = skip_assignments(r, true);
  auto configs = r.array_length();
  for (int32_t i = 0; i < configs && !r.failed(); ++i) {
    auto name = r.string();
    t.configs.emplace_back(std::move(name), r.nullable_string());
    r.tagged_fields();
  }
  r.tagged_fields();
  return t;
}

void write_created_config(wire_writer& w, const config_entry& e) {
  w.string(e.name);
  w.nullable_string(e.value);
  w.boolean(e.read_only);
  w.int8(e.source);
  w.boolean(false); // is_sensitive: strom's settings hold no secrets
  w.tagged_fields();
}

void write_shape(wire_writer& w, const created_shape& shape) {
  w.int32(shape.partitions);
  w.int16(shape.replication_factor);
  if (!shape.configs)
    return w.array_length(-1);
  w.array_length(static_cast<int64_t>(shape.configs->size()));
  for (const auto& e : *shape.configs)
    write_created_config(w, e);
}

// Every answer here: per topic its name, error, message where the version
// has one, and CreateTopics v5+'s shape.
void write_errors(wire_writer& w, const std::vector<topic_error>& topics, bool with_message,
                  bool with_shape = false) {
  w.array_length(static_cast<int64_t>(topics.size()));
  for (const auto& t : topics) {
    w.string(t.name);
    w.int16(wire(t.error));
    if (with_message)
      w.nullable_string(t.message);
    if (with_shape)
      write_shape(w, t.created);
    w.tagged_fields();
  }
  w.tagged_fields();
}

} // namespace

result<create_topics_request> read_create_topics(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::create_topics, version)};
  create_topics_request out;
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i)
    out.topics.push_back(read_creatable(r));
  out.timeout_ms = r.int32();
  if (version >= create_validate_only_from)
    out.validate_only = r.boolean();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "CreateTopics: " + r.failure()};
  return out;
}

result<topic_spec> spec_of(const creatable_topic& t, error_code& refusal) {
  topic_spec spec;
  spec.name = t.name;
  if (t.manual_assignment) {
    refusal = error_code::invalid_replica_assignment;
    return error{errc::bad_request, "strom places replicas itself: leave assignments empty"};
  }
  if (t.partitions == 0 || t.partitions < -1) {
    refusal = error_code::invalid_partitions;
    return error{errc::bad_request, "partitions must be positive, or -1 for the default"};
  }
  if (t.replication_factor == 0 || t.replication_factor < -1) {
    refusal = error_code::invalid_replication_factor;
    return error{errc::bad_request, "replication factor must be positive, or -1 for the default"};
  }
  spec.partitions = t.partitions < 0 ? 0 : t.partitions;
  spec.replication_factor = t.replication_factor < 0 ? 0 : t.replication_factor;
  // A null value leaves the key to the cluster's default, as in Kafka.
  topic_config probe;
  for (const auto& [key, value] : t.configs) {
    if (!value)
      continue;
    if (auto ok = set_config(probe, key, *value); !ok) {
      refusal = error_code::invalid_config;
      return ok.error();
    }
    spec.configs.emplace_back(key, *value);
  }
  auto replicas = t.replication_factor > 0 ? t.replication_factor : INT32_MAX;
  if (auto ok = validate_topic_config(probe, replicas); !ok) {
    refusal = error_code::invalid_config;
    return ok.error();
  }
  return spec;
}

created_shape shape_of(const topic_metadata& t) {
  return {static_cast<int32_t>(t.partitions.size()), static_cast<int16_t>(t.replication_factor),
          topic_config_entries(t, topic_config{})};
}

std::string write_create_topics(int16_t version, const std::vector<topic_error>& topics) {
  wire_writer w{is_flexible(api_key::create_topics, version)};
  if (version >= create_throttle_from)
    w.int32(0);
  write_errors(w, topics, version >= create_message_from, version >= create_shape_from);
  return w.take();
}

result<delete_topics_request> read_delete_topics(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::delete_topics, version)};
  delete_topics_request out;
  out.names = r.string_array();
  out.timeout_ms = r.int32();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "DeleteTopics: " + r.failure()};
  return out;
}

std::string write_delete_topics(int16_t version, const std::vector<topic_error>& topics) {
  wire_writer w{is_flexible(api_key::delete_topics, version)};
  if (version >= delete_throttle_from)
    w.int32(0);
  write_errors(w, topics, version >= delete_message_from);
  return w.take();
}

result<create_partitions_request> read_create_partitions(int16_t version,
                                                         std::string_view body) {
  wire_reader r{body, is_flexible(api_key::create_partitions, version)};
  create_partitions_request out;
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    partitions_growth g;
    g.name = r.string();
    g.count = r.int32();
    g.manual_assignment = skip_assignments(r, false);
    r.tagged_fields();
    out.topics.push_back(std::move(g));
  }
  out.timeout_ms = r.int32();
  out.validate_only = r.boolean();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "CreatePartitions: " + r.failure()};
  return out;
}

std::string write_create_partitions(int16_t version, const std::vector<topic_error>& topics) {
  wire_writer w{is_flexible(api_key::create_partitions, version)};
  w.int32(0);
  write_errors(w, topics, true);
  return w.take();
}

} // namespace strom::kafka
