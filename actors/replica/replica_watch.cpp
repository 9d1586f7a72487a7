#include "actors/replica/replica_watch.hpp"

#include <algorithm>

#include "messages/metrics/registry.hpp"

namespace strom {

namespace {

struct raft_counters {
  metrics::counter& term_changes;
  metrics::counter& leader_changes;
  metrics::counter& elections;
  metrics::histogram& commit_latency;
};

raft_counters& raft_counts() {
  static raft_counters c = [] {
    auto& r = metrics::global();
    return raft_counters{
      r.get_counter("strom_raft_term_changes_total", "Terms this node's replicas entered."),
      r.get_counter("strom_raft_leader_changes_total",
                    "New leaders this node's replicas learned of."),
      r.get_counter("strom_raft_elections_total", "Elections this node's replicas started."),
      r.get_histogram("strom_raft_commit_latency_seconds",
                      "From a leader's proposal to its commit."),
    };
  }();
  return c;
}

bool campaigning(raft::role r) {
  return r == raft::role::pre_candidate || r == raft::role::candidate;
}

} // namespace

replica_watch::replica_watch(std::shared_ptr<metrics::replica_slot> slot)
  : slot_(std::move(slot)) {
}

void replica_watch::heard(const raft::message& m) {
  if (!slot_ || m.type != raft::message_type::append || m.term < seen_term_)
    return;
  if (m.term > seen_term_) {
    seen_term_ = m.term;
    leader_commit_seen_ = m.commit;
  }
  leader_commit_seen_ = std::max(leader_commit_seen_, m.commit);
}

void replica_watch::proposed(raft_index last, clock::time_point now) {
  if (slot_ && proposals_.size() < commit_samples_max)
    proposals_.emplace_back(last, now);
}

void replica_watch::publish(const raft::core& core, int64_t high_watermark,
                            clock::time_point now) {
  if (!slot_)
    return;
  slot_->high_watermark.store(high_watermark, std::memory_order_relaxed);
  count_changes(core);
  bool leads = core.role() == raft::role::leader;
  bool has_leader = core.leader().value() >= 0;
  slot_->leads.store(leads, std::memory_order_relaxed);
  slot_->has_leader.store(has_leader, std::memory_order_relaxed);
  bool caught_up = leads || (has_leader && seen_term_ == core.current_term() &&
                             core.log().last_index() >= leader_commit_seen_);
  slot_->caught_up.store(caught_up, std::memory_order_relaxed);
  observe_commits(core, now);
  publish_followers(core, std::chrono::duration_cast<std::chrono::milliseconds>(
                            now.time_since_epoch()).count());
}

void replica_watch::count_changes(const raft::core& core) {
  auto& c = raft_counts();
  if (core.current_term() != last_term_) {
    c.term_changes.add();
    last_term_ = core.current_term();
  }
  if (core.leader() != last_leader_ && core.leader().value() >= 0)
    c.leader_changes.add();
  last_leader_ = core.leader();
  if (campaigning(core.role()) && !campaigning(last_role_))
    c.elections.add();
  last_role_ = core.role();
}

void replica_watch::observe_commits(const raft::core& core, clock::time_point now) {
  if (core.role() != raft::role::leader) {
    proposals_.clear();
    return;
  }
  while (!proposals_.empty() && proposals_.front().first <= core.commit_index()) {
    raft_counts().commit_latency.observe(now - proposals_.front().second);
    proposals_.pop_front();
  }
}

void replica_watch::publish_followers(const raft::core& core, int64_t now_ms) {
  if (core.role() != raft::role::leader) {
    matched_at_ms_.clear();
    slot_->follower_lag_entries.store(0, std::memory_order_relaxed);
    slot_->lagging_since_ms.store(0, std::memory_order_relaxed);
    return;
  }
  int64_t lag_max = 0;
  int64_t lagging_since = 0;
  auto last = core.log().last_index();
  for (auto follower : core.voters().voters) {
    const auto* pr = follower == core.id() ? nullptr : core.progress_of(follower);
    if (pr == nullptr)
      continue;
    auto [at, made] = matched_at_ms_.try_emplace(follower, now_ms);
    if (pr->match >= core.commit_index())
      at->second = now_ms;
    else if (lagging_since == 0 || at->second < lagging_since)
      lagging_since = at->second;
    lag_max = std::max(lag_max, static_cast<int64_t>(last.value() - pr->match.value()));
  }
  slot_->follower_lag_entries.store(lag_max, std::memory_order_relaxed);
  slot_->lagging_since_ms.store(lagging_since, std::memory_order_relaxed);
}

} // namespace strom
