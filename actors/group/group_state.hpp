#pragma once
// One consumer group as Kafka's GroupCoordinator sees it, as a pure state
// machine: no CAF, no clock (every call takes now_ms), no I/O. The
// coordinator actor feeds it requests, ticks and topic metadata, sends the
// answers out of take_completed() and writes take_writes() to the group's
// partition of __consumer_offsets.
//
//            join (new member)            every member rejoined,
//   empty ---------------------> preparing -- or the rebalance timeout --+
//     ^      member joins/leaves/   _rebalance                           |
//     |      dies, topics grow     ^   ^      generation + 1, assignment |
//     |   last member gone   +-----+   |      computed                   v
//     +----------------------|   stable <------------------- completing_rebalance
//                            |      ^   assignment_persisted(generation)   |
//                            +------|--------------------------------------+
//   dead: deleted (delete_group on an empty group); every request fails.
//
// Rules, as Kafka's:
// - A request from a member id the group does not hold fails with
//   unknown_member, from an old generation with illegal_generation; a
//   heartbeat while the group rebalances answers rebalance_in_progress, which
//   tells the member to rejoin.
// - A member that sends nothing for its session timeout is removed (expire),
//   unless it waits in a join or sync; one that does not rejoin within the
//   rebalance timeout is removed when the join phase ends.
// - Static members (group.instance.id) that come back with no member id get
//   a new member id and keep their assignment and the generation: no
//   rebalance unless their subscription changed. The old id is fenced.
// - The coordinator computes the assignment (no leader client does) with the
//   assignor most members prefer among those all support. With a cooperative
//   assignor, partitions that change owner are held back and the group
//   rebalances again once every member has synced and so given them up.
// - A new dynamic member is given its id at once (member_id_required,
//   Kafka's KIP-394) and joins again with it; an id nobody joins with is
//   forgotten after the session timeout.
//
// Exclusivity, the promise of a group: no partition is consumed by two
// members at once. A member holds what it was given until the coordinator
// could have given it away: its lease runs from the sending of its last
// request that the coordinator confirmed (a heartbeat answered ok, a sync,
// a join) for its session timeout, and the member stops handing out
// records when its lease ends (actors/group/member_lease.hpp) or when it
// hears of a rebalance (eager protocols). The coordinator's side of it:
// it never gives out a partition that a member of an earlier generation
// may still hold, unless that member gave it up (left, or rejoined without
// claiming it) or its lease has ended by the coordinator's own count, which
// starts later than the member's (when the answer went out). A member
// dropped because it did not rejoin in time may still hold its partitions:
// they stay unassigned until its lease ends (held_), then the group
// rebalances to give them out. Answers that do not confirm membership
// (rebalance_in_progress) do not extend a lease.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/group/assignor.hpp"
#include "actors/group/group_protocol.hpp"
#include "actors/group/group_snapshot.hpp"

namespace strom {

// A member as the group keeps it: what is written (member_snapshot) and what
// lives only while this coordinator does.
struct group_member : member_snapshot {
  generation_id owned_generation = no_generation; // of its claim, `owned`
  int64_t last_heartbeat_ms = 0;
  // When the coordinator last confirmed the membership (see Exclusivity
  // above): the member holds nothing past confirmed_ms + session timeout.
  int64_t confirmed_ms = 0;
  bool awaiting_join = false;
  bool awaiting_sync = false;
  bool synced = false; // got its assignment of the current generation
};

class group_state {
public:
  explicit group_state(std::string name, group_limits limits = {});

  // ---- requests ----
  // A new member (empty member id) gets an id; the answer is pending until
  // the join phase ends. unknown_member, fenced_instance_id,
  // invalid_session_timeout, inconsistent_group_protocol,
  // group_max_size_reached, coordinator_not_available (dead).
  result<join_reply> join(const join_request& request, int64_t now_ms);
  // The member's assignment of the generation; pending until it is persisted.
  // In a Kafka group the leader's sync carries every member's assignment;
  // the others' syncs wait for it.
  result<sync_reply> sync(const member_id& member, generation_id generation, int64_t now_ms,
                          const opaque_assignments& assignments = {});
  result<void> heartbeat(const member_id& member, generation_id generation, int64_t now_ms);
  // The member leaves at once (a client that closed or whose session ended).
  result<void> leave(const member_id& member, int64_t now_ms);
  // May this member commit offsets now (generation -1 with no member id: a
  // client outside the group, allowed while the group has no members)?
  result<void> validate_offset_commit(const member_id& member, generation_id generation) const;
  // non_empty_group unless the group has no members; the group is dead after.
  result<void> delete_group();
  // fenced_instance_id when `instance` is a static member known by another
  // member id (a stale incarnation of it); Kafka checks it first.
  result<void> check_instance(const member_id& member,
                              const std::optional<std::string>& instance) const;
  // The member id a static member's instance id is known by now.
  std::optional<member_id> member_of_instance(const std::string& instance_id) const {
    return static_member(instance_id);
  }

