#pragma once
// The Raft consensus core: one server of one raft group as a pure,
// deterministic state machine (Ongaro & Ousterhout, "In Search of an
// Understandable Consensus Algorithm", extended version, and Ongaro's
// dissertation). No threads, no clock, no I/O, no CAF: the driver feeds it
// ticks and messages and carries out the ready records it produces (see
// ready.hpp for the order). Roles are swapped behaviour: step_follower,
// step_candidate and step_leader, chosen by become_*.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/raft/config.hpp"
#include "messages/raft/hard_state.hpp"
#include "actors/raft/log_view.hpp"
#include "messages/raft/membership.hpp"
#include "messages/raft/message.hpp"
#include "actors/raft/prng.hpp"
#include "actors/raft/progress.hpp"
#include "actors/raft/raft_log.hpp"
#include "actors/raft/ready.hpp"
#include "messages/result.hpp"

namespace strom::raft {

enum class role : uint8_t { follower, pre_candidate, candidate, leader };

const char* to_string(role r);

class core {
public:
  // storage is what the driver persisted; state is the hard state it saved
  // last (default for a new server). storage must outlive the core.
  core(config cfg, const log_view& storage, hard_state state = {});

  // --- inputs ---------------------------------------------------------------
  // One unit of abstract time (the driver's timer).
  void tick();
  // A message from another server of this group.
  void step(message m);
  // Appends payloads as normal entries; returns the index of the last one.
  // errc::not_leader when this server is not the leader (the message names
  // the leader when known; leader() gives it as a value).
  result<raft_index> propose(std::vector<std::string> payloads);
  // A no-op of the current term: it commits only while this server still
  // leads a majority, so a caller that waits for it knows it was leader
  // after the call (a read barrier, dissertation §6.4).
  result<raft_index> propose_barrier();
  // Hands leadership to a voter (dissertation §3.10). Proposals are refused
  // until the transfer ends; it is abandoned after an election timeout.
  result<void> transfer_leadership(node_id to);
  // Adds or removes one voter (dissertation §4.1), adds or removes a learner,
  // or promotes a learner to voter; returns the index of the configuration
  // entry. One change at a time: refused while the previous
  // one is not committed, or before the leader committed in its term.
  result<raft_index> change_membership(membership_change change);
  // Starts an election now, as if the election timeout fired.
  void campaign();
  // The driver compacted its storage up to index (<= applied_index()),
  // keeping a snapshot made with applied_snapshot_meta() at that index.
  void compacted(raft_index index);
  // Ends quiescence (config.quiesce): the driver learnt that a peer node
  // went down or came back, so the group's liveness is in doubt.
  void wake();
  // While held, a leader stays awake (the driver wants its ticks: to hand
  // leadership to the preferred replica).
  void hold_awake(bool held) { held_awake_ = held; }

  // --- outputs --------------------------------------------------------------
  // False while a ready is out: the driver must advance() it first.
  bool has_ready() const;
  ready take_ready();
  // The driver did everything the last ready asked (persist, send, apply).
  void advance();
  // What a leader may send before its own log is durable (dissertation
  // §10.2.1: the leader writes in parallel with replicating): its appends
  // and heartbeats, taken out of what the next ready would carry. Nothing
  // unless this server leads in the term `durable` (the hard state the
  // driver has persisted) records, with its own vote: a term not yet
  // durable must not be spoken in. The leader still counts itself towards
  // a majority only once advance() says its entries are durable.
  std::vector<message> take_leader_messages(const hard_state& durable);

