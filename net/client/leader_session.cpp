#include "net/client/leader_session.hpp"

#include <thread>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "net/client/broker_connect.hpp"
#include "net/client/retry_policy.hpp"

namespace strom {

leader_session::leader_session(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                               session_config config)
    : sys_(sys), bootstrap_(std::move(bootstrap)), config_(config) {}

caf::expected<broker_actor> leader_session::broker_at(const endpoint& e) {
  auto key = e.to_string();
  if (auto it = brokers_.find(key); it != brokers_.end())
    return it->second;
  auto broker = connect_broker(sys_, e, config_.request_timeout_ms);
  if (broker)
    brokers_[key] = *broker;
  return broker;
}

template <class Reply, class... Ts>
caf::expected<Reply> leader_session::ask(const endpoint& e, std::chrono::milliseconds timeout_ms,
                                         const Ts&... xs) {
  auto broker = broker_at(e);
  if (!broker)
    return std::move(broker.error());
  caf::scoped_actor self{sys_};
  caf::expected<Reply> out{caf::sec::request_timeout};
  self->request(*broker, timeout_ms, xs...)
    .receive([&](Reply& value) { out = std::move(value); },
             [&](caf::error& err) { out = std::move(err); });
  // A timeout or a lost connection: the node may be gone or back with a new
  // handle, so connect afresh next time.
  if (!out && lost_connection(out.error()))
    brokers_.erase(e.to_string());
  return out;
}

caf::expected<cluster_metadata> leader_session::fetch_metadata(const std::string& topic) {
  caf::error last = make_error(errc::unreachable, "no broker to ask");
  for (size_t i = 0, n = cache_.places_to_ask(bootstrap_); i < n; ++i) {
    auto e = cache_.next_to_ask(bootstrap_);
    auto md = ask<cluster_metadata>(e, config_.request_timeout_ms, metadata_atom::value,
                                    std::vector<std::string>{topic});
    if (md) {
      cache_.update(*md);
      return md;
    }
    last = std::move(md.error());
    if (!is_retriable(last))
      break;
  }
  return last;
}

caf::expected<topic_metadata> leader_session::describe(const std::string& topic) {
  auto md = fetch_metadata(topic);
  if (!md)
    return std::move(md.error());
  return *cache_.topic(topic);
}

// One try at the leader as the cache names it; on failure the cache learns
// what the error says (a hint, or that the node did not lead).
template <class Reply, class Atom, class Payload>
caf::expected<Reply> leader_session::ask_leader_once(const std::string& topic, partition_id p,
                                                     std::chrono::milliseconds wait_ms, Atom atom,
                                                     const Payload& payload) {
  if (!cache_.partition(topic, p)) {
    auto md = fetch_metadata(topic);
    if (!md)
      return std::move(md.error());
    if (!cache_.partition(topic, p))
      return make_error(errc::unknown_partition,
                        topic + " has no partition " + std::to_string(p.value()));
  }
  auto group = cache_.partition(topic, p)->group;
  auto node = cache_.route(topic, p);
  auto address = node ? cache_.address(*node) : std::nullopt;
  if (!address) {
    cache_.forget_topic(topic); // ask for metadata again next time
    return make_error(errc::unreachable,
                      "no broker known for " + topic + "/" + std::to_string(p.value()));
  }
  auto out = ask<Reply>(endpoint_of(*address), config_.request_timeout_ms + wait_ms, atom, group,
                        payload);
  if (out)
    cache_.set_leader(group, *node);
  else if (auto hint = leader_hint(out.error()))
    cache_.set_leader(group, *hint);
  else if (is_retriable(out.error()))
    cache_.forget_leader(group, *node);
  return out;
}

template <class Reply, class Atom, class Payload>
caf::expected<Reply> leader_session::ask_leader(const std::string& topic, partition_id p,
                                                std::chrono::milliseconds wait_ms, Atom atom,
                                                const Payload& payload) {
  auto deadline = std::chrono::steady_clock::now() + config_.retry_timeout_ms;
  auto backoff = retry_backoff(config_);
  for (int tries = 1;; ++tries) {
    auto out = ask_leader_once<Reply>(topic, p, wait_ms, atom, payload);
    if (out || !is_retriable(out.error()) || std::chrono::steady_clock::now() >= deadline)
      return out;
    // Without a hint the metadata may be stale: ask again before the next try.
    if (!leader_hint(out.error()) && tries > 1)
      fetch_metadata(topic);
    std::this_thread::sleep_for(backoff.next());
  }
}

caf::expected<fetch_reply> leader_session::fetch(const std::string& topic, partition_id p,
                                                 const fetch_request& request) {
  return ask_leader<fetch_reply>(topic, p, std::chrono::milliseconds{request.max_wait_ms},
                                 fetch_atom::value, request);
}

caf::expected<record_offset> leader_session::list_offsets(const std::string& topic,
                                                          partition_id p, int64_t spec) {
  return ask_leader<record_offset>(topic, p, std::chrono::milliseconds{0},
                                   list_offsets_atom::value, spec);
}

} // namespace strom
