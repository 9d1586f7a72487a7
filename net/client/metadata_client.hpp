#pragma once
// How an event-based client actor (the producer, the consumer) asks the
// cluster what any broker answers: metadata, a producer id. It owns what the
// client knows (metadata_cache) and the brokers it talks to (broker_pool),
// asks the broker metadata_cache::next_to_ask names, and forgets a broker
// whose connection was lost. The caller retries, with its retry_policy.
//
// The owning actor forwards its down messages to pool().on_down().

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/client/broker_connect.hpp"
#include "net/client/broker_pool.hpp"
#include "net/client/metadata_cache.hpp"

namespace strom {

class metadata_client {
public:
  using failure = std::function<void(const caf::error&)>;

  metadata_client(caf::event_based_actor* self, std::vector<endpoint> bootstrap,
                  std::chrono::milliseconds request_timeout_ms)
      : self_(self), bootstrap_(std::move(bootstrap)), request_timeout_ms_(request_timeout_ms),
        pool_(self, request_timeout_ms) {}

  metadata_cache& cache() { return cache_; }
  broker_pool& pool() { return pool_; }

  // The metadata of `topics` (every topic when empty); the cache has taken
  // the reply in before `done` runs.
  void ask_metadata(std::vector<std::string> topics,
                    std::function<void(const cluster_metadata&)> done, failure failed) {
    ask<cluster_metadata>(
      [this, done = std::move(done)](const cluster_metadata& md) {
        cache_.update(md);
        done(md);
      },
      std::move(failed), metadata_atom::value, std::move(topics));
  }

  // Any request that any broker answers, of the next broker to ask.
  template <class Reply, class... Ts>
  void ask(std::function<void(const Reply&)> done, failure failed, Ts... xs) {
    auto e = cache_.next_to_ask(bootstrap_);
    auto on_error = [this, e, failed](const caf::error& err) {
      if (lost_connection(err))
        pool_.drop(e);
      failed(err);
    };
    pool_.with(e, [=](caf::expected<broker_actor> broker) {
      if (!broker)
        return on_error(broker.error());
      self_->request(*broker, request_timeout_ms_, xs...)
        .then([done](const Reply& reply) { done(reply); },
              [on_error](caf::error& err) { on_error(err); });
    });
  }

private:
  caf::event_based_actor* self_;
  std::vector<endpoint> bootstrap_;
  std::chrono::milliseconds request_timeout_ms_;
  metadata_cache cache_;
  broker_pool pool_;
};

} // namespace strom
