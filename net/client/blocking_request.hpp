#pragma once
// One request from a thread outside any actor (tools, the console, tests),
// waiting at most `timeout_ms` for the answer: the value, or the error the
// actor answered, or CAF's request_timeout.

#include <chrono>
#include <type_traits>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <caf/scoped_actor.hpp>

namespace strom {

// Reply = void for requests answered with nothing but success.
template <class Reply, class Handle, class... Ts>
caf::expected<Reply> request_blocking(caf::actor_system& sys, const Handle& to,
                                      std::chrono::milliseconds timeout_ms, Ts&&... xs) {
  caf::scoped_actor self{sys};
  caf::expected<Reply> out{caf::sec::request_timeout};
  auto failed = [&](caf::error& err) { out = std::move(err); };
  if constexpr (std::is_void_v<Reply>)
    self->request(to, timeout_ms, std::forward<Ts>(xs)...)
      .receive([&] { out = caf::unit; }, failed);
  else
    self->request(to, timeout_ms, std::forward<Ts>(xs)...)
      .receive([&](Reply& value) { out = std::move(value); }, failed);
  return out;
}

} // namespace strom
