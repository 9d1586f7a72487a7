// group_state's requests: join (new, known and static members), sync,
// heartbeat, leave, the fencing of offset commits and deletion. Their order
// of checks is Kafka's GroupCoordinator's.

#include <algorithm>
#include <random>

#include "actors/group/group_state.hpp"

namespace strom {
namespace {

// A member id's random part: as much as a UUID's.
constexpr size_t member_id_random_bytes = 16;

// `bytes` from the kernel's cryptographic source, in hex.
std::string random_hex(size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::random_device source{"/dev/urandom"};
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    auto byte = source() & 0xffu;
    out += digits[byte >> 4];
    out += digits[byte & 0xfu];
  }
  return out;
}

strom::error group_error(errc code, const std::string& group, const std::string& what) {
  return strom::error{code, "group " + group + ": " + what};
}

// Takes the request's metadata; true when it changes what the assignment
// depends on (subscription or assignors), so that the group must rebalance.
bool take_metadata(group_member& member, const join_request& request, int64_t now_ms) {
  bool changed = member.subscription != request.subscription
                 || member.protocols != request.protocols
                 || member.protocol_metadata != request.protocol_metadata;
  member.group_instance_id = request.group_instance_id;
  member.client_id = request.client_id;
  member.session_timeout_ms = request.session_timeout_ms;
  member.rebalance_timeout_ms = request.rebalance_timeout_ms;
  member.protocols = request.protocols;
  member.subscription = request.subscription;
  member.protocol_metadata = request.protocol_metadata;
  member.owned = request.owned;
  member.owned_generation = request.owned_generation;
  member.last_heartbeat_ms = now_ms;
  return changed;
}

std::string kind_of(const std::string& protocol_type) {
  return protocol_type.empty() ? "strom's group protocol"
                               : "Kafka's protocol type " + protocol_type;
}

// A strom member names assignors strom has; a Kafka member names protocols,
// each with its metadata, that only its peers need to understand.
result<void> check_protocols(const join_request& request) {
  if (!request.protocol_type.empty()) {
    if (request.protocols.empty() || request.protocols.size() != request.protocol_metadata.size())
      return strom::error{errc::inconsistent_group_protocol,
                          "a join names no protocol, or not each with its metadata"};
    return {};
  }
  bool known = std::any_of(request.protocols.begin(), request.protocols.end(),
                           [](const std::string& p) { return is_known_assignor(p); });
  if (!known)
    return strom::error{errc::inconsistent_group_protocol, "no assignor strom knows"};
  return {};
}

} // namespace

result<join_reply> group_state::join(const join_request& request, int64_t now_ms) {
  if (phase_ == group_phase::dead)
    return group_error(errc::coordinator_not_available, name_, "deleted");
  if (auto checked = check_join(request); !checked)
    return checked.error();
  // A group without other members takes the kind of whoever joins.
  if (members_.size() == members_.count(request.member))
    protocol_type_ = request.protocol_type;
  std::optional<member_id> holder;
  if (request.group_instance_id)
    holder = static_member(*request.group_instance_id);
  if (request.member.value().empty()) {
    if (holder)
      return join_static(request, *holder, now_ms);
    // A static member is known by its instance id already (Kafka skips
    // KIP-394 for it too).
    if (request.group_instance_id)
      return join_new(request, next_member_id(request.client_id), now_ms);
    return give_member_id(request, now_ms);
  }
  if (holder && *holder != request.member)
    return group_error(errc::fenced_instance_id, name_,
                       "instance " + *request.group_instance_id + " is now " + holder->value());
  if (auto given = pending_members_.find(request.member); given != pending_members_.end()) {
    pending_members_.erase(given);
    return join_new(request, request.member, now_ms);
  }
  auto it = members_.find(request.member);
  if (it == members_.end())
    return group_error(errc::unknown_member, name_, "no member " + request.member.value());
  return join_known(it->second, request, now_ms);
}

result<void> group_state::check_join(const join_request& request) const {
  if (request.session_timeout_ms < limits_.session_timeout_ms_min
      || request.session_timeout_ms > limits_.session_timeout_ms_max)
    return group_error(errc::invalid_session_timeout, name_,
                       std::to_string(request.session_timeout_ms) + " ms");
  bool others_exist = members_.size() > members_.count(request.member);
  if (others_exist && request.protocol_type != protocol_type_)
    return group_error(errc::inconsistent_group_protocol, name_,
                       "its members speak " + kind_of(protocol_type_) + ", not "
                         + kind_of(request.protocol_type));
  if (auto protocols = check_protocols(request); !protocols)
    return protocols;
  auto others = common_protocols(request.member);
  bool shared = std::any_of(request.protocols.begin(), request.protocols.end(),
                            [&](const std::string& p) { return others.count(p) > 0; });
  if (others_exist && !shared)
    return group_error(errc::inconsistent_group_protocol, name_,
                       "no assignor in common with the members");
  return {};
}

