// The client door's frames: what one side encodes the other decodes, a
// stream split anywhere gives the same frames, and bad bytes of every kind
// (a length above the limit, an unknown kind, values that do not decode,
// bytes after the last value) are errors, never a crash.

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>

#include "net/client/door_protocol.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {
namespace {

class door_protocol_test : public ::testing::Test {
protected:
  std::string bytes_of(const std::vector<char>& frame) { return {frame.begin(), frame.end()}; }

  // The bodies a reader takes out of `stream`, fed `piece` bytes at a time.
  std::vector<std::string> bodies_of(const std::string& stream, size_t piece) {
    door_frame_reader reader;
    std::vector<std::string> out;
    std::string_view body;
    for (size_t at = 0; at < stream.size(); at += piece) {
      reader.append(stream.substr(at, piece));
      for (auto next = reader.next(body, door_frame_bytes_max); next && *next;
           next = reader.next(body, door_frame_bytes_max))
        out.emplace_back(body);
    }
    return out;
  }

  std::string body_of(const std::vector<char>& frame) {
    return bodies_of(bytes_of(frame), frame.size()).at(0);
  }

  strom_config config_;
  caf::actor_system sys_{config_};
};

TEST_F(door_protocol_test, a_request_decodes_as_it_was_encoded) {
  produce_request request;
  request.batch = std::string(1000, 'x');
  request.acks = -1;
  auto frame = door_encode(sys_, door_frame::request, 42, uint64_t{7},
                           static_cast<uint8_t>(door_call_kind::produce), group_id{3}, request);
  auto bytes = body_of(frame);
  door_body_reader body{sys_, bytes};
  auto head = body.head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->kind, door_frame::request);
  EXPECT_EQ(head->correlation, 42u);
  uint64_t session = 0;
  uint8_t kind = 0;
  group_id group;
  produce_request decoded;
  ASSERT_TRUE(body.read(session, kind, group, decoded));
  EXPECT_TRUE(body.finish());
  EXPECT_EQ(session, 7u);
  EXPECT_EQ(kind, static_cast<uint8_t>(door_call_kind::produce));
  EXPECT_EQ(group, group_id{3});
  EXPECT_EQ(decoded.batch, request.batch);
  EXPECT_EQ(decoded.acks, -1);
}

TEST_F(door_protocol_test, a_stream_split_anywhere_gives_the_same_frames) {
  std::string stream;
  for (uint64_t i = 1; i <= 5; ++i)
    stream += bytes_of(door_encode(sys_, door_frame::reply, i, std::string(i * 100, 'a')));
  auto whole = bodies_of(stream, stream.size());
  ASSERT_EQ(whole.size(), 5u);
  for (size_t piece : {1, 3, 4, 7, 100})
    EXPECT_EQ(bodies_of(stream, piece), whole) << piece;
}

TEST_F(door_protocol_test, a_length_above_the_limit_is_refused_before_it_is_read) {
  door_frame_reader reader;
  reader.append(std::string{"\x7f\xff\xff\xff", 4});
  std::string_view body;
  auto next = reader.next(body, door_login_frame_bytes_max);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, errc::bad_request);
}

TEST_F(door_protocol_test, an_unknown_kind_or_a_short_head_is_an_error) {
  auto frame = door_encode(sys_, door_frame::reply, 1);
  auto body = body_of(frame);
  body[0] = 99;
  door_body_reader unknown{sys_, body};
  EXPECT_FALSE(unknown.head());
  auto three = body.substr(0, 3);
  door_body_reader shorter{sys_, three};
  EXPECT_FALSE(shorter.head());
  std::string nothing;
  door_body_reader empty{sys_, nothing};
  EXPECT_FALSE(empty.head());
}

TEST_F(door_protocol_test, values_that_do_not_decode_or_bytes_after_them_are_errors) {
  auto frame = door_encode(sys_, door_frame::login, 1, std::string{"scram-sha-256"},
                           std::string{"n,,n=alice,r=abc"});
  auto body = body_of(frame);
  {
    auto shorter = body.substr(0, body.size() - 4);
    door_body_reader cut{sys_, shorter};
    ASSERT_TRUE(cut.head());
    std::string mechanism, message;
    EXPECT_FALSE(cut.read(mechanism, message));
  }
  auto junk = body + "junk";
  door_body_reader longer{sys_, junk};
  ASSERT_TRUE(longer.head());
  std::string mechanism, message;
  ASSERT_TRUE(longer.read(mechanism, message));
  EXPECT_FALSE(longer.finish());
}

TEST_F(door_protocol_test, garbage_bodies_never_crash_the_reader) {
  uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string body(state % 64, '\0');
    for (auto& c : body) {
      state = state * 1103515245 + 12345;
      c = static_cast<char>(state >> 16);
    }
    door_body_reader reader{sys_, body};
    if (!reader.head())
      continue;
    uint64_t session = 0;
    uint8_t kind = 0;
    join_group_request join;
    (void) reader.read(session, kind, join);
  }
}

TEST_F(door_protocol_test, every_call_is_found_by_its_kind_and_by_its_message) {
  std::apply(
    [&](auto... calls) {
      auto check = [&](auto call) {
        using call_type = decltype(call);
        bool by_kind = with_door_call(call_type::kind, [&](auto found) {
          EXPECT_EQ(decltype(found)::kind, call_type::kind);
        });
        EXPECT_TRUE(by_kind);
      };
      (check(calls), ...);
    },
    door_calls{});
  auto msg = caf::make_message(produce_atom::value, group_id{1}, produce_request{});
  door_call_kind found = door_call_kind::open_session;
  EXPECT_TRUE(with_door_call(msg, [&](auto call) { found = decltype(call)::kind; }));
  EXPECT_EQ(found, door_call_kind::produce);
  auto sync = caf::make_message(sync_group_atom::value, member_ref{},
                                std::vector<member_assignment>{});
  EXPECT_TRUE(with_door_call(sync, [&](auto call) { found = decltype(call)::kind; }));
  EXPECT_EQ(found, door_call_kind::sync_group_assignments);
  EXPECT_FALSE(with_door_call(caf::make_message(ping_atom::value), [](auto) {}));
}

// A client has no way to a replica's raft or to a proposal: no call carries
// them, whatever kind a frame names.
TEST_F(door_protocol_test, no_call_carries_raft_messages_or_proposals) {
  auto raft = caf::make_message(raft_atom::value, group_id{0}, raft::message{});
  auto propose =
    caf::make_message(propose_atom::value, group_id{0}, std::vector<std::string>{"x"});
  EXPECT_FALSE(with_door_call(raft, [](auto) {}));
  EXPECT_FALSE(with_door_call(propose, [](auto) {}));
  for (int kind = 0; kind < 256; ++kind)
    with_door_call(static_cast<door_call_kind>(kind), [&](auto call) {
      using atom = typename decltype(call)::atom;
      EXPECT_FALSE((std::is_same_v<atom, raft_atom> || std::is_same_v<atom, propose_atom> ||
                    std::is_same_v<atom, ping_atom>))
        << kind;
    });
}

} // namespace
} // namespace strom
