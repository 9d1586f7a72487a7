#include "net/http/ws_request.hpp"

#include "net/http/http_requests.hpp"

namespace strom {

std::optional<request_error> parse_ws_request(const route& r, ws_request& out) {
  out.topic = r.topic;
  if (auto err = query_encoding(r.query, out.encoding))
    return err;
  auto group = r.query.find("group");
  auto partition = r.query.find("partition");
  if (auto commit = r.query.find("commit"); commit != r.query.end()) {
    if (commit->second != "client" && commit->second != "written")
      return request_error{"commit", "must be client or written"};
    if (group == r.query.end())
      return request_error{"commit", "only a group commits"};
    out.client_commits = commit->second == "client";
  }
  if (group != r.query.end()) {
    if (group->second.empty())
      return request_error{"group", "must be a group name"};
    if (partition != r.query.end() || r.query.count("offset"))
      return request_error{"partition", "a group's partitions are the group's to assign"};
    out.group = group->second;
    return std::nullopt;
  }
  if (partition == r.query.end())
    return request_error{"partition", "is required without a group"};
  if (auto err = parse_partition_segment(partition->second, out.partition))
    return err;
  return query_offset(r.query, out.offset);
}

} // namespace strom
