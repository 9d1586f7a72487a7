#include "actors/raft/core.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

namespace {

raft_index clamp_index(raft_index value, raft_index low, raft_index high) {
  return std::max(low, std::min(value, high));
}

error not_leader_error(node_id leader) {
  if (leader == no_node)
    return error{errc::not_leader, "not the leader; leader unknown"};
  return error{errc::not_leader,
               "not the leader; leader is node " + std::to_string(leader.value())};
}

} // namespace

const char* to_string(role r) {
  switch (r) {
    case role::follower: return "follower";
    case role::pre_candidate: return "pre_candidate";
    case role::candidate: return "candidate";
    case role::leader: return "leader";
  }
  return "unknown";
}

core::core(config cfg, const log_view& storage, hard_state state)
  : cfg_(std::move(cfg)),
    log_(storage),
    rng_(cfg_.seed ^ (static_cast<uint64_t>(cfg_.id.value()) * 0x9e3779b97f4a7c15ULL)) {
  STROM_CHECK(cfg_.id != no_node);
  STROM_CHECK(cfg_.heartbeat_tick > 0 && cfg_.heartbeat_tick < cfg_.election_tick);
  STROM_CHECK(cfg_.max_append_bytes > 0 && cfg_.max_inflight_messages > 0);
  STROM_CHECK(cfg_.max_inflight_bytes > 0 && cfg_.max_apply_bytes > 0);
  auto snapshot_index = storage.last_snapshot_meta().index;
  // A crash between saving the hard state and the entries can leave commit
  // ahead of the stored log; what is missing will be committed again.
  auto commit = clamp_index(state.commit, snapshot_index, log_.last_index());
  log_.commit_to(commit);
  log_.applied_to(clamp_index(cfg_.applied, snapshot_index, commit));
  persisted_index_ = storage.last_index();
  restore_memberships(storage, commit);
  become_follower(state.current_term, no_node);
  voted_for_ = state.voted_for;
  saved_hard_state_ = current_hard_state();
}

void core::tick() {
  if (quiesced_)
    return;
  (this->*tick_role_)();
}

result<void> core::can_propose() const {
  if (role_ != raft::role::leader)
    return not_leader_error(leader_);
  if (transferee_ != no_node)
    return not_leader_error(transferee_);
  if (!voters().contains(cfg_.id))
    return error{errc::not_leader, "this leader is being removed from the group"};
  return {};
}

result<raft_index> core::propose_barrier() {
  if (auto ok = can_propose(); !ok)
    return ok.error();
  auto index = log_.last_index().next();
  append_entries({entry{current_term_, index, entry_type::noop, {}}});
  broadcast_append(false);
  return index;
}

result<raft_index> core::propose(std::vector<std::string> payloads) {
  if (auto ok = can_propose(); !ok)
    return ok.error();
  if (payloads.empty())
    return error{errc::bad_request, "nothing to propose"};
  std::vector<entry> entries;
  entries.reserve(payloads.size());
  auto index = log_.last_index();
  for (auto& payload : payloads) {
    index = index.next();
    entries.push_back(entry{current_term_, index, entry_type::normal, std::move(payload)});
  }
  append_entries(std::move(entries));
  broadcast_append(false);
  return index;
}

result<void> core::transfer_leadership(node_id to) {
  if (role_ != raft::role::leader)
    return not_leader_error(leader_);
  if (to == cfg_.id)
    return {};
  if (!voters().contains(to))
    return error{errc::bad_request,
                 "node " + std::to_string(to.value()) + " is not a voter"};
  if (transferee_ == to)
    return {};
  wake();
  transferee_ = to;
  // The transfer has one election timeout to finish (dissertation §3.10).
  election_elapsed_ = 0;
  auto& pr = progress_.at(to);
  if (pr.match == log_.last_index())
    maybe_send_timeout_now(to, pr);
  else
    send_append(to, pr, true);
  return {};
}

void core::campaign() {
  if (role_ == raft::role::leader || !promotable())
    return;
  wake();
  start_election(cfg_.pre_vote, false);
}

hard_state core::current_hard_state() const {
  return hard_state{current_term_, voted_for_, log_.committed()};
}

std::optional<snapshot_meta> core::applied_snapshot_meta() const {
  if (log_.unstable_snapshot())
    return std::nullopt;
  auto index = log_.applied();
  auto term = log_.term_at(index);
  STROM_CHECK(term.has_value());
  return snapshot_meta{index, *term, membership_at(index)};
}

const progress* core::progress_of(node_id follower) const {
  if (role_ != raft::role::leader)
    return nullptr;
  auto it = progress_.find(follower);
  return it == progress_.end() ? nullptr : &it->second;
}

size_t core::in_sync_voters() const {
  if (role_ != raft::role::leader)
    return 0;
  size_t count = 0;
  for (auto voter : voters()) {
    auto it = progress_.find(voter);
    if (voter == cfg_.id
        || (it != progress_.end() && (it->second.recent_active || it->second.active_last_window)))
      ++count;
  }
  return count;
}

raft_index core::durable_on(size_t copies) const {
  if (role_ != raft::role::leader || copies == 0)
    return raft_index{0};
  std::vector<raft_index> held;
  for (auto voter : voters()) {
    if (voter == cfg_.id) {
      held.push_back(persisted_index_);
      continue;
    }
    auto it = progress_.find(voter);
    held.push_back(it == progress_.end() ? raft_index{0} : it->second.match);
  }
  if (held.size() < copies)
    return raft_index{0};
  std::sort(held.begin(), held.end(), std::greater<>{});
  return held[copies - 1];
}

message core::make(message_type type, node_id to) const {
  message m;
  m.type = type;
  m.from = cfg_.id;
  m.to = to;
  m.term = current_term_;
  return m;
}

void core::send(message m) {
  outbox_.push_back(std::move(m));
}

} // namespace strom::raft
