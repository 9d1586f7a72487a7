#include "net/door/door_client.hpp"

#include <memory>
#include <thread>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/consumer.hpp"
#include "net/client/consumer_actor.hpp"
#include "net/client/producer_actor.hpp"
#include "net/door/delivery_tally.hpp"
#include "net/text/text_atoms.hpp"
#include "net/text/topic_lookup.hpp"

namespace strom {

namespace {

producer_config door_producer_config(const door_client_config& config) {
  producer_config p;
  p.delivery_timeout_ms = config.publish_timeout_ms;
  return p;
}

send_request request_of(const std::string& topic, door_record r,
                        std::shared_ptr<delivery_tally> tally, size_t index) {
  send_request out;
  out.topic = topic;
  out.value = std::move(r.value);
  if (r.partition)
    out.partition = partition_id{*r.partition};
  // Runs on the producer's actor: store, notify, nothing more.
  out.report = [tally, index](const delivery_report& report) { tally->deliver(index, report); };
  return out;
}

} // namespace

door_client::door_client(caf::actor_system& sys, door_client_config config)
  : sys_(sys),
    config_(std::move(config)),
    consumers_(config_.consumers_max),
    admin_(sys, {config_.broker_endpoint}, config_.request_timeout_ms) {
  producer_ = sys_.spawn(producer_actor, std::vector<endpoint>{config_.broker_endpoint},
                         door_producer_config(config_));
}

door_client::~door_client() {
  stop();
}

caf::expected<topic_metadata> door_client::find_topic(const std::string& name) {
  auto lookup = sys_.spawn(topic_lookup, topic_lookup_settings{config_.broker, name,
                                                               config_.topic_wait_ms,
                                                               config_.request_timeout_ms});
  return request_blocking<topic_metadata>(sys_, lookup,
                                          config_.topic_wait_ms + config_.request_timeout_ms,
                                          text_find_atom::value);
}

caf::error door_client::check_partition(const topic_metadata& topic, int32_t partition) {
  auto count = static_cast<int32_t>(topic.partitions.size());
  if (partition >= 0 && partition < count)
    return {};
  return make_error(errc::unknown_partition, "topic " + topic.name + " has " +
                                               std::to_string(count) + " partitions, not " +
                                               std::to_string(partition + 1) + " or more");
}

caf::expected<std::vector<delivery_report>>
door_client::produce(const std::string& topic, std::vector<door_record> records) {
  auto count = records.size();
  auto tally = std::make_shared<delivery_tally>(count);
  for (size_t i = 0; i < count; ++i)
    caf::anon_send(producer_, send_atom::value,
                   request_of(topic, std::move(records[i]), tally, i));
  // The producer reports every record within its delivery timeout; the
  // slack covers the last report's trip back.
  if (!tally->wait(config_.publish_timeout_ms + config_.request_timeout_ms))
    return make_error(errc::timeout, "records without a delivery report");
  return tally->reports();
}

caf::actor door_client::spawn_consumer(consumer_config config) {
  config.client_id = config_.client_id;
  config.credit_bytes = config_.consumer_credit_bytes;
  return sys_.spawn(consumer_actor, std::vector<endpoint>{config_.broker_endpoint},
                    std::move(config));
}

void door_client::close_consumer(const caf::actor& consumer) {
  auto closed =
    request_blocking<void>(sys_, consumer, config_.request_timeout_ms, close_atom::value);
  if (!closed)
    caf::anon_send_exit(consumer, caf::exit_reason::user_shutdown);
}

void door_client::start_partition_read(const caf::actor& consumer, const std::string& topic,
                                       int32_t partition, int64_t offset) {
  topic_partition tp{topic, partition_id{partition}};
  auto target = seek_target::to_offset(record_offset{offset});
  if (offset == door_earliest_offset)
    target = seek_target::earliest();
  else if (offset == door_latest_offset)
    target = seek_target::latest();
  caf::scoped_actor self{sys_};
  // From one sender: the consumer takes the assign before the seek.
  self->send(consumer, assign_atom::value, std::vector<topic_partition>{tp});
  self->send(consumer, seek_atom::value, tp, static_cast<int32_t>(target.what), target.value);
}

caf::expected<std::vector<consumer_record>>
door_client::poll(const caf::actor& consumer, size_t max_records,
                  std::chrono::milliseconds wait_ms) {
  return request_blocking<std::vector<consumer_record>>(
    sys_, consumer, wait_ms + config_.request_timeout_ms, poll_atom::value, max_records,
    static_cast<int64_t>(wait_ms.count()));
}

caf::expected<consumer_positions> door_client::positions(const caf::actor& consumer) {
  return request_blocking<consumer_positions>(sys_, consumer, config_.request_timeout_ms,
                                              positions_atom::value);
}

caf::error door_client::commit(const caf::actor& consumer) {
  auto committed =
    request_blocking<void>(sys_, consumer, config_.request_timeout_ms, commit_atom::value);
  return committed ? caf::error{} : std::move(committed.error());
}

caf::error door_client::commit(const caf::actor& consumer, const consumer_positions& offsets) {
  auto committed = request_blocking<void>(sys_, consumer, config_.request_timeout_ms,
                                          commit_atom::value, offsets);
  return committed ? caf::error{} : std::move(committed.error());
}

void door_client::commit_before_leaving(const caf::actor& consumer,
                                        const consumer_positions& offsets) {
  constexpr int attempts_max = 10;
  constexpr auto retry_ms = std::chrono::milliseconds{200};
  if (offsets.empty())
    return;
  for (int attempt = 1; attempt <= attempts_max; ++attempt) {
    auto err = commit(consumer, offsets);
    if (!err || !is_retriable(err))
      return;
    std::this_thread::sleep_for(retry_ms);
  }
}

std::optional<std::string> door_client::hold(const caf::actor& consumer, std::string group,
                                             std::chrono::milliseconds idle_timeout_ms) {
  std::lock_guard<std::mutex> guard{consumers_mutex_};
  return consumers_.add(consumer, std::move(group), idle_timeout_ms, consumer_table::clock::now());
}

std::optional<caf::actor> door_client::use(const std::string& id,
                                           consumer_table::group_scope in_group) {
  std::lock_guard<std::mutex> guard{consumers_mutex_};
  return consumers_.use(id, consumer_table::clock::now(), in_group);
}

std::optional<caf::actor> door_client::release(const std::string& id,
                                               consumer_table::group_scope in_group) {
  std::lock_guard<std::mutex> guard{consumers_mutex_};
  return consumers_.remove(id, in_group);
}

void door_client::sweep_idle() {
  std::vector<caf::actor> expired;
  {
    std::lock_guard<std::mutex> guard{consumers_mutex_};
    expired = consumers_.take_expired(consumer_table::clock::now());
  }
  for (auto& consumer : expired)
    caf::anon_send(consumer, close_atom::value); // it quits once it has left its group
}

void door_client::stop() {
  if (stopping_.exchange(true))
    return;
  std::vector<caf::actor> held;
  {
    std::lock_guard<std::mutex> guard{consumers_mutex_};
    held = consumers_.take_all();
  }
  for (auto& consumer : held)
    caf::anon_send(consumer, close_atom::value);
  caf::anon_send_exit(producer_, caf::exit_reason::user_shutdown);
}

} // namespace strom
