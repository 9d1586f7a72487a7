// Produce through the Kafka door: each partition's Kafka batches become
// strom batches (records untouched) and go to the partition's leader
// replica through the node's broker; the answer waits for every partition,
// or, with acks=0, is nothing at all: a partition that fails then closes the
// connection, as Kafka does, since the client would not learn it otherwise.

#include <memory>

#include <spdlog/spdlog.h>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/kafka_batch.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"
#include "net/kafka/produce_api.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

// What one Produce request waits for: one outcome per partition.
struct produce_gather {
  kafka::request_header header;
  bool silent = false; // acks=0
  std::vector<kafka::produce_topic_outcome> topics;
  size_t waiting = 0;
};
using gather_ptr = std::shared_ptr<produce_gather>;

// Settles a partition's outcome as failed.
void fail(kafka_session_ptr self, const gather_ptr& g, kafka::produce_outcome& out,
          error_code code, const std::string& why) {
  out.error = code;
  out.base_offset = -1;
  out.message = why;
  if (g->silent)
    refuse(self, "an acks=0 Produce failed: " + why);
}

// With acks=0 the slot is filled with nothing once every partition is
// settled, not before: later requests' answers wait, as Kafka handles a
// connection's requests one at a time, so that a failure closes the
// connection before anything sent after it is answered.
void finish_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g) {
  if (--g->waiting > 0)
    return;
  if (g->silent)
    return deliver_nothing(self, slot);
  bool flexible = kafka::is_flexible(*g->header.api, g->header.api_version);
  deliver(self, slot, g->header,
          kafka::write_produce_response(g->header.api_version, flexible, g->topics));
}

// Sends each batch of one partition; the outcome is the first batch's
// offset, or the first error.
void produce_batches(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
                     kafka::produce_outcome& out, std::vector<std::string> batches,
                     group_id group, int8_t acks, std::chrono::milliseconds timeout) {
  auto pending = std::make_shared<size_t>(batches.size());
  for (size_t i = 0; i < batches.size(); ++i) {
    auto first = i == 0;
    self->request(self->state.context.broker, timeout, produce_atom::value, group,
                  produce_request{std::move(batches[i]), acks})
      .then(
        [self, slot, g, &out, pending, first](const produce_reply& reply) {
          if (first && out.error == error_code::none) {
            out.base_offset = reply.base_offset.value();
            out.log_append_time_ms = reply.log_append_time_ms;
          }
          if (--*pending == 0)
            finish_one(self, slot, g);
        },
        [self, slot, g, &out, pending](const caf::error& err) {
          if (out.error == error_code::none) {
            auto code = kafka::kafka_code_of(err);
            if (code == error_code::unknown_topic_or_partition)
              forget_routes(self);
            fail(self, g, out, code, describe(err));
          }
          if (--*pending == 0)
            finish_one(self, slot, g);
        });
  }
}

// Checks one partition and sends its batches, or settles its outcome now.
void produce_partition(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
                       const kafka::partition_routes& routes, const std::string& topic,
                       kafka::produce_partition& p, kafka::produce_outcome& out,
                       int8_t acks, std::chrono::milliseconds timeout) {
  out.index = p.index;
  if (!may(self, acl_operation::write, resource_type::topic, topic)) {
    fail(self, g, out, error_code::topic_authorization_failed, "no write on topic " + topic);
    return finish_one(self, slot, g);
  }
  const auto* where = routes.find(topic, p.index);
  if (where == nullptr) {
    fail(self, g, out, error_code::unknown_topic_or_partition,
         "no partition " + std::to_string(p.index) + " of topic " + topic);
    return finish_one(self, slot, g);
  }
  const auto& bytes = p.records.value_or("");
  if (bytes.size() > kafka::batch_magic_at && bytes[kafka::batch_magic_at] < kafka::batch_magic_v2) {
    fail(self, g, out, error_code::unsupported_for_message_format,
         "only magic 2 record batches are taken (Kafka 0.11 and later)");
    return finish_one(self, slot, g);
  }
  auto batches = kafka::kafka_batches_to_strom(bytes);
  if (!batches) {
    fail(self, g, out, error_code::corrupt_message, batches.error().message);
    return finish_one(self, slot, g);
  }
  produce_batches(self, slot, g, out, std::move(*batches), where->group, acks, timeout);
}

void produce_all(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
                 kafka::produce_request_body& request, const kafka::partition_routes& routes) {
  auto acks = static_cast<int8_t>(request.acks);
  auto timeout = request.timeout_ms > 0 ? std::chrono::milliseconds{request.timeout_ms}
                                        : self->state.context.config.request_timeout_ms;
  // Every outcome's place first: the callbacks keep references into them.
  for (auto& t : request.topics) {
    g->topics.push_back({t.name, std::vector<kafka::produce_outcome>(t.partitions.size())});
    g->waiting += t.partitions.size();
  }
  ++g->waiting; // held until every partition has started
  for (size_t i = 0; i < request.topics.size(); ++i) {
    auto& t = request.topics[i];
    for (size_t j = 0; j < t.partitions.size(); ++j)
      produce_partition(self, slot, g, routes, t.name, t.partitions[j],
                        g->topics[i].partitions[j], acks, timeout);
  }
  finish_one(self, slot, g);
}

} // namespace

void produce(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  bool flexible = kafka::is_flexible(*r.header.api, r.header.api_version);
  auto request = kafka::read_produce_request(r.header.api_version, flexible, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = std::make_shared<produce_gather>();
  g->header = r.header;
  g->silent = request->acks == 0;
  if (request->acks != -1 && request->acks != 0 && request->acks != 1) {
    for (auto& t : request->topics) {
      g->topics.push_back({t.name, {}});
      for (auto& p : t.partitions)
        g->topics.back().partitions.push_back(
          {p.index, error_code::invalid_required_acks, -1, -1, -1, std::nullopt});
    }
    g->waiting = 1;
    return finish_one(self, slot, g);
  }
  auto body = std::make_shared<kafka::produce_request_body>(std::move(*request));
  with_routes(
    self, [body](const kafka::partition_routes& routes) { return routes.knows_all(body->topics); },
    [self, slot, g, body](const kafka::partition_routes& routes) {
      produce_all(self, slot, g, *body, routes);
    },
    [self](const caf::error& err) { refuse(self, "metadata for Produce: " + describe(err)); });
}

} // namespace strom::kafka_session_detail
