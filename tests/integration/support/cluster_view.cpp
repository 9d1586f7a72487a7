#include "tests/integration/support/cluster_view.hpp"

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

} // namespace strom::testing
