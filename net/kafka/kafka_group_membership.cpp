// JoinGroup, SyncGroup, Heartbeat and LeaveGroup through the Kafka door:
// Kafka's classic group protocol on the node's group service. The members'
// protocol metadata and the leader's assignment are opaque bytes that the
// coordinator keeps and relays (actors/group/group_state.hpp); a group is
// either of Kafka's protocol or strom's own, and a member of the other kind
// is answered INCONSISTENT_GROUP_PROTOCOL.

#include <algorithm>
#include <chrono>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/group_membership_api.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"
#include "net/kafka/request_gather.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;
using std::chrono::milliseconds;

// KIP-394 from JoinGroup v4: older clients join at once with no member id,
// so the door joins again for them with the id the coordinator gave.
constexpr int16_t member_id_required_from = 4;
// A join or sync waits for the other members (up to the rebalance timeout),
// not only for the node: its wait is that long, and a little more.
constexpr milliseconds group_wait_margin_ms{5'000};
constexpr milliseconds sync_wait_ms{300'000};

milliseconds group_wait_ms(const kafka_session_state& st, int32_t rebalance_timeout_ms) {
  return std::max(st.context.config.request_timeout_ms,
                  milliseconds{rebalance_timeout_ms} + group_wait_margin_ms);
}

std::string instance_or_empty(const std::optional<std::string>& instance) {
  return instance.value_or("");
}

std::optional<std::string> instance_of(const std::string& instance) {
  return instance.empty() ? std::nullopt : std::optional<std::string>{instance};
}

join_group_request to_join(const kafka::join_group_request& r, const kafka::request_header& h) {
  join_group_request out;
  out.group = r.group;
  out.member = r.member;
  out.group_instance_id = instance_or_empty(r.instance);
  out.client_id = h.client_id.value_or("");
  out.session_timeout_ms = r.session_timeout_ms;
  out.rebalance_timeout_ms = r.rebalance_timeout_ms;
  out.protocol_type = r.protocol_type;
  for (const auto& p : r.protocols) {
    out.protocols.push_back(p.name);
    out.protocol_metadata.push_back(p.metadata);
  }
  return out;
}

kafka::join_group_response joined(const join_group_reply& reply) {
  kafka::join_group_response out;
  out.error = reply.member_id_required ? error_code::member_id_required : error_code::none;
  out.generation = reply.generation;
  out.protocol_type = reply.protocol_type;
  out.protocol_name = reply.protocol;
  out.leader = reply.leader;
  out.member = reply.member;
  for (const auto& m : reply.members)
    out.members.push_back({m.member, instance_of(m.group_instance_id), m.metadata});
  return out;
}

kafka::join_group_response join_refused(error_code error, const std::string& member) {
  kafka::join_group_response out;
  out.error = error;
  out.member = member;
  return out;
}

void send_join(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
               join_group_request request) {
  auto wait = group_wait_ms(self->state, request.rebalance_timeout_ms);
  auto version = header.api_version;
  self->request(self->state.context.broker, wait, join_group_atom::value, request)
    .then(
      [self, slot, header, request, version](const join_group_reply& reply) mutable {
        if (reply.member_id_required && version < member_id_required_from) {
          request.member = reply.member;
          return send_join(self, slot, header, std::move(request));
        }
        deliver(self, slot, header, kafka::write_join_group(version, joined(reply)));
      },
      [self, slot, header, member = request.member, version](const caf::error& err) {
        deliver(self, slot, header,
                kafka::write_join_group(version,
                                        join_refused(kafka::kafka_code_of(err, true), member)));
      });
}

member_ref member_of(const std::string& group, int32_t generation, const std::string& member,
                     const std::optional<std::string>& instance) {
  return member_ref{group, member, generation, instance_or_empty(instance)};
}

// A sync that names the group's protocol (v5+) must name the one it has.
bool protocol_matches(const kafka::sync_group_request& request, const sync_group_reply& reply) {
  bool type_ok = !request.protocol_type || *request.protocol_type == reply.protocol_type;
  bool name_ok = !request.protocol_name || *request.protocol_name == reply.protocol;
  return type_ok && name_ok;
}

kafka::sync_group_response synced(const kafka::sync_group_request& request,
                                  const sync_group_reply& reply) {
  kafka::sync_group_response out;
  if (!protocol_matches(request, reply)) {
    out.error = error_code::inconsistent_group_protocol;
    return out;
  }
  out.protocol_type = reply.protocol_type;
  out.protocol_name = reply.protocol;
  out.assignment = reply.opaque_assignment;
  return out;
}

// Errors that are the group's, not one member's: LeaveGroup v3+ answers
// them once, at the top.
bool coordinator_error(error_code code) {
  return code == error_code::not_coordinator || code == error_code::coordinator_not_available
         || code == error_code::coordinator_load_in_progress
         || code == error_code::group_authorization_failed;
}

std::string write_left(int16_t version,
                       const std::vector<kafka::leave_group_member_result>& members) {
  error_code top = error_code::none;
  for (const auto& m : members)
    if (coordinator_error(m.error) || (version < 3 && m.error != error_code::none))
      top = m.error;
  return kafka::write_leave_group(version, top, members);
}

} // namespace

void join_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_join_group(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  // Kafka's own check: a join names its protocol type and at least one
  // protocol. (An empty type would make it a strom member here.)
  if (request->protocol_type.empty() || request->protocols.empty())
    return deliver(self, slot, r.header,
                   kafka::write_join_group(
                     r.header.api_version,
                     join_refused(error_code::inconsistent_group_protocol, request->member)));
  if (!may(self, acl_operation::read, resource_type::group, request->group))
    return deliver(self, slot, r.header,
                   kafka::write_join_group(
                     r.header.api_version,
                     join_refused(error_code::group_authorization_failed, request->member)));
  send_join(self, slot, r.header, to_join(*request, r.header));
}

void sync_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_sync_group(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  if (!may(self, acl_operation::read, resource_type::group, request->group)) {
    kafka::sync_group_response out;
    out.error = error_code::group_authorization_failed;
    return deliver(self, slot, r.header, kafka::write_sync_group(r.header.api_version, out));
  }
  std::vector<member_assignment> assignments;
  for (const auto& a : request->assignments)
    assignments.push_back({a.member, a.assignment});
  auto header = r.header;
  auto wait = std::max(self->state.context.config.request_timeout_ms, sync_wait_ms);
  self->request(self->state.context.broker, wait, sync_group_atom::value,
                member_of(request->group, request->generation, request->member, request->instance),
                std::move(assignments))
    .then(
      [self, slot, header, asked = *request](const sync_group_reply& reply) {
        deliver(self, slot, header, kafka::write_sync_group(header.api_version,
                                                            synced(asked, reply)));
      },
      [self, slot, header](const caf::error& err) {
        kafka::sync_group_response out;
        out.error = kafka::kafka_code_of(err, true);
        deliver(self, slot, header, kafka::write_sync_group(header.api_version, out));
      });
}

void heartbeat(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_heartbeat(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  if (!may(self, acl_operation::read, resource_type::group, request->group))
    return deliver(self, slot, header,
                   kafka::write_heartbeat(header.api_version,
                                          error_code::group_authorization_failed));
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                heartbeat_atom::value,
                member_of(request->group, request->generation, request->member, request->instance))
    .then(
      [self, slot, header] {
        deliver(self, slot, header, kafka::write_heartbeat(header.api_version, error_code::none));
      },
      [self, slot, header](const caf::error& err) {
        deliver(self, slot, header,
                kafka::write_heartbeat(header.api_version, kafka::kafka_code_of(err, true)));
      });
}

void leave_group(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_leave_group(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = start_gather<kafka::leave_group_member_result>(r.header);
  bool allowed = may(self, acl_operation::read, resource_type::group, request->group);
  for (const auto& m : request->members)
    g->results.push_back({m.member, m.instance,
                          allowed ? error_code::none : error_code::group_authorization_failed});
  for (auto& out : g->results) {
    if (!allowed)
      continue;
    ++g->waiting;
    self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                  leave_group_atom::value, member_of(request->group, -1, out.member, out.instance))
      .then([self, slot, g] { finish_one(self, slot, g, write_left); },
            [self, slot, g, &out](const caf::error& err) {
              out.error = kafka::kafka_code_of(err, true);
              finish_one(self, slot, g, write_left);
            });
  }
  finish_one(self, slot, g, write_left);
}

} // namespace strom::kafka_session_detail
