// FindCoordinator, OffsetCommit and OffsetFetch through the Kafka door. The
// coordinator of a group is the leader of its partition of
// __consumer_offsets, advertised at its Kafka door; commits and fetches go
// to the node's broker, which hands them to its group service (that answers
// NOT_COORDINATOR when the group is another node's, and the client asks
// again).

#include "actors/group/group_records.hpp"
#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/group_offsets_api.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

const topic_metadata* offsets_topic(const cluster_metadata& md) {
  for (const auto& t : md.topics)
    if (t.name == offsets_topic_name)
      return &t;
  return nullptr;
}

// The coordinator's door, or the error a client retries on.
std::pair<error_code, std::string> locate(const cluster_metadata& md, const std::string& group,
                                          const kafka::metadata_context& doors,
                                          kafka::kafka_broker& out) {
  const auto* offsets = offsets_topic(md);
  if (offsets == nullptr || offsets->partitions.empty())
    return {error_code::coordinator_not_available,
            std::string{offsets_topic_name} + " is not created yet"};
  auto p = coordinator_partition(group, static_cast<int32_t>(offsets->partitions.size()));
  auto leader = offsets->partitions.at(static_cast<size_t>(p.value())).leader.value();
  auto door = doors.doors.find(leader);
  if (leader < 0 || door == doors.doors.end())
    return {error_code::coordinator_not_available,
            "partition " + std::to_string(p.value()) + " of " + offsets_topic_name
              + " has no leader with a Kafka door"};
  out = door->second;
  return {error_code::none, {}};
}

kafka::coordinator_answer coordinator_of(const cluster_metadata& md, const std::string& group,
                                         const kafka::metadata_context& doors) {
  kafka::coordinator_answer out;
  out.key = group;
  auto [code, message] = locate(md, group, doors, out.coordinator);
  out.error = code;
  if (code != error_code::none)
    out.message = message;
  return out;
}

std::vector<kafka::fetched_topic> fetched_of(const kafka::offset_fetch_request& request,
                                             const committed_offsets& offsets) {
  std::map<std::pair<std::string, int32_t>, const partition_offset*> by_partition;
  for (const auto& o : offsets)
    by_partition[{o.partition.topic, o.partition.partition.value()}] = &o;
  std::vector<kafka::fetched_topic> out;
  if (!request.topics) {
    for (const auto& [key, o] : by_partition) {
      if (out.empty() || out.back().name != key.first)
        out.push_back({key.first, {}});
      out.back().partitions.push_back({key.second, o->offset.value(), o->metadata});
    }
    return out;
  }
  for (const auto& [name, partitions] : *request.topics) {
    out.push_back({name, {}});
    for (auto p : partitions) {
      auto it = by_partition.find({name, p});
      if (it == by_partition.end())
        out.back().partitions.push_back({p, -1, std::string{}});
      else
        out.back().partitions.push_back({p, it->second->offset.value(), it->second->metadata});
    }
  }
  return out;
}

} // namespace

void find_coordinator(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& r) {
  auto request = kafka::read_find_coordinator(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  if (request->key_type != 0) {
    std::vector<kafka::coordinator_answer> answers;
    for (const auto& key : request->keys)
      answers.push_back({key, error_code::coordinator_not_available,
                         "strom has no transaction coordinator", {-1, "", -1}});
    return deliver(self, slot, header, kafka::write_find_coordinator(header.api_version, answers));
  }
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                metadata_atom::value, std::vector<std::string>{})
    .then(
      [self, slot, header, keys = request->keys](const cluster_metadata& md) {
        std::vector<kafka::coordinator_answer> answers;
        for (const auto& key : keys)
          answers.push_back(may(self, acl_operation::describe, resource_type::group, key)
                              ? coordinator_of(md, key, self->state.context.config.metadata)
                              : kafka::coordinator_answer{key,
                                                          error_code::group_authorization_failed,
                                                          "no describe on group " + key,
                                                          {-1, "", -1}});
        deliver(self, slot, header, kafka::write_find_coordinator(header.api_version, answers));
      },
      [self](const caf::error& err) { refuse(self, "metadata: " + describe(err)); });
}

void offset_commit(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_offset_commit(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  commit_offsets_request commit;
  commit.member = {request->group, request->member, request->generation,
                   request->instance.value_or("")};
  for (const auto& t : request->topics)
    for (const auto& p : t.partitions)
      commit.offsets.push_back({{t.name, partition_id{p.partition}}, record_offset{p.offset},
                                p.metadata.value_or(""), -1});
  auto header = r.header;
  auto answer = [self, slot, header, request = *request](error_code code) {
    deliver(self, slot, header, kafka::write_offset_commit(header.api_version, request, code));
  };
  if (!may(self, acl_operation::read, resource_type::group, request->group))
    return answer(error_code::group_authorization_failed);
  for (const auto& t : request->topics)
    if (!may(self, acl_operation::read, resource_type::topic, t.name))
      return answer(error_code::topic_authorization_failed);
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                commit_offsets_atom::value, std::move(commit))
    .then([answer] { answer(error_code::none); },
          [answer](const caf::error& err) { answer(kafka::kafka_code_of(err, true)); });
}

void offset_fetch(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_offset_fetch(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  fetch_offsets_request fetch{request->group, {}};
  if (request->topics)
    for (const auto& [name, partitions] : *request->topics)
      for (auto p : partitions)
        fetch.partitions.push_back({name, partition_id{p}});
  auto header = r.header;
  auto asked = *request;
  if (!may(self, acl_operation::describe, resource_type::group, request->group))
    return deliver(self, slot, header,
                   kafka::write_offset_fetch(header.api_version, fetched_of(asked, {}),
                                             error_code::group_authorization_failed));
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                fetch_offsets_atom::value, std::move(fetch))
    .then(
      [self, slot, header, asked](const committed_offsets& offsets) {
        deliver(self, slot, header,
                kafka::write_offset_fetch(header.api_version, fetched_of(asked, offsets),
                                          error_code::none));
      },
      [self, slot, header, asked](const caf::error& err) {
        deliver(self, slot, header,
                kafka::write_offset_fetch(header.api_version, fetched_of(asked, {}),
                                          kafka::kafka_code_of(err, true)));
      });
}

} // namespace strom::kafka_session_detail
