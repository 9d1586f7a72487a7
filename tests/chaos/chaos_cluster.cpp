#include "tests/chaos/chaos_cluster.hpp"

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"

namespace strom::testing {

using namespace std::chrono_literals;

std::vector<endpoint> chaos_cluster::endpoints() const {
  return view_.endpoints();
}

std::optional<cluster_metadata> chaos_cluster::metadata(node_id id,
                                                        std::vector<std::string> topics) {
  if (!cluster_.running(id))
    return std::nullopt;
  admin_client client{view_.system(), {cluster_.endpoint_of(id)}, 2000ms};
  auto md = client.metadata(std::move(topics));
  return md ? std::optional<cluster_metadata>{*md} : std::nullopt;
}

std::optional<topic_metadata> chaos_cluster::topic(const std::string& name) {
  for (size_t n = 1; n <= endpoints().size(); ++n)
    if (auto md = metadata(node_id{static_cast<int32_t>(n)}, {name}))
      return md->topics.at(0);
  return std::nullopt;
}

std::map<node_id, int> chaos_cluster::leaders(const std::string& topic) {
  std::map<group_id, node_id> by_group;
  for (size_t n = 1; n <= endpoints().size(); ++n) {
    auto md = metadata(node_id{static_cast<int32_t>(n)}, {topic});
    if (!md)
      continue;
    for (const auto& p : md->topics.at(0).partitions)
      if (p.leader.value() >= 0 && cluster_.running(p.leader))
        by_group.emplace(p.group, p.leader);
  }
  std::map<node_id, int> out;
  for (const auto& [group, leader] : by_group)
    ++out[leader];
  return out;
}

std::optional<fetch_reply> chaos_cluster::fetch(node_id via, group_id group, record_offset from) {
  admin_client client{view_.system(), {cluster_.endpoint_of(via)}, 5000ms};
  auto broker = client.broker();
  if (!broker)
    return std::nullopt;
  caf::scoped_actor self{view_.system()};
  std::optional<fetch_reply> out;
  self->request(*broker, 10s, fetch_atom::value, group, fetch_request{from, 4 << 20, 0})
    .receive([&](fetch_reply& r) { out = std::move(r); }, [&](caf::error&) {});
  return out;
}

std::optional<std::vector<stored_record>> chaos_cluster::read_all(const std::string& name,
                                                                  partition_id partition) {
  std::vector<stored_record> out;
  record_offset next{0};
  bool done = false;
  auto finished = eventually([&] {
    auto t = topic(name);
    if (!t)
      return false;
    const auto& p = t->partitions.at(static_cast<size_t>(partition.value()));
    if (p.leader.value() < 0 || !cluster_.running(p.leader))
      return false;
    while (!done) {
      auto reply = fetch(p.leader, p.group, next);
      if (!reply)
        return false;
      for (const auto& b : reply->batches) {
        auto records = decode_record_batch(b);
        if (!records)
          return false;
        for (auto& r : *records)
          if (r.offset >= next)
            out.push_back(std::move(r));
      }
      if (!out.empty())
        next = out.back().offset.next();
      done = next >= reply->high_watermark;
    }
    return true;
  }, 60s);
  if (!finished)
    return std::nullopt;
  return out;
}

} // namespace strom::testing
