#include "tests/integration/support/cluster_view.hpp"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"

namespace strom::testing {

void client_log_from_env() {
  if (const char* level = std::getenv("STROM_CLIENT_LOG"))
    spdlog::set_level(spdlog::level::from_str(level));
}

bool cluster_view::brokers_alive(std::chrono::milliseconds timeout) {
  auto nodes = static_cast<size_t>(cluster_.node_count());
  return eventually([&] {
    for (int n = 1; n <= cluster_.node_count(); ++n) {
      node_id id{n};
      if (!cluster_.running(id))
        continue;
      admin_client client{sys_, {cluster_.endpoint_of(id)}, std::chrono::milliseconds{2000}};
      auto md = client.metadata();
      if (!md || md->brokers.size() != nodes)
        return false;
      for (const auto& b : md->brokers)
        if (!b.alive)
          return false;
    }
    return true;
  }, timeout);
}

std::vector<endpoint> cluster_view::endpoints() const {
  std::vector<endpoint> out;
  for (int n = 1; n <= cluster_.node_count(); ++n)
    out.push_back(cluster_.endpoint_of(node_id{n}));
  return out;
}

caf::error cluster_view::create_topic(const topic_spec& spec, std::chrono::milliseconds timeout) {
  admin_client admin{sys_, endpoints(), std::chrono::milliseconds{5000}};
  caf::error last;
  bool created = eventually([&] {
    auto t = admin.create_topic(spec);
    if (t || code_of(t.error()) == errc::topic_exists)
      return true;
    last = t.error();
    return false;
  }, timeout);
  return created ? caf::error{} : last;
}

std::optional<size_t> cluster_view::group_members(const std::string& group) {
  admin_client client{sys_, endpoints(), std::chrono::milliseconds{2000}};
  auto described = client.describe_group(group);
  if (!described)
    return std::nullopt;
  return described->members.size();
}

std::string cluster_view::leaves_when_closed(const std::string& group,
                                             const std::function<void()>& open,
                                             const std::function<void()>& close) {
  using namespace std::chrono_literals;
  // Far inside the session timeout: only a leave empties the group by then.
  constexpr auto leave_bound = 10s;
  open();
  bool joined = eventually([&] {
    auto members = group_members(group);
    return members && *members == 1;
  }, 30s);
  close();
  if (!joined)
    return "the client never showed as a member of " + group;
  bool left = eventually([&] {
    auto members = group_members(group);
    return members && *members == 0;
  }, leave_bound);
  if (!left)
    return "the closed client was still a member of " + group + " " +
           std::to_string(leave_bound.count()) + " s later";
  return {};
}

} // namespace strom::testing
