#pragma once
// The consumers a blocking front door holds for its clients (gRPC
// CreateConsumer, REST consumer instances): an id each, at most
// consumers_max, and an idle expiry (a client that never closes its
// consumer must not keep its group's partitions forever). Each remembers its
// group: a REST path names the group as well as the instance, and an id
// under another group's path is not found (as the REST proxy scopes
// instances), so a client cannot reach a consumer through a group it never
// joined. Pure: the time is passed in; the door_client locks it and stops
// what expires.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>

namespace strom {

class consumer_table {
public:
  using clock = std::chrono::steady_clock;

  explicit consumer_table(size_t consumers_max);

  // Which held consumers a lookup may find: those of one group, or any
  // (gRPC's consumer ids stand alone).
  using group_scope = std::optional<std::string_view>;

  // A new id for `consumer` of `group`, or nothing when consumers_max are held.
  std::optional<std::string> add(caf::actor consumer, std::string group,
                                 std::chrono::milliseconds idle_timeout_ms, clock::time_point now);
  // The consumer, its idle time restarted; nothing when unknown, expired or
  // of another group than `in_group`.
  std::optional<caf::actor> use(const std::string& id, clock::time_point now,
                                group_scope in_group = std::nullopt);
  // The consumer, forgotten; nothing (and it stays) under another group.
  std::optional<caf::actor> remove(const std::string& id, group_scope in_group = std::nullopt);
  // Forgets and hands back every consumer idle past its timeout.
  std::vector<caf::actor> take_expired(clock::time_point now);
  std::vector<caf::actor> take_all();
  size_t size() const { return held_.size(); }

private:
  struct held {
    caf::actor consumer;
    std::string group;
    std::chrono::milliseconds idle_timeout_ms;
    clock::time_point last_used;
    bool expired(clock::time_point now) const { return now - last_used >= idle_timeout_ms; }
    bool in(group_scope scope) const { return !scope || *scope == group; }
  };

  // The entry of `id` when `scope` may see it, else end().
  std::map<std::string, held>::iterator find(const std::string& id, group_scope scope);

  size_t consumers_max_;
  // Ids are a counter and 128 bits from a cryptographic random source, so
  // that one client cannot guess another's consumer.
  uint64_t next_ = 1;
  std::map<std::string, held> held_;
};

} // namespace strom
