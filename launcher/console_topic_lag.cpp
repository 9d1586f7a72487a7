#include "launcher/console_topic_lag.hpp"

#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/text_table.hpp"

namespace strom {

admin_client& node_clients::of(const node_address& node) {
  auto& made = clients_[node.id.value()];
  if (!made)
    made = std::make_unique<admin_client>(any_.system(), std::vector<endpoint>{endpoint_of(node)},
                                          any_.timeout_ms());
  return *made;
}

namespace {

const broker_metadata* broker_of(const cluster_metadata& md, node_id id) {
  for (const auto& b : md.brokers)
    if (b.address.id == id)
      return &b;
  return nullptr;
}

// Each replica's last index; absent for one whose node did not answer.
std::map<int32_t, int64_t> last_indexes(const cluster_metadata& md, node_clients& nodes,
                                        const partition_metadata& p) {
  std::map<int32_t, int64_t> out;
  for (auto replica : p.replicas) {
    const auto* b = broker_of(md, replica);
    if (b == nullptr || !b->alive)
      continue;
    if (auto s = nodes.of(b->address).status(p.group))
      out[replica.value()] = s->last.value();
  }
  return out;
}

// "2:0 3:15": entries each follower lacks against the leader; "down" for one
// that did not answer, nothing when the leader did not.
std::string lag_text(const partition_metadata& p, const std::map<int32_t, int64_t>& last) {
  auto leader = last.find(p.leader.value());
  if (leader == last.end())
    return "?";
  std::string out;
  for (auto replica : p.replicas) {
    if (replica == p.leader)
      continue;
    auto r = last.find(replica.value());
    auto shown = r == last.end() ? std::string{"down"}
                                 : std::to_string(std::max<int64_t>(0, leader->second - r->second));
    out += (out.empty() ? "" : " ") + std::to_string(replica.value()) + ":" + shown;
  }
  return out;
}

std::string replicas_of(const partition_metadata& p) {
  std::string out;
  for (auto r : p.replicas)
    out += (out.empty() ? "" : ",") + std::to_string(r.value());
  return out;
}

} // namespace

int render_topic_lag(admin_client& client, node_clients& nodes, const std::string& topic,
                     std::ostream& out, std::ostream& err) {
  auto md = client.metadata({topic});
  if (!md)
    return report_failure(err, md.error());
  for (const auto& t : md->topics) {
    out << "topic " << t.name << "  replication " << t.replication_factor << "\n";
    text_table table{{"PARTITION", "LEADER", "REPLICAS", "LOG END", "FOLLOWER LAG"}};
    for (const auto& p : t.partitions) {
      auto end = client.list_offsets(t.name, p.partition, latest_offset_spec);
      table.add_row({std::to_string(p.partition.value()),
                     p.leader.value() < 0 ? "none" : std::to_string(p.leader.value()),
                     replicas_of(p), end ? std::to_string(end->value()) : "?",
                     lag_text(p, last_indexes(*md, nodes, p))});
    }
    out << table.render();
  }
  return exit_code::ok;
}

} // namespace strom