std::optional<member_id> group_state::static_member(const std::string& instance_id) const {
  for (const auto& [id, member] : members_)
    if (member.group_instance_id == instance_id)
      return id;
  return std::nullopt;
}

member_id group_state::next_member_id(const std::string& client_id) {
  // As Kafka's (client id, then a UUID): from the kernel's cryptographic
  // source, so that no one can guess another member's id and heartbeat,
  // commit or leave in its name; and never one handed out before, even by
  // a coordinator restarted from an older snapshot.
  std::string prefix = client_id.empty() ? "member" : client_id;
  ++next_member_number_;
  return member_id{prefix + "-" + random_hex(member_id_random_bytes)};
}

join_response group_state::join_response_for(const member_id& member) const {
  join_response out{member, generation_, protocol_, leader_, protocol_type_, {}};
  if (!classic() || member != leader_)
    return out;
  for (const auto& [id, m] : members_)
    out.members.push_back({id, m.group_instance_id, protocol_metadata_of(m, protocol_)});
  return out;
}

sync_response group_state::sync_response_for(const group_member& member) const {
  return sync_response{generation_, protocol_, member.assignment, protocol_type_,
                       member.opaque_assignment};
}

result<join_reply> group_state::give_member_id(const join_request& request, int64_t now_ms) {
  if (members_.size() + pending_members_.size() >= limits_.members_max)
    return group_error(errc::group_max_size_reached, name_,
                       std::to_string(limits_.members_max) + " members");
  auto id = next_member_id(request.client_id);
  pending_members_.emplace(id, now_ms + request.session_timeout_ms);
  join_response response;
  response.member = id;
  response.generation = no_generation;
  response.member_id_required = true;
  return join_reply{std::move(response)};
}

result<join_reply> group_state::join_new(const join_request& request, member_id id,
                                         int64_t now_ms) {
  if (members_.size() + pending_members_.size() >= limits_.members_max)
    return group_error(errc::group_max_size_reached, name_,
                       std::to_string(limits_.members_max) + " members");
  auto& member = members_[id];
  member.id = id;
  take_metadata(member, request, now_ms);
  member.awaiting_join = true;
  start_rebalance(now_ms, "new member " + id.value() + " joined");
  maybe_complete_join(now_ms);
  return join_reply{pending_reply{id}};
}

// A static member is back under a new member id: it takes over the old
// one's place, and the old id (a client that may still run) is fenced.
result<join_reply> group_state::join_static(const join_request& request, const member_id& old_id,
                                            int64_t now_ms) {
  auto node = members_.extract(old_id);
  auto member = std::move(node.mapped());
  strom::error fenced =
    group_error(errc::fenced_instance_id, name_, "replaced by a new " + *request.group_instance_id);
  if (member.awaiting_join)
    completed_.joins.push_back({old_id, fenced});
  if (member.awaiting_sync)
    completed_.syncs.push_back({old_id, fenced});
  member.awaiting_join = member.awaiting_sync = false;
  member.id = next_member_id(request.client_id);
  completed_.notes.push_back("static member " + *request.group_instance_id + " is back as "
                             + member.id.value() + ", " + old_id.value() + " fenced");
  if (leader_ == old_id)
    leader_ = member.id;
  auto id = member.id;
  auto& placed = members_.emplace(id, std::move(member)).first->second;
  // A static leader back under a new id does not rebalance the group: it
  // keeps the assignment it made (Kafka answers it without a rebalance too).
  auto reply = join_known(placed, request, now_ms, false);
  // The new id must survive a failover; a rebalance in progress writes it
  // when it ends. A Kafka group's generation is written only with its
  // leader's assignment: a record of it without one would restore members
  // with nothing assigned.
  bool assigned = phase_ == group_phase::stable
                  || (phase_ == group_phase::completing_rebalance && !classic());
  if (assigned)
    persist();
  return reply;
}

result<join_reply> group_state::join_known(group_member& member, const join_request& request,
                                           int64_t now_ms, bool leader_may_rebalance) {
  bool changed = take_metadata(member, request, now_ms);
  // A Kafka leader rejoins to have the group rebalance (it saw the topics
  // change, or a member's subscription that it cannot serve).
  bool leader_asks = leader_may_rebalance && classic() && phase_ == group_phase::stable
                     && member.id == leader_;
  if (phase_ == group_phase::preparing_rebalance || changed || leader_asks) {
    member.awaiting_join = true;
    start_rebalance(now_ms, "member " + member.id.value()
                              + (leader_asks && !changed ? ", the leader, rejoined"
                                                         : " joined with a new subscription"));
    maybe_complete_join(now_ms);
    return join_reply{pending_reply{member.id}};
  }
  // Nothing changed: the member learns the generation and syncs for its
  // assignment, with no rebalance.
  confirm(member, now_ms);
  return join_reply{join_response_for(member.id)};
}

