#pragma once
// The producer for plain C++ code: a facade over producer_actor, which runs
// in the application's actor system and talks to the brokers.
//
//   strom::producer p{sys, bootstrap};                 // sys: a strom_config system
//   auto report = p.send("orders", record{key, value}); // std::future
//   p.send("orders", r, [](const delivery_report& d) { ... });
//   p.flush();   // every record sent so far is reported
//   p.close();   // flush, then stop the actor (the destructor does this too)
//
// Every record gets exactly one delivery_report: its partition and offset,
// or a typed error (errc::unknown_topic, errc::record_too_large, errc::timeout
// after delivery_timeout_ms, ...). Callbacks run on the producer actor: keep
// them short and never block in them. Actor applications can spawn
// producer_actor themselves and send it (send_atom, send_request).

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "net/client/endpoint.hpp"
#include "net/client/producer_config.hpp"
#include "net/client/send_inbox.hpp"

namespace strom {

class producer {
public:
  producer(caf::actor_system& sys, std::vector<endpoint> bootstrap, producer_config config = {});
  ~producer();
  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  // `partition` set: that partition; else murmur2 of the key; else sticky.
  std::future<delivery_report> send(std::string topic, record r,
                                    std::optional<partition_id> partition = std::nullopt);
  void send(std::string topic, record r, delivery_callback on_delivery,
            std::optional<partition_id> partition = std::nullopt);

  // Sends what lingers and waits until every record sent before is
  // reported; false only if the producer stopped answering.
  bool flush();
  // Flushes and stops the actor; sending afterwards is a programming error.
  void close();

  const caf::actor& handle() const { return actor_; }

private:
  caf::actor_system& sys_;
  producer_config config_;
  std::shared_ptr<send_inbox> inbox_; // sends reach the actor through it
  caf::actor actor_;
};

} // namespace strom
