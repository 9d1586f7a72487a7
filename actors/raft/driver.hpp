#pragma once
// The driver of one raft core as a pure class: in what order a core's
// readies are carried out (ready.hpp), with production's two shortcuts. No
// CAF, no I/O, no clock: it answers each event with a plan (plan.hpp), and
// the replica actor and the simulator both carry plans out, so the
// simulator runs the sequencing production runs.
//
//   after any input to the core (tick, step, propose, ...)  next()
//   the write of a plan landed, or failed                   persisted(id, ok)
//   after the pause a failed write asked for                retry()
//   the caller applied a plan's finish                      advance()
// and next() again after carrying out any plan.
//
// What it decides:
// - A leader's appends and heartbeats go at once, before its own write is
//   durable (dissertation §10.2.1, core::take_leader_messages), but only in
//   a term that durable() holds with its vote. The core counts the leader's
//   own entries towards a majority only once advance() says they are durable.
// - A ready that changes term or vote, or carries entries or a snapshot,
//   is written first: its messages (votes and acknowledgements promise what
//   the write holds) go, and its committed entries are applied, only once
//   the write landed.
// - A ready that only moves the commit index is sent and applied without a
//   write: the commit index is volatile state (Figure 2), and the entries
//   it commits were written by earlier readies (one ready at a time). The
//   stored commit index lags until the next write; after a restart the
//   leader tells the rest.
// - A failed write made nothing durable: nothing of its ready goes out, and
//   the same write is tried again (a new id) until it lands.
// A crash loses the core, the driver and any write that had not landed:
// the caller restarts both from what its disk holds.

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/raft/core.hpp"
#include "actors/raft/plan.hpp"

namespace strom::raft {

// Deliberately broken sequencing, FOR TESTS ONLY: each is a bug a driver
// could have, and the simulator's tests show that its invariants catch it.
// Nothing in production sets it: the replica makes its driver without a
// driver_config.
enum class broken_sequencing : uint8_t {
  none,
  // A leader advances as soon as its write starts, so the core counts the
  // leader's own entries towards a majority before they are durable.
  leader_counts_unpersisted,
  // A ready's messages all go as its write starts: followers acknowledge
  // entries, and voters grant votes, that a crash can still lose.
  answers_before_persisting,
  // A change of term or vote is taken for volatile state, like the commit
  // index: a vote is granted without ever being written.
  vote_without_persisting,
};

const char* to_string(broken_sequencing broken);

struct driver_config {
  broken_sequencing broken_for_tests = broken_sequencing::none; // see above: tests only
};

class driver {
public:
  // core must outlive the driver; durable is the hard state the caller's
  // storage holds (what the core was made from).
  driver(core& raft, hard_state durable, driver_config cfg = {});

  // What may happen now. Call after every input to the core and after
  // carrying out any plan (once advance() is called, when it had a finish).
  plan next();
  // The write named id landed (ok) or failed: the plan that follows.
  // Reports of any other write are stale and change nothing.
  plan persisted(uint64_t id, bool ok);
  // The failed write again, under a new id; nothing when none failed.
  plan retry();
  // The caller applied the finish of the last plan that had one.
  void advance();

  // Term and vote as the caller's storage holds them; the commit index in
  // it may lag the core's.
  const hard_state& durable() const { return durable_; }
  // The write out, not yet reported landed; null when none.
  const raft::write* writing() const { return writing_ ? &*writing_ : nullptr; }
  // The write out failed and waits for retry().
  bool write_failed() const { return failed_; }

private:
  bool needs_persisting(const ready& rd) const;
  plan start_write(ready rd, plan out);
  plan finish(ready rd, raft::write written, plan out);

  core& core_;
  hard_state durable_;
  driver_config cfg_;
  // The write out, and what of its ready waits for it (messages, entries to
  // apply); the core hands out no other ready until advance().
  std::optional<raft::write> writing_;
  std::optional<ready> waiting_;
  bool failed_ = false;
  bool finishing_ = false; // a finish is out: advance() is due
  uint64_t last_write_id_ = 0;
};

} // namespace strom::raft
