#include "tests/integration/support/cluster_view.hpp"

#include "messages/error_category.hpp"

namespace strom::testing {

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

} // namespace strom::testing
