#pragma once
// The client door's protocol: how the C++ client library reaches a node
// through its client door (net/client_door) when the cluster is secured,
// instead of CAF remoting, whose OpenSSL module cannot tell a broker which
// certificate a connection showed. The library's actors keep sending the
// broker the typed messages of messages/interfaces.hpp; a door_link carries
// each as a frame, and the door authorizes it for the connection's
// principal before its broker sees it.
//
// A frame: the body's length (4 bytes, big-endian), then the body: its kind
// (1 byte), a correlation id (8), then CAF's binary encoding of its values.
//   client -> door: login(mechanism, message): "scram-sha-256" or
//                   "scram-sha-512" with SCRAM's client-first and then
//                   client-final message, or "mtls" with none
//                   request(session, call kind, the call's values): to the
//                   broker (session 0) or to a session it opened
//   door -> client: reply(value) or failure(caf::error), by correlation id
//                   (a login's reply is the server's SCRAM message)
//                   push(session, records), push_error(session, partition,
//                   error): what a session pushes to its consumer
//
// Only the calls listed here cross; each decodes into its own C++ types
// (never a caf::message or an actor handle from a client's bytes).

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "messages/interfaces.hpp"
#include "messages/result.hpp"

namespace strom {

enum class door_frame : uint8_t {
  login = 1,
  request = 2,
  reply = 3,
  failure = 4,
  push = 5,
  push_error = 6,
};

// A body larger than this is refused before it is read.
inline constexpr size_t door_frame_bytes_max = size_t{128} << 20;
// Before a connection is authenticated, only small frames are taken.
inline constexpr size_t door_login_frame_bytes_max = 16 * 1024;
inline constexpr size_t door_frame_length_bytes = 4;

enum class door_call_kind : uint8_t {
  metadata = 1,
  create_topic,
  delete_topic,
  add_partitions,
  producer_id,
  upsert_user,
  delete_user,
  list_users,
  create_acls,
  delete_acls,
  list_acls,
  join_group,
  sync_group,
  sync_group_assignments,
  heartbeat,
  leave_group,
  commit_offsets,
  fetch_offsets,
  list_groups,
  describe_group,
  delete_group,
  members,
  usage,
  status,
  produce,
  fetch,
  list_offsets,
  offset_for_time,
  subscribe,
  unsubscribe,
  credit,
  open_session, // client id -> session number; the door's pushes carry it
  alter_configs,
};

// One call: its kind on the wire, the atom and values the library sends,
// and what it is answered (void: nothing; one_way: no answer at all).
struct one_way {};
template <door_call_kind Kind, class Atom, class Reply, class... Args>
struct door_call {
  static constexpr door_call_kind kind = Kind;
  using atom = Atom;
  using reply = Reply;
  using args = std::tuple<Args...>;
};

namespace door_detail {
using k = door_call_kind;
using calls = std::tuple<
  door_call<k::metadata, metadata_atom, cluster_metadata, std::vector<std::string>>,
  door_call<k::create_topic, create_topic_atom, topic_metadata, topic_spec>,
  door_call<k::delete_topic, delete_topic_atom, topic_metadata, std::string>,
  door_call<k::add_partitions, add_partitions_atom, topic_metadata, std::string, int32_t>,
  door_call<k::alter_configs, alter_configs_atom, topic_metadata, std::string,
            std::vector<config_change>>,
  door_call<k::producer_id, producer_id_atom, int64_t>,
  door_call<k::upsert_user, upsert_user_atom, void, std::string, scram_credential>,
  door_call<k::delete_user, delete_user_atom, void, std::string>,
  door_call<k::list_users, list_users_atom, std::vector<user_summary>>,
  door_call<k::create_acls, create_acls_atom, void, std::vector<acl_binding>>,
  door_call<k::delete_acls, delete_acls_atom, std::vector<acl_binding>, acl_filter>,
  door_call<k::list_acls, list_acls_atom, std::vector<acl_binding>, acl_filter>,
  door_call<k::join_group, join_group_atom, join_group_reply, join_group_request>,
  door_call<k::sync_group, sync_group_atom, sync_group_reply, member_ref>,
  door_call<k::sync_group_assignments, sync_group_atom, sync_group_reply, member_ref,
            std::vector<member_assignment>>,
  door_call<k::heartbeat, heartbeat_atom, void, member_ref>,
  door_call<k::leave_group, leave_group_atom, void, member_ref>,
  door_call<k::commit_offsets, commit_offsets_atom, void, commit_offsets_request>,
  door_call<k::fetch_offsets, fetch_offsets_atom, committed_offsets, fetch_offsets_request>,
  door_call<k::list_groups, list_groups_atom, std::vector<group_overview>>,
  door_call<k::describe_group, describe_group_atom, group_description, std::string>,
  door_call<k::delete_group, delete_group_atom, void, std::string>,
  door_call<k::members, members_atom, std::vector<member_info>>,
  door_call<k::usage, usage_atom, node_usage>,
  door_call<k::status, status_atom, replica_status, group_id>,
  door_call<k::produce, produce_atom, produce_reply, group_id, produce_request>,
  door_call<k::fetch, fetch_atom, fetch_reply, group_id, fetch_request>,
  door_call<k::list_offsets, list_offsets_atom, record_offset, group_id, int64_t>,
  door_call<k::offset_for_time, offset_for_time_atom, timed_offset, group_id, int64_t>,
  door_call<k::subscribe, subscribe_atom, void, std::vector<subscription_entry>>,
  door_call<k::unsubscribe, unsubscribe_atom, void, std::vector<topic_partition>>,
  door_call<k::credit, credit_atom, one_way, uint64_t>>;

template <class Call, class F>
bool match_call(const caf::message& msg, Call call, F& f) {
  return std::apply(
    [&](auto... args) {
      if (!msg.match_elements<typename Call::atom, decltype(args)...>())
        return false;
      f(call);
      return true;
    },
    typename Call::args{});
}
} // namespace door_detail
using door_calls = door_detail::calls;

// Calls f(call{}) for the call of `kind`; false when there is none.
template <class F>
bool with_door_call(door_call_kind kind, F&& f) {
  return std::apply(
    [&](auto... calls) {
      return ((decltype(calls)::kind == kind ? (f(calls), true) : false) || ...);
    },
    door_calls{});
}

// Calls f(call{}) for the call whose atom and values `msg` holds; false
// when it is none of them.
template <class F>
bool with_door_call(const caf::message& msg, F&& f) {
  return std::apply([&](auto... calls) { return (door_detail::match_call(msg, calls, f) || ...); },
                    door_calls{});
}

// A whole frame, its length in front.
template <class... Ts>
std::vector<char> door_encode(caf::actor_system& sys, door_frame kind, uint64_t correlation,
                              const Ts&... xs) {
  std::vector<char> out(door_frame_length_bytes, '\0');
  caf::binary_serializer sink{sys, out};
  auto kind_byte = static_cast<uint8_t>(kind);
  // Saving into a growing vector cannot fail.
  (void) sink(kind_byte, correlation, const_cast<Ts&>(xs)...);
  auto body = static_cast<uint32_t>(out.size() - door_frame_length_bytes);
  for (size_t i = 0; i < door_frame_length_bytes; ++i)
    out[i] = static_cast<char>((body >> (8 * (door_frame_length_bytes - 1 - i))) & 0xff);
  return out;
}

// A frame's body as it was read: its kind and correlation id, then its values.
struct door_frame_head {
  door_frame kind = door_frame::failure;
  uint64_t correlation = 0;
};

// Reads values of a body after its head; an error for bytes that do not
// hold exactly them.
class door_body_reader {
public:
  // Reads `body` in place: it must outlive the reader.
  door_body_reader(caf::actor_system& sys, std::string_view body)
      : source_(sys, body.data(), body.size()) {}
  door_body_reader(caf::actor_system& sys, std::string&& body) = delete;

  result<door_frame_head> head();
  template <class... Ts>
  result<void> read(Ts&... xs) {
    if (auto err = source_(xs...))
      return strom::error{errc::bad_request, "a frame's values do not decode"};
    return {};
  }
  // Nothing may follow a frame's last value.
  result<void> finish() const;

private:
  caf::binary_deserializer source_;
};

// Splits a stream's bytes into frame bodies, read in place.
class door_frame_reader {
public:
  void append(const char* bytes, size_t size);
  void append(const std::string& bytes) { append(bytes.data(), bytes.size()); }
  // The next whole body (a view into the reader, good until the next
  // append), none until one is complete, or an error for a length above
  // `bytes_max` (the stream cannot go on).
  result<bool> next(std::string_view& body, size_t bytes_max);

private:
  std::string buffer_;
  size_t consumed_ = 0;
};

} // namespace strom
