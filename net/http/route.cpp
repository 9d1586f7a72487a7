#include "net/http/route.hpp"

#include <charconv>
#include <vector>

namespace strom {

namespace {

// The path's segments, decoded; false when one is malformed or empty.
bool split_path(std::string_view path, std::vector<std::string>& segments) {
  if (path.empty() || path.front() != '/')
    return false;
  path.remove_prefix(1);
  while (!path.empty()) {
    auto slash = path.find('/');
    auto piece = path.substr(0, slash);
    std::string decoded;
    if (piece.empty() || !percent_decode(piece, decoded, false))
      return false;
    segments.push_back(std::move(decoded));
    if (slash == std::string_view::npos)
      break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

// A resource and what each method does on it.
struct methods {
  route_kind get = route_kind::wrong_method;
  route_kind post = route_kind::wrong_method;
  route_kind del = route_kind::wrong_method;
};

std::string allowed_of(const methods& m) {
  std::string out;
  auto add = [&out](route_kind k, const char* name) {
    if (k == route_kind::wrong_method)
      return;
    out += out.empty() ? name : std::string{", "} + name;
  };
  add(m.get, "GET");
  add(m.post, "POST");
  add(m.del, "DELETE");
  return out;
}

constexpr methods none{route_kind::no_route, route_kind::no_route, route_kind::no_route};

// The consumer instance's sub-resources: /v1/consumers/G/instances/I/...
methods instance_methods(const std::vector<std::string>& s) {
  if (s.size() == 5)
    return {route_kind::wrong_method, route_kind::wrong_method, route_kind::delete_consumer};
  if (s.size() != 6)
    return none;
  if (s[5] == "subscription")
    return {route_kind::wrong_method, route_kind::subscribe, route_kind::wrong_method};
  if (s[5] == "records")
    return {route_kind::poll_records, route_kind::wrong_method, route_kind::wrong_method};
  if (s[5] == "offsets")
    return {route_kind::wrong_method, route_kind::commit_offsets, route_kind::wrong_method};
  if (s[5] == "assignments")
    return {route_kind::get_assignments, route_kind::wrong_method, route_kind::wrong_method};
  return none;
}

methods topic_methods(const std::vector<std::string>& s, route& r) {
  if (s.size() == 2)
    return {route_kind::list_topics, route_kind::create_topic, route_kind::wrong_method};
  r.topic = s[2];
  if (s.size() == 3)
    return {route_kind::describe_topic, route_kind::wrong_method, route_kind::delete_topic};
  if (s.size() == 4 && s[3] == "records")
    return {route_kind::wrong_method, route_kind::produce, route_kind::wrong_method};
  if (s.size() == 4 && s[3] == "configs")
    return {route_kind::describe_topic_configs, route_kind::alter_topic_configs,
            route_kind::wrong_method};
  if (s.size() == 4 && s[3] == "ws")
    return {route_kind::websocket, route_kind::wrong_method, route_kind::wrong_method};
  if (s.size() != 6 || s[3] != "partitions" || s[5] != "records")
    return none;
  r.partition = s[4];
  return {route_kind::read_records, route_kind::wrong_method, route_kind::wrong_method};
}

methods consumer_methods(const std::vector<std::string>& s, route& r) {
  if (s.size() < 3)
    return none;
  r.group = s[2];
  if (s.size() == 3)
    return {route_kind::wrong_method, route_kind::create_consumer, route_kind::wrong_method};
  if (s[3] != "instances" || s.size() < 5)
    return none;
  r.instance = s[4];
  return instance_methods(s);
}

methods group_methods(const std::vector<std::string>& s, route& r) {
  if (s.size() == 2)
    return {route_kind::list_groups, route_kind::wrong_method, route_kind::wrong_method};
  if (s.size() != 3)
    return none;
  r.group = s[2];
  return {route_kind::describe_group, route_kind::wrong_method, route_kind::wrong_method};
}

// The operator's resources at the root: /metrics, /healthz, /readyz.
methods operator_methods(const std::string& name) {
  if (name == "metrics")
    return {route_kind::metrics, route_kind::wrong_method, route_kind::wrong_method};
  if (name == "healthz")
    return {route_kind::healthz, route_kind::wrong_method, route_kind::wrong_method};
  if (name == "readyz")
    return {route_kind::readyz, route_kind::wrong_method, route_kind::wrong_method};
  return none;
}

// /v1/nodes/N/metrics
methods node_methods(const std::vector<std::string>& s, route& r) {
  if (s.size() != 4 || s[3] != "metrics")
    return none;
  r.node = s[2];
  return {route_kind::node_metrics, route_kind::wrong_method, route_kind::wrong_method};
}

methods methods_of(const std::vector<std::string>& s, route& r) {
  if (s.empty())
    return {route_kind::console, route_kind::wrong_method, route_kind::wrong_method};
  if (s.size() == 1)
    return operator_methods(s[0]);
  if (s.size() < 2 || s[0] != "v1")
    return none;
  const auto& resource = s[1];
  if (resource == "topics")
    return topic_methods(s, r);
  if (resource == "consumers")
    return consumer_methods(s, r);
  if (resource == "groups")
    return group_methods(s, r);
  if (resource == "nodes")
    return node_methods(s, r);
  if (s.size() == 2 && resource == "cluster")
    return {route_kind::cluster, route_kind::wrong_method, route_kind::wrong_method};
  return none;
}

} // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      if (i + 2 >= in.size())
        return false;
      unsigned byte = 0; // unsigned: from_chars takes no sign then
      auto digits = in.data() + i + 1;
      auto [end, ec] = std::from_chars(digits, digits + 2, byte, 16);
      if (ec != std::errc{} || end != digits + 2)
        return false;
      out += static_cast<char>(byte);
      i += 2;
    }
  }
  return true;
}

bool parse_query(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty())
      continue;
    auto eq = pair.find('=');
    std::string name;
    std::string value;
    if (!percent_decode(pair.substr(0, eq), name, true))
      return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true))
      return false;
    out[std::move(name)] = std::move(value);
  }
  return true;
}

route find_route(std::string_view method, std::string_view target) {
  route r;
  auto question = target.find('?');
  std::vector<std::string> segments;
  if (!split_path(target.substr(0, question), segments))
    return r;
  if (question != std::string_view::npos && !parse_query(target.substr(question + 1), r.query))
    return r;
  auto m = methods_of(segments, r);
  route_kind k = route_kind::wrong_method;
  if (method == "GET")
    k = m.get;
  else if (method == "POST")
    k = m.post;
  else if (method == "DELETE")
    k = m.del;
  else if (m.get == route_kind::no_route)
    k = route_kind::no_route;
  r.kind = k;
  if (k == route_kind::wrong_method)
    r.allowed = allowed_of(m);
  return r;
}

} // namespace strom
