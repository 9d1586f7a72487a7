// Fetch through the Kafka door. Every partition is read at once from its
// leader replica (through the node's broker); if that gives the consumer
// less than min_bytes and it may wait, every partition is asked again with
// a long poll, and the answer goes as soon as one of them has records (or
// all have answered): the others keep what the first round found. Batches
// go out whole as Kafka v2 batches; total bytes past max_bytes drop later
// partitions' records (never the first's, KIP-74), which the consumer
// fetches again.

#include <algorithm>
#include <memory>
#include <vector>

#include <spdlog/spdlog.h>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/kafka/fetch_api.hpp"
#include "net/kafka/kafka_batch.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

struct fetch_target {
  kafka::fetch_partition_answer* answer = nullptr;
  group_id group;
  kafka::fetch_partition_request request;
};

struct fetch_gather {
  kafka::request_header header;
  kafka::fetch_request_body request;
  std::vector<kafka::fetch_topic_answer> topics;
  std::vector<fetch_target> targets; // the partitions that have a leader to ask
  size_t waiting = 0;
  bool long_poll = false;
  bool answered = false;
};
using gather_ptr = std::shared_ptr<fetch_gather>;

size_t records_bytes(const fetch_gather& g) {
  size_t total = 0;
  for (const auto& t : g.topics)
    for (const auto& p : t.partitions)
      total += p.records.size();
  return total;
}

// KIP-74: past max_bytes, later partitions give up their records.
void trim_to_max_bytes(fetch_gather& g) {
  size_t total = 0;
  auto limit = static_cast<size_t>(std::max(g.request.max_bytes, 0));
  for (auto& t : g.topics)
    for (auto& p : t.partitions) {
      if (total > 0 && total + p.records.size() > limit)
        p.records.clear();
      total += p.records.size();
    }
}

void answer_now(kafka_session_ptr self, response_slot slot, const gather_ptr& g) {
  g->answered = true;
  trim_to_max_bytes(*g);
  deliver(self, slot, g->header, kafka::write_fetch_response(g->header.api_version, g->topics));
}

// A batch a compaction emptied, which some clients (kafka-python) fail on.
bool emptied(const std::string& batch) {
  auto header = read_batch_header(batch);
  return header && header->records_count == 0;
}

void fill(kafka::fetch_partition_answer& out, const fetch_reply& reply) {
  out.error = error_code::none;
  out.high_watermark = reply.high_watermark.value();
  out.log_start_offset = reply.log_start_offset.value();
  out.records.clear();
  size_t stored_bytes = 0;
  for (const auto& batch : reply.batches)
    stored_bytes += batch.size();
  // Enough for batches stored as they came: Kafka's framing is smaller than strom's.
  out.records.reserve(stored_bytes);
  // Emptied batches go out only when nothing else does (the replica steps
  // past them, up to a bound): then a client that takes them moves on.
  std::vector<bool> skip(reply.batches.size());
  std::transform(reply.batches.begin(), reply.batches.end(), skip.begin(), emptied);
  if (std::all_of(skip.begin(), skip.end(), [](bool b) { return b; }))
    skip.assign(skip.size(), false);
  for (size_t i = 0; i < reply.batches.size(); ++i)
    if (skip[i])
      continue;
    else if (auto framed = kafka::append_kafka_batch(out.records, reply.batches[i]); !framed) {
      spdlog::error("kafka door: a stored batch cannot be framed: {}", framed.error().describe());
      out.error = error_code::unknown_server_error;
      out.records.clear();
      return;
    }
}

void poll_all(kafka_session_ptr self, response_slot slot, const gather_ptr& g, bool wait);

void one_done(kafka_session_ptr self, response_slot slot, const gather_ptr& g, bool had_records) {
  --g->waiting;
  if (g->answered)
    return;
  bool enough = records_bytes(*g) >= static_cast<size_t>(std::max(g->request.min_bytes, 1));
  if (g->long_poll ? (had_records || g->waiting == 0) : g->waiting == 0) {
    if (!g->long_poll && !enough && g->request.max_wait_ms > 0)
      return poll_all(self, slot, g, true);
    answer_now(self, slot, g);
  }
}

void poll_one(kafka_session_ptr self, response_slot slot, const gather_ptr& g,
              fetch_target& target, bool wait) {
  const auto& config = self->state.context.config;
  int64_t wait_ms = wait ? g->request.max_wait_ms : 0;
  fetch_request request{record_offset{target.request.fetch_offset},
                        static_cast<uint64_t>(std::max(target.request.max_bytes, 1)), wait_ms};
  auto* answer = target.answer;
  self->request(self->state.context.broker,
                config.request_timeout_ms + std::chrono::milliseconds{wait_ms}, fetch_atom::value,
                target.group, request)
    .then(
      [self, slot, g, answer](const fetch_reply& reply) {
        if (!g->answered)
          fill(*answer, reply);
        one_done(self, slot, g, !reply.batches.empty());
      },
      [self, slot, g, answer](const caf::error& err) {
        auto code = kafka::kafka_code_of(err);
        if (code == error_code::unknown_topic_or_partition)
          forget_routes(self);
        if (!g->answered)
          answer->error = code;
        one_done(self, slot, g, false);
      });
}

void poll_all(kafka_session_ptr self, response_slot slot, const gather_ptr& g, bool wait) {
  g->long_poll = wait;
  g->waiting = g->targets.size();
  if (g->targets.empty())
    return answer_now(self, slot, g);
  for (auto& target : g->targets)
    poll_one(self, slot, g, target, wait);
}

// Every partition's place in the answer, and a target for those with a route.
void plan(kafka_session_ptr self, fetch_gather& g, const kafka::partition_routes& routes) {
  for (const auto& t : g.request.topics) {
    g.topics.push_back({t.name, {}});
    for (const auto& p : t.partitions)
      g.topics.back().partitions.push_back({p.index, error_code::none, -1, -1, {}});
  }
  for (size_t i = 0; i < g.request.topics.size(); ++i) {
    const auto& t = g.request.topics[i];
    bool readable = may(self, acl_operation::read, resource_type::topic, t.name);
    for (size_t j = 0; j < t.partitions.size(); ++j) {
      auto& answer = g.topics[i].partitions[j];
      const auto* where = routes.find(t.name, t.partitions[j].index);
      if (!readable)
        answer.error = error_code::topic_authorization_failed;
      else if (where == nullptr)
        answer.error = error_code::unknown_topic_or_partition;
      else
        g.targets.push_back({&answer, where->group, t.partitions[j]});
    }
  }
}

} // namespace

void fetch(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_fetch_request(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = std::make_shared<fetch_gather>();
  g->header = r.header;
  g->request = std::move(*request);
  with_routes(
    self,
    [g](const kafka::partition_routes& routes) { return routes.knows_all(g->request.topics); },
    [self, slot, g](const kafka::partition_routes& routes) {
      plan(self, *g, routes);
      poll_all(self, slot, g, false);
    },
    [self](const caf::error& err) { refuse(self, "metadata for Fetch: " + describe(err)); });
}

} // namespace strom::kafka_session_detail