  // ---- time and metadata ----
  // Removes the members whose session timed out; returns them.
  std::vector<member_id> expire(int64_t now_ms);
  // expire(), then ends a join phase whose time is up.
  void tick(int64_t now_ms);
  // The cluster's partition counts (all topics, or at least the subscribed
  // ones): a change for a subscribed topic rebalances the group. Call it
  // when the group is created and whenever the topics change.
  // `view_applied` says how far the controller's log was applied where the
  // counts were read: a view older than the one the group's counts came
  // from is ignored. A new coordinator's node may not know yet of a topic
  // the group already reads; without this it would take the topic for gone
  // and rebalance twice (once when it "goes", once when it "comes back").
  void topic_partitions_changed(const partition_counts& counts, raft_index view_applied,
                                int64_t now_ms);
  // A view as recent as the group's own (tests, simulators).
  void topic_partitions_changed(const partition_counts& counts, int64_t now_ms) {
    topic_partitions_changed(counts, partitions_applied_, now_ms);
  }
  // The GroupMetadata record of this generation is in the log: syncs can be
  // answered.
  void assignment_persisted(generation_id generation, int64_t now_ms);

  // ---- outputs ----
  group_completions take_completed();
  // Snapshots to write to __consumer_offsets, oldest first.
  std::vector<group_snapshot> take_writes();

  // ---- queries ----
  const std::string& name() const { return name_; }
  group_phase phase() const { return phase_; }
  generation_id generation() const { return generation_; }
  const std::string& protocol() const { return protocol_; }
  // Empty for a strom group; Kafka's protocol type ("consumer", ...) for a
  // group of Kafka's classic protocol, whose leader member assigns.
  const std::string& protocol_type() const { return protocol_type_; }
  bool classic() const { return !protocol_type_.empty(); }
  const member_id& leader() const { return leader_; }
  const std::map<member_id, group_member>& members() const { return members_; }
  const partition_counts& partitions() const { return partitions_; }
  std::set<std::string> subscribed_topics() const;
  // When tick() next has something to do (a session, a join deadline, a
  // held partition's release).
  std::optional<int64_t> next_deadline_ms() const;
  // Partitions a dropped member may still hold, and until when: no member
  // is given them before then.
  const std::map<topic_partition, int64_t>& held() const { return held_; }
  // Ids given to new members that have not joined with them yet.
  size_t pending_members() const { return pending_members_.size(); }

  // ---- persistence ----
  group_snapshot snapshot() const;
  // The group as a new coordinator holds it: stable with the snapshot's
  // generation and assignment (empty without members), every member's
  // session starting now. A snapshot that owed a cooperative follow-up
  // rebalance starts one, since who has given up what is not known.
  static group_state restore(const group_snapshot& snapshot, int64_t now_ms,
                             group_limits limits = {});

private:
  // KIP-394: the id now, the join when the member comes back with it.
  result<join_reply> give_member_id(const join_request& request, int64_t now_ms);
  result<join_reply> join_new(const join_request& request, member_id id, int64_t now_ms);
  result<join_reply> join_static(const join_request& request, const member_id& old_id,
                                 int64_t now_ms);
  result<join_reply> join_known(group_member& member, const join_request& request,
                                int64_t now_ms, bool leader_may_rebalance = true);
  result<void> check_join(const join_request& request) const;
  // coordinator_not_available (dead), unknown_member, illegal_generation.
  result<void> check_member(const member_id& member, generation_id generation) const;
  std::optional<member_id> static_member(const std::string& instance_id) const;
  member_id next_member_id(const std::string& client_id);
  join_response join_response_for(const member_id& member) const;
  sync_response sync_response_for(const group_member& member) const;
  // Kafka groups: the leader's assignment for this generation, persisted
  // before any member is answered.
  void take_assignments(const opaque_assignments& assignments);

  void start_rebalance(int64_t now_ms, const std::string& reason);
  void maybe_complete_join(int64_t now_ms);
  void complete_join(int64_t now_ms);
  void assign_partitions();
  std::string select_protocol() const;
  // The assignors every member but `except` supports (empty id: all members).
  std::set<std::string> common_protocols(const member_id& except) const;
  int64_t join_deadline_ms() const;
  void complete_pending_syncs();
  void maybe_follow_up(int64_t now_ms);
  void remove_member(const member_id& member, errc pending_answer, const std::string& why,
                     int64_t now_ms);
  // The member was told it belongs to the current generation.
  static void confirm(group_member& member, int64_t now_ms);
  // A member leaves without giving up what it holds: keep that from the
  // others until its lease ends.
  void hold(const group_member& member, int64_t now_ms);
  // Holds that ended; the group rebalances to hand their partitions out.
  void release_holds(int64_t now_ms);
  void expire_pending_members(int64_t now_ms);
  void persist();

  std::string name_;
  group_limits limits_;
  group_phase phase_ = group_phase::empty;
  generation_id generation_{0};
  std::string protocol_type_;
  // Kafka groups: the leader has sent this generation's assignment.
  bool assignment_received_ = false;
  std::string protocol_;
  member_id leader_;
  std::map<member_id, group_member> members_;
  partition_counts partitions_;
  raft_index partitions_applied_{0}; // of the view partitions_ came from
  bool follow_up_rebalance_ = false;
  int64_t next_member_number_ = 0;
  // The join phase: not ended before join_ready_ms_ (the initial delay),
  // ended at join_deadline_ms() (its start plus the longest rebalance
  // timeout) whoever has rejoined.
  int64_t join_started_ms_ = 0;
  int64_t join_ready_ms_ = 0;
  // Partition -> until when a dropped member may still hold it; the
  // longest session timeout among those members (what a new coordinator,
  // which cannot know how much of it is left, holds them for again).
  std::map<topic_partition, int64_t> held_;
  int32_t hold_ms_ = 0;
  // Member id given (member_id_required) -> when it is forgotten unused.
  std::map<member_id, int64_t> pending_members_;
  group_completions completed_;
  std::vector<group_snapshot> writes_;
};

} // namespace strom
