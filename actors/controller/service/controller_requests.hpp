#pragma once
// How the controller service runs a request that changes the table: on the
// controller leader validated, proposed and answered once applied; on any
// other node forwarded to the leader (controller_frontend.cpp says where).
// Internal to the service; templates, for each request's reply type.

#include <optional>

#include "actors/controller/service/controller_internal.hpp"
#include "messages/error_category.hpp"

namespace strom::controller_detail {

// Where a request this node cannot run goes: the controller leader; from a
// node without a controller replica, any controller node that is up (it
// forwards once more). A controller node never forwards to a non-leader, so
// a request takes at most two hops.
std::optional<broker_actor> forward_target(self_ptr self);

// Validates, proposes, and once applied lets `answer(self, promise, effect)`
// deliver the reply.
template <class Reply, class Answer>
caf::result<Reply> run_command(self_ptr self, const controller_command& command, Answer answer) {
  if (auto ok = self->state.table.validate(command); !ok)
    return make_error(ok.error());
  auto promise = self->make_response_promise<Reply>();
  propose(self, {command}, [self, promise, answer](result<apply_effect> outcome) mutable {
    if (!outcome)
      promise.deliver(make_error(outcome.error()));
    else
      answer(self, promise, *outcome);
  });
  return promise;
}

// As forward(), and a success is answered once this node's own table is
// ready for it too (or a request timeout later): read your writes here.
// `ready_for` makes the test from the leader's answer.
template <class Reply, class ReadyFor, class... Ts>
caf::result<Reply> forward_until_reply(self_ptr self, ReadyFor ready_for, Ts... xs) {
  auto target = forward_target(self);
  if (!target)
    return make_error(errc::no_controller, "node " + std::to_string(self_id(self).value()) +
                                             " knows no controller leader it can reach");
  auto promise = self->make_response_promise<Reply>();
  self->request(*target, self->state.settings.request_timeout_ms, std::move(xs)...)
    .then(
      [self, promise, ready_for](Reply& value) mutable {
        table_waiters::ready_fn ready = ready_for(value);
        auto answer = [promise, value]() mutable { promise.deliver(std::move(value)); };
        if (!ready)
          return answer();
        auto& st = self->state;
        st.waiters.add(st.table, ready, answer,
                       table_waiters::clock::now() + st.settings.request_timeout_ms);
      },
      [promise](caf::error& err) mutable {
        promise.deliver(is_strom_error(err) ? err : make_error(from_caf(err)));
      });
  return promise;
}

template <class Reply, class... Ts>
caf::result<Reply> forward_until(self_ptr self, table_waiters::ready_fn ready, Ts... xs) {
  return forward_until_reply<Reply>(
    self, [ready](const Reply&) { return ready; }, std::move(xs)...);
}

template <class Reply, class... Ts>
caf::result<Reply> forward(self_ptr self, Ts... xs) {
  return forward_until<Reply>(self, nullptr, std::move(xs)...);
}

// For a request without a reply value: the target answers the requester.
template <class... Ts>
caf::result<void> delegate_to_leader(self_ptr self, Ts... xs) {
  auto target = forward_target(self);
  if (!target)
    return make_error(errc::no_controller, "node " + std::to_string(self_id(self).value()) +
                                             " knows no controller leader it can reach");
  return self->delegate(*target, std::move(xs)...);
}

} // namespace strom::controller_detail
