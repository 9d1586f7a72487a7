// admin_client's consumer-group operations (Kafka's FindCoordinator,
// ListGroups, DescribeGroups, DeleteGroups, OffsetFetch and the offset reset
// of kafka-consumer-groups). A group's coordinator is the leader of
// coordinator_partition(group, N) of __consumer_offsets: the client finds it
// in the metadata, as the brokers do.

#include "net/client/admin_client.hpp"

#include <algorithm>
#include <thread>

#include "actors/group/group_records.hpp"
#include "messages/error_category.hpp"
#include "messages/raft/hard_state.hpp"
#include "net/client/error_context.hpp"
#include "net/cluster/backoff.hpp"

namespace strom {

namespace {

// A coordinator moves within an election and loads its groups in about as
// long: retry soon, then less often, until the call's timeout.
constexpr std::chrono::milliseconds coordinator_backoff_initial_ms{50};
constexpr std::chrono::milliseconds coordinator_backoff_max_ms{500};

caf::error coordinator_not_available(std::string why) {
  return make_error(errc::coordinator_not_available, std::move(why));
}

caf::expected<node_address> address_of(const cluster_metadata& md, node_id node) {
  for (const auto& b : md.brokers)
    if (b.address.id == node)
      return b.address;
  return coordinator_not_available("node " + std::to_string(node.value())
                                   + " is not in the metadata");
}

} // namespace

caf::expected<node_address> admin_client::find_coordinator(const std::string& group) {
  auto md = metadata({offsets_topic_name});
  if (!md && code_of(md.error()) == errc::unknown_topic)
    return coordinator_not_available(std::string{offsets_topic_name} + " is not created yet");
  if (!md)
    return std::move(md.error());
  if (md->topics.empty() || md->topics.front().partitions.empty())
    return coordinator_not_available(std::string{offsets_topic_name} + " has no partitions");
  const auto& partitions = md->topics.front().partitions;
  auto p = coordinator_partition(group, static_cast<int32_t>(partitions.size()));
  auto leader = partitions.at(static_cast<size_t>(p.value())).leader;
  if (leader == raft::no_node)
    return coordinator_not_available("partition " + std::to_string(p.value()) + " of "
                                     + offsets_topic_name + " has no leader");
  return address_of(*md, leader);
}

template <class Result, class... Ts>
caf::expected<Result> admin_client::ask_coordinator_once(const std::string& group,
                                                         const Ts&... xs) {
  auto coordinator = find_coordinator(group);
  if (!coordinator)
    return std::move(coordinator.error());
  return nodes_.ask<Result>(endpoint_of(*coordinator), xs...);
}

template <class Result, class... Ts>
caf::expected<Result> admin_client::ask_coordinator(const std::string& group, const Ts&... xs) {
  auto deadline = std::chrono::steady_clock::now() + timeout_ms_;
  exponential_backoff backoff{{coordinator_backoff_initial_ms, coordinator_backoff_max_ms}};
  for (;;) {
    auto out = ask_coordinator_once<Result>(group, xs...);
    if (out || !is_retriable(out.error()))
      return out;
    auto pause = backoff.next();
    if (std::chrono::steady_clock::now() + pause >= deadline)
      return out;
    std::this_thread::sleep_for(pause);
  }
}

caf::expected<std::vector<group_overview>> admin_client::list_groups() {
  auto md = metadata();
  if (!md)
    return std::move(md.error());
  std::vector<group_overview> out;
  for (const auto& b : md->brokers) {
    if (!b.alive)
      continue;
    // Each broker lists only the groups it coordinates.
    auto groups = nodes_.ask<std::vector<group_overview>>(endpoint_of(b.address),
                                                          list_groups_atom::value);
    if (!groups)
      return with_context("node " + std::to_string(b.address.id.value()), groups.error());
    out.insert(out.end(), groups->begin(), groups->end());
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.group < b.group; });
  // During a coordinator change two nodes may both still list a group.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const auto& a, const auto& b) { return a.group == b.group; }),
            out.end());
  return out;
}

caf::expected<group_description> admin_client::describe_group(const std::string& group) {
  return ask_coordinator<group_description>(group, describe_group_atom::value, group);
}

caf::expected<void> admin_client::delete_group(const std::string& group) {
  return ask_coordinator<void>(group, delete_group_atom::value, group);
}

caf::expected<committed_offsets> admin_client::fetch_offsets(const std::string& group) {
  return ask_coordinator<committed_offsets>(group, fetch_offsets_atom::value,
                                            fetch_offsets_request{group, {}});
}

caf::expected<void> admin_client::commit_offsets(const commit_offsets_request& request) {
  return ask_coordinator<void>(request.member.group, commit_offsets_atom::value, request);
}

caf::expected<record_offset> admin_client::list_offsets(const std::string& topic,
                                                        partition_id p, int64_t spec) {
  return leaders_.list_offsets(topic, p, spec);
}

std::vector<partition_lag> admin_client::group_lag(const group_description& group) {
  auto rows = lag_rows(group);
  for (auto& r : rows)
    if (auto end = list_offsets(r.partition.topic, r.partition.partition, latest_offset_spec))
      r.log_end = *end;
  return rows;
}

} // namespace strom
