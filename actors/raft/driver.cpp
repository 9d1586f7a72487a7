#include "actors/raft/driver.hpp"

#include <utility>

#include "messages/check.hpp"

namespace strom::raft {

const char* to_string(broken_sequencing broken) {
  switch (broken) {
    case broken_sequencing::none: return "none";
    case broken_sequencing::leader_counts_unpersisted: return "leader_counts_unpersisted";
    case broken_sequencing::answers_before_persisting: return "answers_before_persisting";
    case broken_sequencing::vote_without_persisting: return "vote_without_persisting";
  }
  return "unknown";
}

driver::driver(core& raft, hard_state durable, driver_config cfg)
  : core_(raft), durable_(durable), cfg_(cfg) {}

plan driver::next() {
  plan out;
  // Followers store in parallel with the leader's own write.
  out.send = core_.take_leader_messages(durable_);
  if (writing_ || !core_.has_ready())
    return out;
  auto rd = core_.take_ready();
  if (!needs_persisting(rd))
    return finish(std::move(rd), raft::write{}, std::move(out));
  return start_write(std::move(rd), std::move(out));
}

// Term and vote must be durable before anything of the ready goes out
// (Figure 2: persistent state); the commit index is volatile state.
bool driver::needs_persisting(const ready& rd) const {
  bool vote_changed = rd.hard_state && (rd.hard_state->current_term != durable_.current_term
                                        || rd.hard_state->voted_for != durable_.voted_for);
  if (cfg_.broken_for_tests == broken_sequencing::vote_without_persisting)
    vote_changed = false;
  return rd.snapshot || vote_changed || !rd.entries.empty();
}

plan driver::start_write(ready rd, plan out) {
  // The commit index moves in readies that write nothing; each write takes
  // it along, so the stored one trails the true one by a write at most.
  // Retention drops only what the stored commit index covers. Only the
  // commit index: term and vote go with the ready that changed them (a
  // driver that skipped those must not be rescued here).
  auto commit = core_.current_hard_state().commit;
  if (!rd.hard_state && commit != durable_.commit)
    rd.hard_state = hard_state{durable_.current_term, durable_.voted_for, commit};
  writing_ = raft::write{++last_write_id_, rd.hard_state, std::move(rd.snapshot),
                         std::move(rd.entries)};
  rd.snapshot.reset();
  rd.entries.clear();
  out.persist = &*writing_;
  if (cfg_.broken_for_tests == broken_sequencing::answers_before_persisting) {
    for (auto& m : rd.messages)
      out.send.push_back(std::move(m));
    rd.messages.clear();
  }
  if (cfg_.broken_for_tests == broken_sequencing::leader_counts_unpersisted
      && core_.role() == role::leader)
    return finish(std::move(rd), *writing_, std::move(out));
  waiting_ = std::move(rd);
  return out;
}

plan driver::finish(ready rd, raft::write written, plan out) {
  for (auto& m : rd.messages)
    out.send.push_back(std::move(m));
  out.finish = completion{std::move(written), std::move(rd.committed_entries)};
  finishing_ = true;
  return out;
}

plan driver::persisted(uint64_t id, bool ok) {
  if (!writing_ || writing_->id != id || failed_)
    return {};
  if (!ok) {
    failed_ = true;
    plan out;
    out.retry_later = true;
    return out;
  }
  if (writing_->hard_state)
    durable_ = *writing_->hard_state;
  auto written = std::move(*writing_);
  writing_.reset();
  if (!waiting_)
    return {}; // finished before it landed (broken_sequencing::leader_counts_unpersisted)
  auto rd = std::move(*waiting_);
  waiting_.reset();
  return finish(std::move(rd), std::move(written), {});
}

plan driver::retry() {
  plan out;
  if (!failed_)
    return out;
  failed_ = false;
  writing_->id = ++last_write_id_;
  out.persist = &*writing_;
  return out;
}

void driver::advance() {
  STROM_CHECK(finishing_);
  finishing_ = false;
  core_.advance();
}

} // namespace strom::raft
