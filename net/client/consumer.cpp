#include "net/client/consumer.hpp"

#include <thread>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/consumer_actor.hpp"

namespace strom {

consumer::consumer(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                   consumer_config config)
    : sys_(sys), config_(config) {
  actor_ = sys.spawn(consumer_actor, std::move(bootstrap), std::move(config));
}

consumer::~consumer() {
  close();
}

void consumer::subscribe(std::vector<std::string> topics) {
  caf::anon_send(actor_, subscribe_topics_atom::value, std::move(topics));
}

void consumer::assign(std::vector<topic_partition> partitions) {
  caf::anon_send(actor_, assign_atom::value, std::move(partitions));
}

std::vector<consumer_record> consumer::poll(std::chrono::milliseconds max_wait_ms,
                                            size_t max_records) {
  caf::scoped_actor self{sys_};
  std::vector<consumer_record> out;
  self->request(actor_, max_wait_ms + config_.request_timeout_ms, poll_atom::value, max_records,
                static_cast<int64_t>(max_wait_ms.count()))
    .receive([&](std::vector<consumer_record>& records) { out = std::move(records); },
             [&](const caf::error&) {});
  return out;
}

caf::expected<void> consumer::commit() {
  // A commit right after the group formed may find no coordinator session
  // yet: retriable errors are retried within the request timeout.
  auto deadline = std::chrono::steady_clock::now() + config_.request_timeout_ms;
  caf::scoped_actor self{sys_};
  for (;;) {
    caf::error failure;
    self->request(actor_, config_.request_timeout_ms * 2, commit_atom::value)
      .receive([] {}, [&](caf::error& err) { failure = std::move(err); });
    if (!failure)
      return caf::unit;
    if (!is_retriable(failure) || std::chrono::steady_clock::now() >= deadline)
      return failure;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
}

void consumer::seek(const topic_partition& partition, seek_target target) {
  caf::anon_send(actor_, seek_atom::value, partition, static_cast<int32_t>(target.what),
                 target.value);
}

void consumer::pause(std::vector<topic_partition> partitions) {
  caf::anon_send(actor_, pause_atom::value, std::move(partitions));
}

void consumer::resume(std::vector<topic_partition> partitions) {
  caf::anon_send(actor_, resume_atom::value, std::move(partitions));
}

std::vector<topic_partition> consumer::assignment() {
  caf::scoped_actor self{sys_};
  std::vector<topic_partition> out;
  self->request(actor_, config_.request_timeout_ms, assignment_atom::value)
    .receive([&](std::vector<topic_partition>& tps) { out = std::move(tps); },
             [](const caf::error&) {});
  return out;
}

consumer_positions consumer::positions() {
  caf::scoped_actor self{sys_};
  consumer_positions out;
  self->request(actor_, config_.request_timeout_ms, positions_atom::value)
    .receive([&](consumer_positions& got) { out = std::move(got); }, [](const caf::error&) {});
  return out;
}

int32_t consumer::generation() {
  caf::scoped_actor self{sys_};
  int32_t out = -1;
  self->request(actor_, config_.request_timeout_ms, generation_atom::value)
    .receive([&](int32_t g) { out = g; }, [](const caf::error&) {});
  return out;
}

uint64_t consumer::buffered_bytes() {
  caf::scoped_actor self{sys_};
  uint64_t out = 0;
  self->request(actor_, config_.request_timeout_ms, buffered_atom::value)
    .receive([&](uint64_t bytes) { out = bytes; }, [](const caf::error&) {});
  return out;
}

void consumer::close() {
  if (!actor_)
    return;
  caf::scoped_actor self{sys_};
  self->request(actor_, config_.request_timeout_ms * 3, close_atom::value)
    .receive([] {}, [](const caf::error&) {});
  self->send_exit(actor_, caf::exit_reason::user_shutdown);
  self->wait_for(actor_);
  actor_ = nullptr;
}

} // namespace strom
