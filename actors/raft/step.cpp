// What every role does with a message before its own step function: the
// term rules of Figure 2 ("if RPC request or response contains term T >
// currentTerm: set currentTerm = T, convert to follower", §5.1) with the
// pre-vote and lease refinements of the dissertation.

#include "actors/raft/core.hpp"

namespace strom::raft {

namespace {

bool is_from_leader(message_type type) {
  return type == message_type::append || type == message_type::heartbeat
         || type == message_type::snapshot;
}

} // namespace

void core::step(message m) {
  if (m.to != cfg_.id || m.from == cfg_.id)
    return; // misrouted: the driver's bug, but harmless to ignore
  if (quiesced_ && wakes(m))
    wake();
  if (!step_term(m))
    return;
  if (m.type == message_type::vote || m.type == message_type::pre_vote) {
    handle_vote_request(m);
    return;
  }
  (this->*step_role_)(m);
}

bool core::step_term(const message& m) {
  if (m.term < current_term_) {
    step_stale_term(m);
    return false;
  }
  if (m.term == current_term_)
    return true;
  bool is_vote = m.type == message_type::vote || m.type == message_type::pre_vote;
  if (is_vote && !m.transfer && in_lease())
    return false; // dissertation §4.2.3: do not let a partitioned server disrupt a live leader
  if (m.type == message_type::pre_vote)
    return true; // a pre-vote changes nobody's term
  if (m.type == message_type::pre_vote_response && !m.reject)
    return true; // a granted pre-vote carries the term we would campaign in
  bool from_leader = is_from_leader(m.type);
  auto elapsed = election_elapsed_;
  become_follower(m.term, from_leader ? m.from : no_node);
  // Figure 2: only hearing from a leader or granting a vote resets the
  // election timer, not a higher term. Otherwise servers with stale logs
  // that keep campaigning keep the one server that could win from trying.
  if (!from_leader)
    election_elapsed_ = elapsed;
  return true;
}

void core::step_stale_term(const message& m) {
  if ((cfg_.check_quorum || cfg_.pre_vote) && is_from_leader(m.type)) {
    // A deposed leader may never hear a higher term otherwise: with pre-vote
    // nobody campaigns against it, so tell it directly.
    send(make(message_type::append_response, m.from));
  } else if (m.type == message_type::pre_vote || m.type == message_type::vote) {
    // §5.1: a request with a stale term is rejected, and the answer carries
    // ours. A candidate that the others do not count as a voter (one side
    // lacks a membership change) hears our term from nobody else, and would
    // campaign in terms that we used already, for ever.
    auto response = make(m.type == message_type::vote ? message_type::vote_response
                                                      : message_type::pre_vote_response,
                         m.from);
    response.reject = true;
    send(std::move(response));
  }
}

void core::step_follower(const message& m) {
  switch (m.type) {
    case message_type::append:
      election_elapsed_ = 0;
      leader_ = m.from;
      handle_append_entries(m);
      break;
    case message_type::heartbeat:
      election_elapsed_ = 0;
      leader_ = m.from;
      handle_heartbeat(m);
      break;
    case message_type::snapshot:
      election_elapsed_ = 0;
      leader_ = m.from;
      handle_snapshot(m);
      break;
    case message_type::timeout_now:
      // Dissertation §3.10: the leader chose us; campaign at once, skipping
      // pre-vote and the other servers' leases.
      if (promotable())
        start_election(false, true);
      break;
    default:
      break; // responses to requests of an earlier role
  }
}

void core::step_candidate(const message& m) {
  auto expected = role_ == raft::role::pre_candidate ? message_type::pre_vote_response
                                                     : message_type::vote_response;
  if (is_from_leader(m.type)) {
    // §5.2: a candidate that hears from a leader of its term returns to follower.
    become_follower(m.term, m.from);
    step_follower(m);
    return;
  }
  if (m.type != expected)
    return;
  size_t rejections = 0;
  auto granted = poll(m.from, !m.reject, &rejections);
  if (granted >= voters().quorum()) {
    if (role_ == raft::role::pre_candidate)
      start_election(false, false);
    else
      become_leader();
  } else if (rejections > voters().voters.size() - voters().quorum()) {
    become_follower(current_term_, no_node); // this election is lost
  }
}

} // namespace strom::raft
