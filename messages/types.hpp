#pragma once
// Ids and value types shared by every layer. Each id is its own type so that an
// offset can never be passed where a term is expected (Redpanda's named_type).
// No CAF include: the raft core and storage use these too; the inspect()
// overloads are templates CAF picks up when it serializes them.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace strom {

template <class T, class Tag>
class strong_id {
public:
  using value_type = T;

  constexpr strong_id() = default;
  constexpr explicit strong_id(T value) : value_(value) {}

  constexpr T value() const { return value_; }
  // The id one after or before: log positions, offsets, terms and
  // generations count in steps of one. Only for integer ids.
  constexpr strong_id next() const { return strong_id{static_cast<T>(value_ + 1)}; }
  constexpr strong_id prev() const { return strong_id{static_cast<T>(value_ - 1)}; }

  friend constexpr bool operator==(strong_id a, strong_id b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(strong_id a, strong_id b) { return a.value_ != b.value_; }
  friend constexpr bool operator<(strong_id a, strong_id b) { return a.value_ < b.value_; }
  friend constexpr bool operator<=(strong_id a, strong_id b) { return a.value_ <= b.value_; }
  friend constexpr bool operator>(strong_id a, strong_id b) { return a.value_ > b.value_; }
  friend constexpr bool operator>=(strong_id a, strong_id b) { return a.value_ >= b.value_; }
  friend std::ostream& operator<<(std::ostream& out, strong_id id) { return out << id.value_; }

  template <class Inspector>
  friend auto inspect(Inspector& f, strong_id& x) {
    return f(x.value_);
  }

private:
  T value_{};
};

using node_id = strong_id<int32_t, struct node_id_tag>;
using term_id = strong_id<int64_t, struct term_id_tag>;
// A position in a raft log (and so in a partition's storage log).
using raft_index = strong_id<int64_t, struct raft_index_tag>;
// A record's position as clients see it; differs from raft_index because
// no-op and configuration entries take log positions but hold no records.
using record_offset = strong_id<int64_t, struct record_offset_tag>;
using partition_id = strong_id<int32_t, struct partition_id_tag>;
// An idempotent producer's id, from the controller. On the wire (a batch's
// header, the controller's answer) -1 stands for none; in code, an empty
// std::optional<producer_id> does.
using producer_id = strong_id<int64_t, struct producer_id_tag>;
// A raft group: 0 is the controller, every partition replica set has its own.
using group_id = strong_id<int64_t, struct group_id_tag>;

inline constexpr group_id controller_group{0};

// Where a node's broker listens, as written in the manifest.
struct node_address {
  node_id id;
  std::string host;
  uint16_t port = 0;

  std::string to_string() const { return host + ":" + std::to_string(port); }

  template <class Inspector>
  friend auto inspect(Inspector& f, node_address& x) {
    return f(x.id, x.host, x.port);
  }
};

} // namespace strom

namespace std {
template <class T, class Tag>
struct hash<strom::strong_id<T, Tag>> {
  size_t operator()(strom::strong_id<T, Tag> id) const noexcept {
    return std::hash<T>{}(id.value());
  }
};
} // namespace std
