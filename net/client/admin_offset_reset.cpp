// admin_client::reset_offsets: Kafka's offset reset for a group with no
// active members. The target of each partition comes from its leader
// (list_offsets), then one "simple" commit (no member, generation -1) sets
// them all; the coordinator refuses it too should a member join meanwhile.

#include "net/client/admin_client.hpp"

#include <algorithm>

#include "messages/error_category.hpp"
#include "net/client/error_context.hpp"

namespace strom {

namespace {

// The partitions named, checked against the topic, or all of them.
caf::expected<std::vector<partition_id>> partitions_to_reset(const offset_reset& reset,
                                                             const topic_metadata& topic) {
  if (reset.partitions.empty()) {
    std::vector<partition_id> all;
    for (const auto& p : topic.partitions)
      all.push_back(p.partition);
    return all;
  }
  for (auto p : reset.partitions)
    if (p.value() < 0 || static_cast<size_t>(p.value()) >= topic.partitions.size())
      return make_error(errc::unknown_partition, "topic " + topic.name + " has no partition "
                                                   + std::to_string(p.value()));
  return reset.partitions;
}

} // namespace

caf::error admin_client::refuse_if_active(const std::string& group) {
  auto described = describe_group(group);
  if (!described)
    // A group nobody has used yet: the commit creates it.
    return code_of(described.error()) == errc::not_found ? caf::error{} : described.error();
  auto members = described->members.size();
  if (members == 0)
    return {};
  return make_error(errc::non_empty_group,
                    "group " + group + " has " + std::to_string(members)
                      + (members == 1 ? " active member" : " active members")
                      + "; stop its consumers before resetting its offsets");
}

caf::expected<record_offset> admin_client::reset_offset_of(const offset_reset& reset,
                                                           partition_id p) {
  switch (reset.target.kind) {
    case reset_kind::earliest:
      return list_offsets(reset.topic, p, earliest_offset_spec);
    case reset_kind::latest:
      return list_offsets(reset.topic, p, latest_offset_spec);
    case reset_kind::timestamp:
      return list_offsets(reset.topic, p, reset.target.value);
    case reset_kind::offset:
      break;
  }
  // As Kafka's --to-offset: an offset outside the log moves to its nearer end.
  auto earliest = list_offsets(reset.topic, p, earliest_offset_spec);
  if (!earliest)
    return earliest;
  auto latest = list_offsets(reset.topic, p, latest_offset_spec);
  if (!latest)
    return latest;
  return std::clamp(record_offset{reset.target.value}, *earliest, *latest);
}

caf::expected<committed_offsets> admin_client::reset_offsets(const offset_reset& reset) {
  if (auto refused = refuse_if_active(reset.group))
    return refused;
  auto md = metadata({reset.topic});
  if (!md)
    return std::move(md.error());
  auto partitions = partitions_to_reset(reset, md->topics.front());
  if (!partitions)
    return std::move(partitions.error());
  commit_offsets_request commit{{reset.group, {}, -1, {}}, {}};
  for (auto p : *partitions) {
    auto target = reset_offset_of(reset, p);
    if (!target)
      return with_context(reset.topic + "/" + std::to_string(p.value()), target.error());
    commit.offsets.push_back({{reset.topic, p}, *target, {}, -1});
  }
  if (auto committed = commit_offsets(commit); !committed)
    return committed.error();
  return commit.offsets;
}

} // namespace strom