  // --- observation ----------------------------------------------------------
  node_id id() const { return cfg_.id; }
  raft::role role() const { return role_; }
  term_id current_term() const { return current_term_; }
  node_id voted_for() const { return voted_for_; }
  node_id leader() const { return leader_; }
  node_id transfer_target() const { return transferee_; }
  raft_index commit_index() const { return log_.committed(); }
  raft_index applied_index() const { return log_.applied(); }
  raft_index persisted_index() const { return persisted_index_; }
  const membership& voters() const { return memberships_.back().second; }
  const raft_log& log() const { return log_; }
  hard_state current_hard_state() const;
  // Where a snapshot of the state machine as applied now would end the log;
  // nothing while a snapshot from the leader is being installed. Compact
  // with it after advance(): take the state machine's snapshot, store it
  // with this meta, drop the log up to meta.index, call compacted().
  std::optional<snapshot_meta> applied_snapshot_meta() const;
  // The leader's view of a follower; nullptr elsewhere.
  const progress* progress_of(node_id follower) const;
  // On the leader: the voters it heard from within about an election timeout,
  // itself included (Kafka's in-sync replicas); 0 elsewhere.
  size_t in_sync_voters() const;
  // On the leader: the highest index durable on at least `copies` voters,
  // itself included; 0 elsewhere or with fewer voters than that.
  raft_index durable_on(size_t copies) const;
  const config& settings() const { return cfg_; }
  // Quiet: ticks do nothing until a message, a proposal or wake().
  bool quiesced() const { return quiesced_; }

private:
  // Whether this server may append a proposal now: not_leader naming whom to ask otherwise.
  result<void> can_propose() const;
  using step_function = void (core::*)(const message&);
  using tick_function = void (core::*)();

  // roles (election.cpp)
  void become_follower(term_id term, node_id leader);
  void become_pre_candidate();
  void become_candidate();
  void become_leader();
  void reset(term_id term);
  void start_election(bool pre_vote, bool transfer);
  void tick_election();
  bool promotable() const;
  size_t poll(node_id from, bool granted, size_t* rejections);
  void handle_vote_request(const message& m);
  bool in_lease() const;

  // step.cpp: term rules shared by every role
  bool step_term(const message& m);
  void step_stale_term(const message& m);
  void step_follower(const message& m);
  void step_candidate(const message& m);
  void step_leader(const message& m);

  // follower side of replication (follower.cpp)
  void handle_append_entries(const message& m);
  void handle_heartbeat(const message& m);
  void handle_snapshot(const message& m);
  void reject_append(const message& m);

  // leader side of replication (leader.cpp, replication.cpp)
  void handle_append_response(const message& m);
  void handle_heartbeat_response(const message& m);
  void handle_append_rejection(const message& m, progress& pr);
  raft_index next_after_conflict(const message& m) const;
  void tick_heartbeat();
  bool check_quorum_active();
  void send_append(node_id to, progress& pr, bool send_if_empty);
  bool send_snapshot(node_id to, progress& pr);
  void broadcast_append(bool send_if_empty);
  void broadcast_heartbeat();
  bool advance_commit_index();
  void append_entries(std::vector<entry> entries);
  void maybe_send_timeout_now(node_id to, const progress& pr);
  void abort_transfer();

  // quiescence (quiesce.cpp)
  bool wakes(const message& m) const;
  bool can_quiesce() const;
  void quiesce();
  void maybe_quiesce_follower(const message& heartbeat);

  // membership (configuration.cpp)
  void restore_memberships(const log_view& storage, raft_index commit);
  bool note_appended(const std::vector<entry>& entries);
  void note_truncated(raft_index from);
  void apply_membership_to_progress();
  void step_down_if_removed();
  membership membership_at(raft_index index) const;

  void send(message m);
  message make(message_type type, node_id to) const;

  config cfg_;
  raft_log log_;
  prng rng_;
  raft::role role_ = raft::role::follower;
  term_id current_term_;
  node_id voted_for_ = no_node;
  node_id leader_ = no_node;
  step_function step_role_ = &core::step_follower;
  tick_function tick_role_ = &core::tick_election;
  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int randomized_election_timeout_ = 0;
  std::map<node_id, bool> votes_;
  std::map<node_id, progress> progress_;
  node_id transferee_ = no_node;
  bool quiesced_ = false;
  bool held_awake_ = false;
  // Every configuration in the log not yet compacted, oldest first, each
  // with the index of its entry (the base one at the snapshot's index).
  std::vector<std::pair<raft_index, membership>> memberships_;
  // Highest index the driver confirmed durable in this server's log.
  raft_index persisted_index_;
  std::vector<message> outbox_;
  hard_state saved_hard_state_;
  // What the ready that is out promised, to settle on advance().
  struct outstanding {
    bool active = false;
    raft_index last_entry_index;
    term_id last_entry_term;
    bool has_snapshot = false;
    raft_index snapshot_index;
    raft_index last_committed_index;
  } outstanding_;
};

} // namespace strom::raft
