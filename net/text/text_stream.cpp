// The streams of a line-door session: SUBS (a consumer in a group) and CONS
// (a consumer of one partition from an offset), both pumped by polling the
// session's own consumer_actor and written as MSG lines; STOP ends them.

#include <functional>

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/consumer_actor.hpp"
#include "net/text/text_atoms.hpp"
#include "net/text/text_replies.hpp"
#include "net/text/text_session.hpp"
#include "net/text/topic_lookup.hpp"

namespace strom::text_session_detail {

namespace {

using topic_callback = std::function<void(const topic_metadata&)>;

// Runs `then` with the topic's metadata, or answers the slot with the error.
void with_topic(text_session_ptr self, answer_slot slot, const std::string& topic,
                topic_callback then) {
  const auto& c = self->state.context;
  auto lookup = self->spawn(topic_lookup, topic_lookup_settings{c.broker, topic,
                                                                c.config.topic_wait_ms,
                                                                c.config.request_timeout_ms});
  self->request(lookup, c.config.topic_wait_ms + c.config.request_timeout_ms,
                text_find_atom::value)
    .then([then](const topic_metadata& md) { then(md); },
          [self, slot](const caf::error& err) { deliver(self, slot, error_line(err)); });
}

std::optional<partition_id> missing_partition(const topic_metadata& md,
                                              const std::vector<partition_id>& partitions) {
  for (auto p : partitions)
    if (p.value() >= static_cast<int32_t>(md.partitions.size()))
      return p;
  return std::nullopt;
}

std::string unknown_partition_line(const topic_metadata& md, partition_id p) {
  return error_line(strom::error{errc::unknown_partition,
                                 "topic " + md.name + " has " +
                                   std::to_string(md.partitions.size()) + " partitions (0 to " +
                                   std::to_string(md.partitions.size() - 1) + "), not " +
                                   std::to_string(p.value())});
}

consumer_config stream_config(text_session_ptr self) {
  consumer_config c;
  c.client_id = "strom-text";
  c.credit_bytes = self->state.context.config.consumer_credit_bytes;
  return c;
}

// A member of a group hears of each rebalance as a line of its stream.
void announce_rebalances(text_session_ptr self, consumer_config& c, const std::string& topic) {
  auto session = caf::actor_cast<caf::actor>(self);
  auto stream = self->state.stream;
  // Runs on the consumer's actor: format the line and hand it over.
  c.on_rebalance = [session, stream, topic](const rebalance_event& e) {
    caf::anon_send(session, text_stream_line_atom::value, stream, rebalance_line(topic, e));
  };
}

// What was written counts as delivered; it is committed every
// stream_commit_interval_ms (a commit that fails is covered by a later one).
void note_written(text_session_ptr self, const std::vector<consumer_record>& records) {
  auto& st = self->state;
  if (!st.commits)
    return;
  for (const auto& r : records)
    st.delivered.delivered(r);
  auto now = std::chrono::steady_clock::now();
  if (now < st.next_commit || !st.delivered.take_changed())
    return;
  st.next_commit = now + st.context.config.stream_commit_interval_ms;
  caf::anon_send(st.consumer, commit_atom::value, st.delivered.offsets());
}

void poll(text_session_ptr self, uint64_t stream) {
  auto& st = self->state;
  const auto& door = st.context.config;
  self->request(st.consumer, door.poll_wait_ms + door.request_timeout_ms, poll_atom::value,
                door.poll_records_max, static_cast<int64_t>(door.poll_wait_ms.count()))
    .then(
      [self, stream](std::vector<consumer_record>& records) {
        if (stream != self->state.stream || self->state.closed)
          return;
        std::string lines;
        for (const auto& r : records)
          lines += record_line(r);
        write_out(self, lines);
        if (self->state.closed)
          return;
        note_written(self, records);
        poll(self, stream);
      },
      [self, stream](const caf::error& err) {
        if (stream != self->state.stream || self->state.closed)
          return;
        // The consumer died (it never should): say so; the session goes on.
        spdlog::warn("text door: {}: stream consumer failed: {}", self->state.peer,
                     describe(err));
        write_out(self, "END " + error_line(err).substr(4));
        end_stream(self, false);
      });
}

// Starts the stream: its consumer, what `start` tells it first, its first
// poll, then the OK. The poll's records arrive after this handler, so after
// the OK; the OK comes last because it lets the next line run, which may
// be a STOP.
void begin_stream(text_session_ptr self, answer_slot slot, consumer_config config,
                  const std::function<void(const caf::actor&)>& start, std::string ok) {
  auto& st = self->state;
  st.commits = !config.group_id.empty();
  st.delivered = delivered_offsets{};
  st.next_commit = std::chrono::steady_clock::now() + st.context.config.stream_commit_interval_ms;
  // The stream commits what it wrote (note_written); the consumer's own
  // commits would cover records polled and never written.
  config.enable_auto_commit = false;
  st.consumer = self->spawn(consumer_actor, st.context.bootstrap, std::move(config));
  start(st.consumer);
  poll(self, st.stream);
  deliver(self, slot, std::move(ok));
}

// One stream per connection: a second is refused (true) until STOP.
bool refuse_second_stream(text_session_ptr self, answer_slot slot) {
  if (!self->state.consumer)
    return false;
  deliver(self, slot,
          error_line(strom::error{errc::bad_request, "a stream runs already; STOP it first"}));
  return true;
}

} // namespace

void start_subscribe(text_session_ptr self, answer_slot slot, subscribe_command command) {
  if (refuse_second_stream(self, slot))
    return;
  auto topic = command.topic;
  with_topic(self, slot, topic, [self, slot, command](const topic_metadata& md) {
    if (auto p = missing_partition(md, command.partitions))
      return deliver(self, slot, unknown_partition_line(md, *p));
    ++self->state.stream;
    auto c = stream_config(self);
    c.group_id = command.group;
    if (command.partitions.empty())
      announce_rebalances(self, c, command.topic);
    // A new group reads the topic from its start, so that nothing
    // published after OK SUBS can fall before the group's first position.
    c.auto_offset_reset = reset_policy::earliest;
    auto start = [self, &command](const caf::actor& consumer) {
      if (command.partitions.empty()) {
        self->send(consumer, subscribe_topics_atom::value,
                   std::vector<std::string>{command.topic});
        return;
      }
      std::vector<topic_partition> tps;
      for (auto p : command.partitions)
        tps.push_back({command.topic, p});
      self->send(consumer, assign_atom::value, std::move(tps));
    };
    begin_stream(self, slot, std::move(c), start, subscribed_line(command));
  });
}

void start_consume(text_session_ptr self, answer_slot slot, consume_command command) {
  if (refuse_second_stream(self, slot))
    return;
  auto topic = command.topic;
  with_topic(self, slot, topic, [self, slot, command](const topic_metadata& md) {
    if (auto p = missing_partition(md, {command.partition}))
      return deliver(self, slot, unknown_partition_line(md, *p));
    ++self->state.stream;
    auto c = stream_config(self);
    c.enable_auto_commit = false;
    // An offset outside the log (past its end, or dropped by retention)
    // starts at the end, as Kafka's auto.offset.reset=latest.
    c.auto_offset_reset = reset_policy::latest;
    auto start = [self, &command](const caf::actor& consumer) {
      topic_partition tp{command.topic, command.partition};
      self->send(consumer, assign_atom::value, std::vector<topic_partition>{tp});
      auto target = seek_target::to_offset(command.start.offset);
      if (command.start.where == start_offset::kind::earliest)
        target = seek_target::earliest();
      else if (command.start.where == start_offset::kind::latest)
        target = seek_target::latest();
      // After the assign, from the same sender: the consumer takes them in order.
      self->send(consumer, seek_atom::value, tp, static_cast<int32_t>(target.what),
                 target.value);
    };
    begin_stream(self, slot, std::move(c), start, consuming_line(command));
  });
}

void run_stop(text_session_ptr self, answer_slot slot) {
  auto& st = self->state;
  if (!st.consumer)
    return deliver(self, slot, error_line(strom::error{errc::bad_request, "no stream to STOP"}));
  auto consumer = st.consumer;
  st.consumer = nullptr;
  ++st.stream; // what the old stream still sends is dropped
  auto close = [self, slot, consumer] {
    self->request(consumer, self->state.context.config.request_timeout_ms * 3, close_atom::value)
      .then([self, slot] { deliver(self, slot, stopped_line()); },
            [self, slot, consumer](const caf::error&) {
              self->send_exit(consumer, caf::exit_reason::user_shutdown);
              deliver(self, slot, stopped_line());
            });
  };
  // OK once the consumer has committed what was written and left its group.
  if (!st.commits)
    return close();
  self->request(consumer, st.context.config.request_timeout_ms, commit_atom::value,
                st.delivered.offsets())
    .then([close] { close(); }, [close](const caf::error&) { close(); });
}

void end_stream(text_session_ptr self, bool graceful) {
  auto& st = self->state;
  if (!st.consumer)
    return;
  ++st.stream;
  if (graceful) {
    // In this order from here: the commit reaches the group before the leave.
    if (st.commits)
      caf::anon_send(st.consumer, commit_atom::value, st.delivered.offsets());
    caf::anon_send(st.consumer, close_atom::value); // it quits once it has left
  } else
    caf::anon_send_exit(st.consumer, caf::exit_reason::user_shutdown);
  st.consumer = nullptr;
}

} // namespace strom::text_session_detail
