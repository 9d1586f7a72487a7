#include "net/kafka/group_listing_api.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t throttle_from = 1;
constexpr int16_t operations_from = 3;
constexpr int16_t instance_id_from = 4;
constexpr int16_t states_filter_from = 4;
// "Not requested" in Kafka's authorized-operations bit fields.
constexpr int32_t operations_omitted = INT32_MIN;
constexpr const char* consumer_protocol = "consumer";

// A strom group is shown as Kafka consumers; a Kafka group as it is.
std::string protocol_type_of(const group_overview& g) {
  return g.protocol_type.empty() ? consumer_protocol : g.protocol_type;
}

void write_member(wire_writer& w, int16_t version, bool kafka_group,
                  const group_member_description& m) {
  w.string(m.member);
  if (version >= instance_id_from)
    w.nullable_string(m.group_instance_id.empty() ? std::nullopt
                                                  : std::optional<std::string>{m.group_instance_id});
  w.string(m.client_id);
  w.string(""); // client_host: strom's sessions do not keep it
  if (kafka_group) {
    w.bytes(m.protocol_metadata);
    w.bytes(m.opaque_assignment);
  } else {
    w.bytes(consumer_subscription(m.subscription));
    w.bytes(consumer_assignment(m.assignment));
  }
  w.tagged_fields();
}

void write_group(wire_writer& w, int16_t version, const described_group& g) {
  const auto& d = g.description;
  bool known = g.error == error_code::none && !d.overview.group.empty();
  w.int16(wire(g.error));
  w.string(g.name);
  w.string(known ? kafka_group_state(d.overview.state) : std::string{"Dead"});
  w.string(known ? protocol_type_of(d.overview) : "");
  w.string(known ? d.overview.protocol : "");
  w.array_length(known ? static_cast<int64_t>(d.members.size()) : 0);
  if (known)
    for (const auto& m : d.members)
      write_member(w, version, !d.overview.protocol_type.empty(), m);
  if (version >= operations_from)
    w.int32(operations_omitted);
  w.tagged_fields();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Kafka's coordinators match state names without regard to case.
bool kept_by(const list_groups_request& request, const std::string& kafka_state) {
  if (request.states.empty())
    return true;
  return std::any_of(request.states.begin(), request.states.end(),
                     [&](const std::string& s) { return lower(s) == lower(kafka_state); });
}

} // namespace

std::string kafka_group_state(const std::string& state) {
  static const std::map<std::string, std::string> names{
    {"empty", "Empty"}, {"preparing_rebalance", "PreparingRebalance"},
    {"completing_rebalance", "CompletingRebalance"}, {"stable", "Stable"}, {"dead", "Dead"}};
  auto it = names.find(state);
  return it == names.end() ? state : it->second;
}

result<list_groups_request> read_list_groups(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::list_groups, version)};
  list_groups_request out;
  if (version >= states_filter_from)
    out.states = r.string_array();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "ListGroups: " + r.failure()};
  return out;
}

std::string write_list_groups(int16_t version, error_code error,
                              const std::vector<group_overview>& groups,
                              const list_groups_request& request) {
  wire_writer w{is_flexible(api_key::list_groups, version)};
  if (version >= throttle_from)
    w.int32(0);
  w.int16(wire(error));
  std::vector<const group_overview*> kept;
  for (const auto& g : groups)
    if (kept_by(request, kafka_group_state(g.state)))
      kept.push_back(&g);
  w.array_length(static_cast<int64_t>(kept.size()));
  for (const auto* g : kept) {
    w.string(g->group);
    w.string(protocol_type_of(*g));
    if (version >= states_filter_from)
      w.string(kafka_group_state(g->state));
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

result<describe_groups_request> read_describe_groups(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::describe_groups, version)};
  describe_groups_request out;
  out.groups = r.string_array();
  if (version >= operations_from)
    r.boolean(); // include_authorized_operations: no ACLs yet
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "DescribeGroups: " + r.failure()};
  return out;
}

std::string write_describe_groups(int16_t version, const std::vector<described_group>& groups) {
  wire_writer w{is_flexible(api_key::describe_groups, version)};
  if (version >= throttle_from)
    w.int32(0);
  w.array_length(static_cast<int64_t>(groups.size()));
  for (const auto& g : groups)
    write_group(w, version, g);
  w.tagged_fields();
  return w.take();
}

std::string consumer_subscription(const std::vector<std::string>& topics) {
  wire_writer w{false};
  w.int16(0);
  w.array_length(static_cast<int64_t>(topics.size()));
  for (const auto& t : topics)
    w.string(t);
  w.nullable_bytes(std::nullopt); // user_data
  return w.take();
}

std::string consumer_assignment(const std::vector<topic_partition>& assignment) {
  std::map<std::string, std::vector<int32_t>> by_topic;
  for (const auto& tp : assignment)
    by_topic[tp.topic].push_back(tp.partition.value());
  wire_writer w{false};
  w.int16(0);
  w.array_length(static_cast<int64_t>(by_topic.size()));
  for (const auto& [topic, partitions] : by_topic) {
    w.string(topic);
    w.array_length(static_cast<int64_t>(partitions.size()));
    for (auto p : partitions)
      w.int32(p);
  }
  w.nullable_bytes(std::nullopt); // user_data
  return w.take();
}

result<std::vector<std::string>> read_delete_groups(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::delete_groups, version)};
  auto out = r.string_array();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "DeleteGroups: " + r.failure()};
  return out;
}

std::string write_delete_groups(int16_t version,
                                const std::vector<std::pair<std::string, error_code>>& results) {
  wire_writer w{is_flexible(api_key::delete_groups, version)};
  w.int32(0);
  w.array_length(static_cast<int64_t>(results.size()));
  for (const auto& [group, error] : results) {
    w.string(group);
    w.int16(wire(error));
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
