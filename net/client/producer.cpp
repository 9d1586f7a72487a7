#include "net/client/producer.hpp"

#include <memory>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "messages/check.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/producer_actor.hpp"

namespace strom {

producer::producer(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                   producer_config config)
    : sys_(sys), config_(config), inbox_(std::make_shared<send_inbox>()) {
  actor_ = sys.spawn(producer_actor_with_inbox, std::move(bootstrap), std::move(config), inbox_);
}

producer::~producer() {
  close();
}

std::future<delivery_report> producer::send(std::string topic, record r,
                                            std::optional<partition_id> partition) {
  auto promise = std::make_shared<std::promise<delivery_report>>();
  auto future = promise->get_future();
  send(std::move(topic), std::move(r),
       [promise](const delivery_report& report) { promise->set_value(report); }, partition);
  return future;
}

void producer::send(std::string topic, record r, delivery_callback on_delivery,
                    std::optional<partition_id> partition) {
  STROM_CHECK(actor_);
  if (inbox_->put(send_request{std::move(topic), std::move(r), partition, std::move(on_delivery)}))
    caf::anon_send(actor_, drain_atom::value);
}

bool producer::flush() {
  if (!actor_)
    return true;
  // Every record is reported within delivery_timeout_ms, after one more
  // request at most: waiting longer means the actor is gone.
  auto bound = config_.delivery_timeout_ms + config_.request_timeout_ms + std::chrono::seconds{1};
  caf::scoped_actor self{sys_};
  bool done = false;
  self->request(actor_, bound, flush_atom::value)
    .receive([&] { done = true; }, [&](const caf::error&) { done = false; });
  return done;
}

void producer::close() {
  if (!actor_)
    return;
  flush();
  caf::scoped_actor self{sys_};
  self->send_exit(actor_, caf::exit_reason::user_shutdown);
  self->wait_for(actor_);
  actor_ = nullptr;
}

} // namespace strom
