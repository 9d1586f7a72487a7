#include "actors/group/offset_table.hpp"

namespace strom {
namespace {

// Kafka's rule for a group the coordinator does not hold: only simple
// commits, from clients outside any group.
result<void> check_groupless(const offset_commit_request& request) {
  if (request.generation == no_generation && request.member.value().empty())
    return {};
  return strom::error{errc::unknown_member,
                      "group " + request.group + " has no member " + request.member.value()};
}

} // namespace

result<std::vector<offset_commit>>
offset_table::prepare_commit(const group_state* group, const offset_commit_request& request,
                             int64_t now_ms) const {
  auto fenced = group ? group->validate_offset_commit(request.member, request.generation)
                      : check_groupless(request);
  if (!fenced)
    return fenced.error();
  if (request.partitions.size() > limits_.partitions_per_commit_max)
    return strom::error{errc::bad_request,
                        std::to_string(request.partitions.size()) + " partitions in one commit"};
  std::vector<offset_commit> out;
  for (const auto& p : request.partitions) {
    if (p.offset.value() < 0)
      return strom::error{errc::bad_request, "negative offset for " + p.partition.topic};
    if (p.metadata.size() > limits_.metadata_bytes_max)
      return strom::error{errc::bad_request, "offset metadata of "
                                               + std::to_string(p.metadata.size()) + " bytes"};
    out.push_back({{request.group, p.partition}, {p.offset, p.metadata, now_ms}});
  }
  return out;
}

void offset_table::apply(const offset_commit& commit) {
  offsets_[commit.key.group][commit.key.partition] = commit.value;
}

void offset_table::erase(const offset_key& key) {
  auto group = offsets_.find(key.group);
  if (group == offsets_.end())
    return;
  group->second.erase(key.partition);
  if (group->second.empty())
    offsets_.erase(group);
}

std::optional<committed_offset> offset_table::fetch(const std::string& group,
                                                    const topic_partition& partition) const {
  auto it = offsets_.find(group);
  if (it == offsets_.end())
    return std::nullopt;
  auto offset = it->second.find(partition);
  if (offset == it->second.end())
    return std::nullopt;
  return offset->second;
}

std::map<topic_partition, committed_offset>
offset_table::fetch_group(const std::string& group) const {
  auto it = offsets_.find(group);
  return it == offsets_.end() ? std::map<topic_partition, committed_offset>{} : it->second;
}

std::vector<offset_key> offset_table::group_keys(const std::string& group) const {
  std::vector<offset_key> out;
  for (const auto& [partition, offset] : fetch_group(group))
    out.push_back({group, partition});
  return out;
}

std::vector<std::string> offset_table::groups() const {
  std::vector<std::string> out;
  for (const auto& entry : offsets_)
    out.push_back(entry.first);
  return out;
}

} // namespace strom
