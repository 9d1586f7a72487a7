// What a node's client door reads from a connection (net/client_door):
// the input's bytes as a stream of frames, each body's head, then a
// login's two strings or a request's session, call kind and that call's
// values, exactly as the door decodes them before it authorizes anything.
// A body of a call that decodes encodes again to bytes that decode the
// same. Nothing crashes, and a length above the limit stops the stream.

#include <caf/actor_system.hpp>

#include "net/client/door_protocol.hpp"
#include "net/cluster/system_config.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

// One actor system for the whole run, as a node has one.
caf::actor_system& system() {
  static auto* config = new strom_config;
  static auto* sys = new caf::actor_system{*config};
  return *sys;
}

void read_request(door_body_reader& body) {
  uint64_t session = 0;
  uint8_t kind = 0;
  if (!body.read(session, kind))
    return;
  if (kind == static_cast<uint8_t>(door_call_kind::open_session)) {
    std::string client_id;
    (void) body.read(client_id);
    return;
  }
  with_door_call(static_cast<door_call_kind>(kind), [&](auto call) {
    typename decltype(call)::args args;
    auto read = std::apply([&](auto&... xs) { return body.read(xs...); }, args);
    if (!read || !body.finish())
      return;
    // What decoded saves and decodes to the same values.
    auto again = std::apply(
      [&](const auto&... xs) {
        return door_encode(system(), door_frame::request, 1, session, kind, xs...);
      },
      args);
    std::string bytes(again.begin() + door_frame_length_bytes, again.end());
    door_body_reader second{system(), bytes};
    typename decltype(call)::args copy;
    require(second.head() && second.read(session, kind), "a re-encoded head decodes");
    auto reread = std::apply([&](auto&... xs) { return second.read(xs...); }, copy);
    require(static_cast<bool>(reread) && static_cast<bool>(second.finish()),
            "a re-encoded call decodes");
  });
}

void read_body(std::string_view bytes) {
  door_body_reader body{system(), bytes};
  auto head = body.head();
  if (!head)
    return;
  if (head->kind == door_frame::login) {
    std::string mechanism;
    std::string message;
    (void) body.read(mechanism, message);
    (void) body.finish();
  } else if (head->kind == door_frame::request) {
    read_request(body);
  }
}

} // namespace

std::vector<std::string> seeds() {
  auto& sys = system();
  auto as_string = [](const std::vector<char>& v) { return std::string{v.begin(), v.end()}; };
  produce_request produce;
  produce.batch = "batch";
  join_group_request join;
  join.group = "billing";
  join.protocols = {"range"};
  return {
    as_string(door_encode(sys, door_frame::login, 1, std::string{"scram-sha-256"},
                          std::string{"n,,n=alice,r=abc"})),
    as_string(door_encode(sys, door_frame::request, 2, uint64_t{0},
                          static_cast<uint8_t>(door_call_kind::produce), group_id{3}, produce)),
    as_string(door_encode(sys, door_frame::request, 3, uint64_t{1},
                          static_cast<uint8_t>(door_call_kind::join_group), join)),
    as_string(door_encode(sys, door_frame::request, 4, uint64_t{0},
                          static_cast<uint8_t>(door_call_kind::metadata),
                          std::vector<std::string>{"orders"})),
  };
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::door_frame_reader frames;
  frames.append(reinterpret_cast<const char*>(data), size);
  std::string_view body;
  for (;;) {
    auto next = frames.next(body, strom::door_login_frame_bytes_max);
    if (!next || !*next)
      return 0;
    strom::fuzz::read_body(body);
  }
}
