#pragma once
// Which resource a request names: the method and the target (path and
// query) in, the route out, with its path parameters percent-decoded. Pure:
// the session asks it and the unit tests drive it alone.

#include <map>
#include <string>
#include <string_view>

namespace strom {

enum class route_kind {
  no_route,     // 404: no such resource
  wrong_method, // 405: the resource exists; `allowed` lists its methods
  list_topics,
  create_topic,
  describe_topic,
  delete_topic,
  describe_topic_configs, // GET /v1/topics/T/configs
  alter_topic_configs,    // POST /v1/topics/T/configs
  produce,
  read_records,
  create_consumer,
  delete_consumer,
  subscribe,
  poll_records,
  commit_offsets,
  get_assignments,
  cluster,
  list_groups,
  describe_group,
  websocket,
  metrics, // Prometheus's text format
  healthz, // the process serves
  readyz,  // the node is in the cluster and caught up
  console, // the web console's page
  node_metrics, // another node's /metrics, through this one (the console's)
};

struct route {
  route_kind kind = route_kind::no_route;
  std::string topic;
  std::string group;
  std::string instance;
  std::string partition; // as written: the handler says what is wrong with it
  std::string node;      // as written, for node_metrics
  std::map<std::string, std::string> query;
  std::string allowed; // for wrong_method, as the Allow header
};

route find_route(std::string_view method, std::string_view target);

// "a%20b+c" -> "a b c"; nothing when an escape is malformed.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

// "a=1&b=x%20y" -> {a: 1, b: "x y"}; false when an escape is malformed.
bool parse_query(std::string_view query, std::map<std::string, std::string>& out);

} // namespace strom
