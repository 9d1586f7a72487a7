#include "net/door/consumer_table.hpp"

#include "net/tls/scram.hpp"

namespace strom {

namespace {

constexpr size_t id_random_bytes = 16;

std::string hex(const std::string& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

} // namespace

consumer_table::consumer_table(size_t consumers_max) : consumers_max_(consumers_max) {}

std::optional<std::string> consumer_table::add(caf::actor consumer, std::string group,
                                               std::chrono::milliseconds idle_timeout_ms,
                                               clock::time_point now) {
  if (held_.size() >= consumers_max_)
    return std::nullopt;
  auto id = "c" + std::to_string(next_++) + "-" + hex(random_bytes(id_random_bytes));
  held_.emplace(id, held{std::move(consumer), std::move(group), idle_timeout_ms, now});
  return id;
}

std::map<std::string, consumer_table::held>::iterator
consumer_table::find(const std::string& id, group_scope scope) {
  auto i = held_.find(id);
  return i != held_.end() && i->second.in(scope) ? i : held_.end();
}

std::optional<caf::actor> consumer_table::use(const std::string& id, clock::time_point now,
                                              group_scope in_group) {
  auto i = find(id, in_group);
  if (i == held_.end() || i->second.expired(now))
    return std::nullopt;
  i->second.last_used = now;
  return i->second.consumer;
}

std::optional<caf::actor> consumer_table::remove(const std::string& id, group_scope in_group) {
  auto i = find(id, in_group);
  if (i == held_.end())
    return std::nullopt;
  auto consumer = std::move(i->second.consumer);
  held_.erase(i);
  return consumer;
}

std::vector<caf::actor> consumer_table::take_expired(clock::time_point now) {
  std::vector<caf::actor> out;
  for (auto i = held_.begin(); i != held_.end();) {
    if (i->second.expired(now)) {
      out.push_back(std::move(i->second.consumer));
      i = held_.erase(i);
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<caf::actor> consumer_table::take_all() {
  std::vector<caf::actor> out;
  for (auto& [id, h] : held_)
    out.push_back(std::move(h.consumer));
  held_.clear();
  return out;
}

} // namespace strom