result<sync_reply> group_state::sync(const member_id& id, generation_id generation,
                                     int64_t now_ms, const opaque_assignments& assignments) {
  if (auto checked = check_member(id, generation); !checked)
    return checked.error();
  auto& member = members_.at(id);
  member.last_heartbeat_ms = now_ms;
  if (phase_ == group_phase::preparing_rebalance)
    return group_error(errc::rebalance_in_progress, name_, "rejoin");
  if (phase_ == group_phase::completing_rebalance) {
    member.awaiting_sync = true;
    if (classic() && id == leader_ && !assignment_received_)
      take_assignments(assignments);
    return sync_reply{pending_reply{id}};
  }
  member.synced = true;
  confirm(member, now_ms);
  auto response = sync_response_for(member);
  maybe_follow_up(now_ms);
  return sync_reply{std::move(response)};
}

result<void> group_state::heartbeat(const member_id& id, generation_id generation,
                                    int64_t now_ms) {
  // A member whose join is parked here heartbeats to say it still waits; a
  // new one has no generation yet.
  auto known = members_.find(id);
  bool parked = known != members_.end() && phase_ == group_phase::preparing_rebalance
                && known->second.awaiting_join;
  if (auto checked = check_member(id, generation); !checked && !parked)
    return checked;
  auto& member = members_.at(id);
  member.last_heartbeat_ms = now_ms;
  // A member whose join is in keeps what it claimed in it (cooperative):
  // an ok keeps its lease while the others rejoin.
  if (phase_ == group_phase::preparing_rebalance && !member.awaiting_join)
    return group_error(errc::rebalance_in_progress, name_, "rejoin");
  confirm(member, now_ms);
  return {};
}

result<void> group_state::leave(const member_id& id, int64_t now_ms) {
  if (phase_ == group_phase::dead)
    return group_error(errc::coordinator_not_available, name_, "deleted");
  if (pending_members_.erase(id) > 0)
    return {}; // given an id, gone before joining with it
  if (members_.count(id) == 0)
    return group_error(errc::unknown_member, name_, "no member " + id.value());
  remove_member(id, errc::unknown_member, "left", now_ms);
  return {};
}

result<void> group_state::validate_offset_commit(const member_id& id,
                                                 generation_id generation) const {
  if (phase_ == group_phase::dead)
    return group_error(errc::coordinator_not_available, name_, "deleted");
  if (generation == no_generation && id.value().empty() && members_.empty())
    return {}; // a client outside any group commits for itself
  if (phase_ == group_phase::completing_rebalance)
    return group_error(errc::rebalance_in_progress, name_, "rejoin before committing");
  return check_member(id, generation);
}

result<void> group_state::check_member(const member_id& id, generation_id generation) const {
  if (phase_ == group_phase::dead)
    return group_error(errc::coordinator_not_available, name_, "deleted");
  if (members_.count(id) == 0)
    return group_error(errc::unknown_member, name_, "no member " + id.value());
  if (generation != generation_)
    return group_error(errc::illegal_generation, name_,
                       "generation " + std::to_string(generation.value()) + ", not "
                         + std::to_string(generation_.value()));
  return {};
}

result<void> group_state::check_instance(const member_id& member,
                                         const std::optional<std::string>& instance) const {
  if (!instance)
    return {};
  auto holder = static_member(*instance);
  if (holder && *holder != member)
    return group_error(errc::fenced_instance_id, name_,
                       "instance " + *instance + " is now " + holder->value());
  return {};
}

void group_state::take_assignments(const opaque_assignments& assignments) {
  for (auto& [id, member] : members_) {
    auto it = assignments.find(id);
    member.opaque_assignment = it == assignments.end() ? std::string{} : it->second;
  }
  assignment_received_ = true;
  completed_.notes.push_back("generation " + std::to_string(generation_.value())
                             + ": the leader " + leader_.value() + " assigned "
                             + std::to_string(assignments.size()) + " members");
  persist();
}

result<void> group_state::delete_group() {
  if (!members_.empty())
    return group_error(errc::non_empty_group, name_,
                       std::to_string(members_.size()) + " members");
  phase_ = group_phase::dead;
  return {};
}

} // namespace strom
