#include "net/kafka/metadata_api.hpp"

#include <set>

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First versions with each field (MetadataRequest/Response.json).
constexpr int16_t nullable_topics_from = 1;
constexpr int16_t auto_create_from = 4;
constexpr int16_t authorized_operations_from = 8;
constexpr int16_t rack_from = 1;
constexpr int16_t cluster_id_from = 2;
constexpr int16_t throttle_from = 3;
constexpr int16_t offline_replicas_from = 5;
constexpr int16_t leader_epoch_from = 7;
// "Not requested" in Kafka's authorized-operations bit fields.
constexpr int32_t operations_omitted = INT32_MIN;

void write_ids(wire_writer& w, const std::vector<int32_t>& ids) {
  w.array_length(static_cast<int64_t>(ids.size()));
  for (auto id : ids)
    w.int32(id);
}

void write_brokers(wire_writer& w, int16_t version, const cluster_metadata& cluster,
                   const metadata_context& context) {
  std::vector<const kafka_broker*> alive;
  for (const auto& b : cluster.brokers)
    if (auto door = context.doors.find(b.address.id.value());
        b.alive && door != context.doors.end())
      alive.push_back(&door->second);
  w.array_length(static_cast<int64_t>(alive.size()));
  for (const auto* b : alive) {
    w.int32(b->node_id);
    w.string(b->host);
    w.int32(b->port);
    if (version >= rack_from)
      w.nullable_string(std::nullopt);
    w.tagged_fields();
  }
}

std::set<int32_t> alive_nodes(const cluster_metadata& cluster) {
  std::set<int32_t> out;
  for (const auto& b : cluster.brokers)
    if (b.alive)
      out.insert(b.address.id.value());
  return out;
}

void write_partition(wire_writer& w, int16_t version, const partition_metadata& p,
                     const std::set<int32_t>& alive) {
  bool led = p.leader.value() >= 0;
  w.int16(wire(led ? error_code::none : error_code::leader_not_available));
  w.int32(p.partition.value());
  w.int32(led ? p.leader.value() : -1);
  if (version >= leader_epoch_from)
    w.int32(static_cast<int32_t>(p.leader_term.value()));
  std::vector<int32_t> replicas, in_sync, offline;
  for (auto r : p.replicas) {
    replicas.push_back(r.value());
    (alive.count(r.value()) ? in_sync : offline).push_back(r.value());
  }
  write_ids(w, replicas);
  // Raft has no ISR; the replicas on live nodes are what a client may read
  // it as (the leader keeps them caught up).
  write_ids(w, in_sync);
  if (version >= offline_replicas_from)
    write_ids(w, offline);
  w.tagged_fields();
}

void write_topic_head(wire_writer& w, int16_t version, error_code code, const std::string& name) {
  w.int16(wire(code));
  w.string(name);
  if (version >= rack_from)
    w.boolean(name.rfind("__", 0) == 0); // is_internal: strom's own topics
}

void write_topic_tail(wire_writer& w, int16_t version) {
  if (version >= authorized_operations_from)
    w.int32(operations_omitted);
  w.tagged_fields();
}

void write_topic(wire_writer& w, int16_t version, const topic_metadata& t,
                 const std::set<int32_t>& alive) {
  write_topic_head(w, version, error_code::none, t.name);
  w.array_length(static_cast<int64_t>(t.partitions.size()));
  for (const auto& p : t.partitions)
    write_partition(w, version, p, alive);
  write_topic_tail(w, version);
}

void write_unknown_topic(wire_writer& w, int16_t version, const std::string& name,
                         error_code error) {
  write_topic_head(w, version, error, name);
  w.array_length(0);
  write_topic_tail(w, version);
}

void write_topics(wire_writer& w, int16_t version, const metadata_request& request,
                  const cluster_metadata& cluster, const std::set<std::string>& creating,
                  const std::set<std::string>& denied) {
  auto alive = alive_nodes(cluster);
  std::map<std::string, const topic_metadata*> known;
  for (const auto& t : cluster.topics)
    known.emplace(t.name, &t);
  if (!request.topics) {
    w.array_length(static_cast<int64_t>(known.size()));
    for (const auto& [name, t] : known)
      write_topic(w, version, *t, alive);
    return;
  }
  w.array_length(static_cast<int64_t>(request.topics->size()));
  for (const auto& name : *request.topics)
    if (denied.count(name) > 0)
      write_unknown_topic(w, version, name, error_code::topic_authorization_failed);
    else if (auto it = known.find(name); it != known.end())
      write_topic(w, version, *it->second, alive);
    else
      write_unknown_topic(w, version, name,
                          creating.count(name) > 0 ? error_code::leader_not_available
                                                   : error_code::unknown_topic_or_partition);
}

} // namespace

result<metadata_request> read_metadata_request(int16_t version, bool flexible,
                                               std::string_view body) {
  wire_reader r{body, flexible};
  metadata_request out;
  auto count = r.array_length();
  bool all = count < 0 || (count == 0 && version < nullable_topics_from);
  if (!all) {
    out.topics.emplace();
    for (int32_t i = 0; i < count && !r.failed(); ++i) {
      out.topics->push_back(r.string());
      r.tagged_fields();
    }
  }
  if (version >= auto_create_from)
    out.allow_auto_topic_creation = r.boolean();
  if (version >= authorized_operations_from) {
    r.boolean(); // include_cluster_authorized_operations
    r.boolean(); // include_topic_authorized_operations
  }
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "Metadata: " + r.failure()};
  return out;
}

std::string answer_metadata(int16_t version, bool flexible, const metadata_request& request,
                            const cluster_metadata& cluster, const metadata_context& context,
                            const std::set<std::string>& creating,
                            const std::set<std::string>& denied) {
  wire_writer w{flexible};
  if (version >= throttle_from)
    w.int32(0);
  write_brokers(w, version, cluster, context);
  if (version >= cluster_id_from)
    w.nullable_string(context.cluster_id);
  if (version >= rack_from)
    w.int32(cluster.controller_leader.value());
  write_topics(w, version, request, cluster, creating, denied);
  if (version >= authorized_operations_from)
    w.int32(operations_omitted);
  w.tagged_fields();
  return w.take();
}

std::set<std::string> missing_topics(const metadata_request& request,
                                     const cluster_metadata& cluster) {
  std::set<std::string> out;
  if (!request.topics)
    return out;
  out.insert(request.topics->begin(), request.topics->end());
  for (const auto& t : cluster.topics)
    out.erase(t.name);
  return out;
}

} // namespace strom::kafka
