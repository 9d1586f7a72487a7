// Consume: a server stream on one of gRPC's threads, which polls its own
// consumer_actor and writes what arrives: a group's rebalances as they
// happen (queued by the consumer's callback, written before the records
// that follow them) and records as they commit, until the client cancels,
// the client stops taking them, or the door shuts down. A group's commits
// cover what gRPC took for the client (every stream_commit_interval_ms,
// and at the end), never what was polled and not written; the consumer
// then leaves its group.

#include <deque>
#include <memory>
#include <mutex>

#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/delivered_offsets.hpp"
#include "net/grpc/api_translation.hpp"
#include "net/grpc/grpc_service.hpp"
#include "net/grpc/grpc_service_detail.hpp"
#include "net/grpc/request_checks.hpp"
#include "net/grpc/status_of.hpp"

namespace strom {

namespace {

class rebalance_queue {
public:
  void push(const rebalance_event& e) {
    std::lock_guard<std::mutex> guard{mutex_};
    events_.push_back(e);
  }
  std::deque<rebalance_event> take() {
    std::lock_guard<std::mutex> guard{mutex_};
    return std::exchange(events_, {});
  }

private:
  std::mutex mutex_;
  std::deque<rebalance_event> events_;
};

consumer_config stream_config(const api::ConsumeRequest& request,
                              const std::shared_ptr<rebalance_queue>& queue) {
  consumer_config c;
  if (request.group().empty()) {
    c.enable_auto_commit = false;
    c.auto_offset_reset = reset_policy::latest; // an offset outside the log: its end
    return c;
  }
  c.group_id = request.group();
  // A new group reads the topic from its start, so that nothing produced
  // after the stream opened can fall before the group's first position.
  c.auto_offset_reset = reset_policy::earliest;
  // The stream commits what it wrote to its client; the consumer's own
  // commits would cover records polled but never written (a client gone).
  c.enable_auto_commit = false;
  // Runs on the consumer's actor: queue it, nothing more.
  c.on_rebalance = [queue](const rebalance_event& e) { queue->push(e); };
  return c;
}

// False once the client is gone. What the member gave up is no longer its
// to commit.
bool write_rebalances(rebalance_queue& queue, grpc::ServerWriter<api::ConsumeEvent>& writer,
                      delivered_offsets& delivered) {
  for (const auto& e : queue.take()) {
    if (e.what != rebalance_event::kind::assigned)
      for (const auto& tp : e.partitions)
        delivered.forget(tp);
    api::ConsumeEvent event;
    to_api(e, *event.mutable_rebalance());
    if (!writer.Write(event))
      return false;
  }
  return true;
}

// False once the client is gone; what was written counts as delivered.
bool write_records(const std::vector<consumer_record>& records,
                   grpc::ServerWriter<api::ConsumeEvent>& writer, delivered_offsets& delivered) {
  if (records.empty())
    return true;
  api::ConsumeEvent event;
  to_api(records, *event.mutable_records());
  if (!writer.Write(event))
    return false;
  for (const auto& r : records)
    delivered.delivered(r);
  return true;
}

} // namespace

grpc::Status grpc_service::Consume(context* ctx, const api::ConsumeRequest* request,
                                   grpc::ServerWriter<api::ConsumeEvent>* writer) {
  const auto& config = config_;
  if (auto s = check(*request); !s.ok())
    return s;
  if (auto s = check_reader(ctx, request->group(), {request->topic()}); !s.ok())
    return s;
  slot_lease slot{streams_};
  if (!slot)
    return grpc_detail::too_many("streams", config.streams_max);
  auto topic = client_.find_topic(request->topic());
  if (!topic)
    return status_of(topic.error());
  bool grouped = !request->group().empty();
  if (!grouped)
    if (auto err = door_client::check_partition(*topic, request->partition()))
      return status_of(err);
  auto queue = std::make_shared<rebalance_queue>();
  auto consumer = client_.spawn_consumer(stream_config(*request, queue));
  if (grouped)
    caf::anon_send(consumer, subscribe_topics_atom::value,
                   std::vector<std::string>{request->topic()});
  else
    client_.start_partition_read(consumer, request->topic(), request->partition(), request->offset());
  grpc::Status result = grpc::Status::OK;
  delivered_offsets delivered;
  auto next_commit = std::chrono::steady_clock::now() + config.stream_commit_interval_ms;
  while (!ctx->IsCancelled() && !client_.stopping()) {
    auto records = client_.poll(consumer, config.poll_records_max, config.stream_poll_wait_ms);
    if (!records) {
      result = status_of(records.error());
      break;
    }
    if (!write_rebalances(*queue, *writer, delivered)
        || !write_records(*records, *writer, delivered))
      break; // the client went away
    // A commit that fails is covered by a later one, at the latest the last.
    if (grouped && std::chrono::steady_clock::now() >= next_commit && delivered.take_changed()) {
      (void)client_.commit(consumer, delivered.offsets());
      next_commit = std::chrono::steady_clock::now() + config.stream_commit_interval_ms;
    }
  }
  if (grouped)
    client_.commit_before_leaving(consumer, delivered.offsets());
  client_.close_consumer(consumer);
  if (client_.stopping() && result.ok())
    return status_of(make_error(errc::shutting_down, "the node is stopping"));
  return result;
}

} // namespace strom
