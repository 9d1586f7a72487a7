#pragma once
// Kafka's topic name rules (org.apache.kafka.common.internals.Topic):
// [a-zA-Z0-9._-], 1 to 249 characters, not "." or "..". And two names that
// differ only in '.' versus '_' collide (Kafka refuses the second one: both
// map to the same metric names).

#include <cstddef>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace strom {

inline constexpr size_t topic_name_length_max = 249;

// bad_request naming the rule that was broken.
result<void> validate_topic_name(std::string_view name);

// The name with every '.' replaced by '_': equal for colliding names.
std::string topic_name_collision_key(std::string_view name);

} // namespace strom
