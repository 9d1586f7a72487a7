// Producer ids in blocks (Kafka's KIP-730): each node takes a block of
// producer_id_block ids from the controller with one command and hands them
// out itself. A producer's start then costs no controller entry and no hop
// to the leader, and group 0's log grows by one entry per block, not one
// per producer. Blocks are committed ranges, so no two nodes, and no two
// leaders, ever hand out the same id; the unused rest of a block is skipped
// after a restart.

#include "actors/controller/service/controller_requests.hpp"

namespace strom::controller_detail {

namespace {

void ask_for_block(self_ptr self);

void fail_waiting(self_ptr self, const caf::error& err) {
  auto& ids = self->state.producer_ids;
  ids.asked = false;
  auto why = is_strom_error(err) ? err : make_error(from_caf(err));
  for (auto& promise : std::exchange(ids.waiting, {}))
    promise.deliver(why);
}

void took_block(self_ptr self, int64_t first, int32_t count) {
  auto& ids = self->state.producer_ids;
  if (first < 0)
    return fail_waiting(self,
                        make_error(errc::no_controller, "the controller gave no producer ids"));
  ids.asked = false;
  ids.next = first;
  ids.end = first + count;
  auto waiting = std::exchange(ids.waiting, {});
  size_t served = 0;
  for (; served < waiting.size() && ids.next < ids.end; ++served)
    waiting[served].deliver(ids.next++);
  ids.waiting.assign(waiting.begin() + static_cast<std::ptrdiff_t>(served), waiting.end());
  if (!ids.waiting.empty())
    ask_for_block(self);
}

// Asks this node's own service, which runs the command when it leads group
// 0 and forwards it to the leader otherwise: one path either way.
void ask_for_block(self_ptr self) {
  auto& st = self->state;
  if (std::exchange(st.producer_ids.asked, true))
    return;
  auto count = st.settings.producer_id_block;
  auto me = caf::actor_cast<controller_service_actor>(self);
  self->request(me, st.settings.request_timeout_ms, producer_ids_atom::value, count)
    .then([self, count](int64_t first) { took_block(self, first, count); },
          [self](caf::error& err) { fail_waiting(self, err); });
}

} // namespace

caf::result<int64_t> allocate_producer_id(self_ptr self) {
  auto& ids = self->state.producer_ids;
  if (ids.next < ids.end)
    return ids.next++;
  auto promise = self->make_response_promise<int64_t>();
  ids.waiting.push_back(promise);
  ask_for_block(self);
  return promise;
}

// On the wire an int64_t, as in a batch's header: -1 for none.
caf::result<int64_t> allocate_producer_ids(self_ptr self, int32_t count) {
  if (!leads_controller(self))
    return forward<int64_t>(self, producer_ids_atom::value, count);
  return run_command<int64_t>(self, allocate_producer_id_command{count},
                              [](self_ptr, caf::typed_response_promise<int64_t>& p,
                                 const apply_effect& effect) {
                                const auto& id = effect.producer_id;
                                p.deliver(id ? id->value() : int64_t{-1});
                              });
}

} // namespace strom::controller_detail
