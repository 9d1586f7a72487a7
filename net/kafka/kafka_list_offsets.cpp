// ListOffsets through the Kafka door: each partition's offset for a
// timestamp (-1 the end, -2 the start) from its leader replica; for a time,
// the first record at or after it, and -1 when there is none.

#include <memory>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/list_offsets_api.hpp"
#include "net/kafka/partition_routes.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

struct offsets_gather {
  kafka::request_header header;
  std::vector<kafka::list_offsets_topic_answer> topics;
  size_t waiting = 1; // held until every partition has started
};
using gather_ptr = std::shared_ptr<offsets_gather>;

void finish_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g) {
  if (--g->waiting == 0)
    deliver(self, slot, g->header,
            kafka::write_list_offsets_response(g->header.api_version, g->topics));
}

void failed(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
            kafka::list_offsets_answer& out, const caf::error& err) {
  out.error = kafka::kafka_code_of(err);
  if (out.error == error_code::unknown_topic_or_partition)
    forget_routes(self);
  finish_one(self, slot, g);
}

// The earliest or latest offset: the replica's own answer.
void ask_end(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
             const partition_metadata& where, int64_t spec, kafka::list_offsets_answer& out) {
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                list_offsets_atom::value, where.group, spec)
    .then(
      [self, slot, g, &out](record_offset offset) {
        out.offset = offset.value();
        finish_one(self, slot, g);
      },
      [self, slot, g, &out](const caf::error& err) { failed(self, slot, g, out, err); });
}

// A timestamp: the first record at or after it, with its own timestamp, or
// -1 when none is that recent (Kafka's answer, which clients read as "the
// end").
void ask_time(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
              const partition_metadata& where, int64_t timestamp_ms,
              kafka::list_offsets_answer& out) {
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                offset_for_time_atom::value, where.group, timestamp_ms)
    .then(
      [self, slot, g, &out](const timed_offset& found) {
        out.offset = found.offset;
        out.timestamp = found.timestamp_ms;
        finish_one(self, slot, g);
      },
      [self, slot, g, &out](const caf::error& err) { failed(self, slot, g, out, err); });
}

void ask(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
         const partition_metadata& where, int64_t timestamp, kafka::list_offsets_answer& out) {
  out.leader_epoch = static_cast<int32_t>(where.leader_term.value());
  ++g->waiting;
  if (timestamp >= 0)
    ask_time(self, slot, g, where, timestamp, out);
  else
    ask_end(self, slot, g, where, timestamp, out);
}

void ask_all(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
             const std::vector<kafka::list_offsets_topic>& request,
             const kafka::partition_routes& routes) {
  for (const auto& t : request) {
    g->topics.push_back({t.name, {}});
    for (const auto& p : t.partitions)
      g->topics.back().partitions.push_back({p.index, error_code::none, -1, -1, -1});
  }
  for (size_t i = 0; i < request.size(); ++i)
    for (size_t j = 0; j < request[i].partitions.size(); ++j) {
      const auto& p = request[i].partitions[j];
      auto& out = g->topics[i].partitions[j];
      if (!may(self, acl_operation::describe, resource_type::topic, request[i].name))
        out.error = error_code::topic_authorization_failed;
      else if (const auto* where = routes.find(request[i].name, p.index))
        ask(self, slot, g, *where, p.timestamp, out);
      else
        out.error = error_code::unknown_topic_or_partition;
    }
  finish_one(self, slot, g);
}

} // namespace

void list_offsets(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_list_offsets_request(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = std::make_shared<offsets_gather>();
  g->header = r.header;
  auto topics = std::make_shared<std::vector<kafka::list_offsets_topic>>(std::move(*request));
  with_routes(
    self, [topics](const kafka::partition_routes& routes) { return routes.knows_all(*topics); },
    [self, slot, g, topics](const kafka::partition_routes& routes) {
      ask_all(self, slot, g, *topics, routes);
    },
    [self](const caf::error& err) { refuse(self, "metadata for ListOffsets: " + describe(err)); });
}

} // namespace strom::kafka_session_detail
