// Roles and elections (§5.2, dissertation §9.6 for pre-vote).

#include "actors/raft/core.hpp"

#include "messages/check.hpp"

namespace strom::raft {

void core::reset(term_id term) {
  if (current_term_ != term) {
    current_term_ = term;
    voted_for_ = no_node;
  }
  leader_ = no_node;
  election_elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  quiesced_ = false; // a new role in a new term starts awake
  // §5.2: randomized timeouts make split votes rare.
  randomized_election_timeout_ =
    cfg_.election_tick
    + static_cast<int>(rng_.below(static_cast<uint64_t>(cfg_.election_tick)));
  votes_.clear();
  progress_.clear();
  abort_transfer();
}

void core::become_follower(term_id term, node_id leader) {
  reset(term);
  step_role_ = &core::step_follower;
  tick_role_ = &core::tick_election;
  leader_ = leader;
  role_ = raft::role::follower;
}

void core::become_pre_candidate() {
  STROM_CHECK(role_ != raft::role::leader);
  // A pre-candidate keeps its term and vote: it only asks whether it could win.
  reset(current_term_);
  step_role_ = &core::step_candidate;
  tick_role_ = &core::tick_election;
  role_ = raft::role::pre_candidate;
}

void core::become_candidate() {
  STROM_CHECK(role_ != raft::role::leader);
  // §5.2: increment currentTerm, vote for self.
  reset(current_term_.next());
  step_role_ = &core::step_candidate;
  tick_role_ = &core::tick_election;
  voted_for_ = cfg_.id;
  role_ = raft::role::candidate;
}

void core::become_leader() {
  STROM_CHECK(role_ == raft::role::candidate);
  reset(current_term_);
  step_role_ = &core::step_leader;
  tick_role_ = &core::tick_heartbeat;
  leader_ = cfg_.id;
  role_ = raft::role::leader;
  // Figure 2: nextIndex starts just after the leader's last entry, matchIndex at 0.
  auto next = log_.last_index().next();
  for (const auto* members : {&voters().voters, &voters().learners})
    for (auto server : *members) {
      auto& pr = progress_[server];
      pr.next = next;
      pr.recent_active = true; // a fresh leader gets a full timeout before check-quorum
    }
  auto& self = progress_[cfg_.id];
  self.next = next;
  self.maybe_update(persisted_index_);
  self.become_replicate();
  // §5.4.2 and §8: a no-op of the new term lets earlier entries commit.
  append_entries({entry{current_term_, next, entry_type::noop, {}}});
  broadcast_append(false);
}

bool core::promotable() const {
  // A server that its latest membership leaves out still campaigns while
  // that change is not committed: it may hold the only log that can finish
  // it (a leader that removed itself, then lost its leadership). Elected,
  // it counts only the new voters, commits the change and steps down
  // (step_down_if_removed). Otherwise the remaining voters wait for its
  // vote, which their shorter logs never get. A learner never campaigns:
  // it was no voter before either.
  if (voters().contains(cfg_.id))
    return true;
  return memberships_.back().first > log_.committed()
         && membership_at(log_.committed()).contains(cfg_.id);
}

void core::tick_election() {
  ++election_elapsed_;
  if (promotable() && election_elapsed_ >= randomized_election_timeout_) {
    election_elapsed_ = 0;
    start_election(cfg_.pre_vote, false);
  }
}

void core::start_election(bool pre_vote, bool transfer) {
  if (pre_vote)
    become_pre_candidate();
  else
    become_candidate();
  size_t rejections = 0;
  if (poll(cfg_.id, true, &rejections) >= voters().quorum()) {
    // Alone in the group: nobody else to ask.
    if (pre_vote)
      start_election(false, transfer);
    else
      become_leader();
    return;
  }
  // A pre-vote asks for the term it would campaign in, without taking it.
  auto term = pre_vote ? current_term_.next() : current_term_;
  for (auto voter : voters()) {
    if (voter == cfg_.id)
      continue;
    auto m = make(pre_vote ? message_type::pre_vote : message_type::vote, voter);
    m.term = term;
    m.index = log_.last_index();
    m.log_term = log_.last_term();
    m.transfer = transfer;
    send(std::move(m));
  }
}

size_t core::poll(node_id from, bool granted, size_t* rejections) {
  votes_.emplace(from, granted); // the first answer counts; duplicates change nothing
  size_t yes = 0;
  size_t no = 0;
  for (auto voter : voters()) {
    auto it = votes_.find(voter);
    if (it == votes_.end())
      continue;
    ++(it->second ? yes : no);
  }
  *rejections = no;
  return yes;
}

bool core::in_lease() const {
  // Dissertation §4.2.3: a server that heard from a leader within the
  // minimum election timeout ignores requests to elect another.
  return cfg_.check_quorum && leader_ != no_node
         && election_elapsed_ < cfg_.election_tick;
}

void core::handle_vote_request(const message& m) {
  // RequestVote rule 2: grant if votedFor is null or candidateId and the
  // candidate's log is at least as up to date as ours (§5.2, §5.4). A
  // pre-vote for a later term is granted on the log alone: it binds nobody.
  bool can_vote = voted_for_ == m.from || (voted_for_ == no_node && leader_ == no_node)
                  || (m.type == message_type::pre_vote && m.term > current_term_);
  bool granted = can_vote && log_.is_up_to_date(m.index, m.log_term);
  auto response_type = m.type == message_type::pre_vote ? message_type::pre_vote_response
                                                        : message_type::vote_response;
  auto response = make(response_type, m.from);
  response.reject = !granted;
  if (granted) {
    response.term = m.term;
    if (m.type == message_type::vote) {
      election_elapsed_ = 0;
      voted_for_ = m.from; // sent only after the hard state is durable (ready order)
    }
  }
  send(std::move(response));
}

} // namespace strom::raft
