#include "net/kafka/alter_configs_api.hpp"

#include <algorithm>

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// Kafka's AlterConfigOp.OpType: SET 0, DELETE 1, APPEND 2, SUBTRACT 3.
constexpr int8_t op_max = 3;

struct read_config {
  std::string name;
  int8_t op = 0;
  std::optional<std::string> value;
};

template <class ReadOne>
alter_configs_request read_resources(wire_reader& r, ReadOne read_one) {
  alter_configs_request out;
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    alter_resource resource;
    resource.type = r.int8();
    resource.name = r.string();
    std::vector<read_config> configs;
    auto n = r.array_length();
    for (int32_t j = 0; j < n && !r.failed(); ++j) {
      configs.push_back(read_one(r));
      r.tagged_fields();
    }
    r.tagged_fields();
    read_one.to_changes(resource, configs);
    out.resources.push_back(std::move(resource));
  }
  out.validate_only = r.boolean();
  r.tagged_fields();
  return out;
}

struct incremental_reader {
  read_config operator()(wire_reader& r) const {
    read_config c;
    c.name = r.string();
    c.op = r.int8();
    c.value = r.nullable_string();
    return c;
  }
  void to_changes(alter_resource& out, const std::vector<read_config>& configs) const {
    for (const auto& c : configs) {
      if (c.op < 0 || c.op > op_max) {
        out.unreadable = "config " + c.name + ": operation " + std::to_string(c.op);
        return;
      }
      auto op = static_cast<config_op>(c.op);
      if (op != config_op::remove && !c.value) {
        out.unreadable = "config " + c.name + ": a null value";
        return;
      }
      out.changes.push_back(config_change{c.name, op, c.value.value_or("")});
    }
  }
};

// AlterConfigs says the whole set: what it leaves out goes back to default.
struct replacing_reader {
  read_config operator()(wire_reader& r) const {
    read_config c;
    c.name = r.string();
    c.value = r.nullable_string();
    return c;
  }
  void to_changes(alter_resource& out, const std::vector<read_config>& configs) const {
    for (const auto& c : configs)
      out.changes.push_back(c.value ? config_change{c.name, config_op::set, *c.value}
                                    : config_change{c.name, config_op::remove, ""});
    for (auto key : topic_config_keys()) {
      bool named = std::any_of(configs.begin(), configs.end(),
                               [&](const read_config& c) { return c.name == key; });
      if (!named)
        out.changes.push_back(config_change{std::string{key}, config_op::remove, ""});
    }
  }
};

template <class Reader>
result<alter_configs_request> read_with(api_key key, int16_t version, std::string_view body,
                                        const char* what) {
  wire_reader r{body, is_flexible(key, version)};
  auto out = read_resources(r, Reader{});
  if (r.failed())
    return error{errc::bad_request, std::string{what} + ": " + r.failure()};
  return out;
}

} // namespace

result<alter_configs_request> read_alter_configs(int16_t version, std::string_view body) {
  return read_with<replacing_reader>(api_key::alter_configs, version, body, "AlterConfigs");
}

result<alter_configs_request> read_incremental_alter_configs(int16_t version,
                                                             std::string_view body) {
  return read_with<incremental_reader>(api_key::incremental_alter_configs, version, body,
                                       "IncrementalAlterConfigs");
}

std::string write_alter_configs(bool flexible, const std::vector<alter_answer>& answers) {
  wire_writer w{flexible};
  w.int32(0); // throttle_time_ms
  w.array_length(static_cast<int64_t>(answers.size()));
  for (const auto& a : answers) {
    w.int16(wire(a.error));
    w.nullable_string(a.message);
    w.int8(a.type);
    w.string(a.name);
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
