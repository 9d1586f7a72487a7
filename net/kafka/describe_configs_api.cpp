#include "net/kafka/describe_configs_api.hpp"

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t synonyms_from = 1;
constexpr int16_t documentation_from = 3;

void write_entry(wire_writer& w, int16_t version, const config_entry& e) {
  w.string(e.name);
  w.nullable_string(e.value);
  w.boolean(e.read_only);
  if (version < synonyms_from)
    w.boolean(e.source == source_default); // is_default
  else
    w.int8(e.source);
  w.boolean(false); // is_sensitive: strom's settings hold no secrets
  if (version >= synonyms_from)
    w.array_length(0);
  if (version >= documentation_from) {
    w.int8(e.type);
    w.nullable_string(std::nullopt); // documentation
  }
  w.tagged_fields();
}

} // namespace

result<std::vector<config_resource>> read_describe_configs(int16_t version,
                                                           std::string_view body) {
  wire_reader r{body, is_flexible(api_key::describe_configs, version)};
  std::vector<config_resource> out;
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    config_resource c;
    c.type = r.int8();
    c.name = r.string();
    auto keys = r.array_length();
    if (keys >= 0) {
      c.keys.emplace();
      for (int32_t j = 0; j < keys && !r.failed(); ++j)
        c.keys->push_back(r.string());
    }
    r.tagged_fields();
    out.push_back(std::move(c));
  }
  if (version >= synonyms_from)
    r.boolean(); // include_synonyms: strom's keys have none
  if (version >= documentation_from)
    r.boolean(); // include_documentation: none is written either way
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "DescribeConfigs: " + r.failure()};
  return out;
}

int8_t kafka_type_of(std::string_view key) {
  auto type = topic_config_type(key);
  if (type == "long")
    return type_long;
  if (type == "int")
    return type_int;
  if (type == "list")
    return type_list;
  return type_string;
}

std::vector<config_entry> topic_config_entries(const topic_metadata& t,
                                               const topic_config& defaults) {
  std::vector<config_entry> out;
  auto fallback = config_texts(defaults_for_replicas(defaults, t.replication_factor));
  auto texts = config_texts(t.config);
  for (size_t i = 0; i < texts.size(); ++i) {
    auto& [key, value] = texts[i];
    auto source = value == fallback[i].second ? source_default : source_topic;
    out.push_back({key, value, false, source, kafka_type_of(key)});
  }
  return out;
}

std::string write_describe_configs(int16_t version, const std::vector<config_answer>& results) {
  wire_writer w{is_flexible(api_key::describe_configs, version)};
  w.int32(0);
  w.array_length(static_cast<int64_t>(results.size()));
  for (const auto& r : results) {
    w.int16(wire(r.error));
    w.nullable_string(r.message);
    w.int8(r.type);
    w.string(r.name);
    w.array_length(static_cast<int64_t>(r.entries.size()));
    for (const auto& e : r.entries)
      write_entry(w, version, e);
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
