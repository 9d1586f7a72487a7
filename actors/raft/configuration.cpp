// Membership changes one server at a time (dissertation §4.1): a
// configuration entry takes effect as soon as it is in a server's log,
// committed or not, so a server always uses the latest one it holds and
// falls back to the previous one when a conflicting leader truncates it.

#include "actors/raft/core.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

namespace {

membership decode_or_die(const entry& e) {
  auto decoded = decode_membership(e.payload);
  STROM_CHECK(decoded.has_value()); // the log is corrupt: stop rather than guess
  return std::move(decoded).value();
}

std::vector<node_id> sorted(std::vector<node_id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<node_id> with(std::vector<node_id> ids, node_id id) {
  ids.push_back(id);
  return sorted(std::move(ids));
}

std::vector<node_id> without(std::vector<node_id> ids, node_id id) {
  ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  return ids;
}

std::string name(node_id id) {
  return "node " + std::to_string(id.value());
}

// The membership after one change, or why it is refused.
result<membership> changed_membership(membership m, const membership_change& change) {
  auto server = change.server;
  bool voter = m.contains(server);
  bool learner = m.is_learner(server);
  using kind = membership_change::kind;
  switch (change.what) {
    case kind::add:
    case kind::add_learner:
      if (voter || learner)
        return error{errc::bad_request, name(server) + " is already a "
                                          + (voter ? "voter" : "learner")};
      if (change.what == kind::add)
        m.voters = with(std::move(m.voters), server);
      else
        m.learners = with(std::move(m.learners), server);
      return m;
    case kind::promote:
      if (!learner)
        return error{errc::bad_request, name(server) + " is not a learner"};
      m.learners = without(std::move(m.learners), server);
      m.voters = with(std::move(m.voters), server);
      return m;
    case kind::remove:
      if (!voter && !learner)
        return error{errc::bad_request, name(server) + " is not a member"};
      if (voter && m.voters.size() == 1)
        return error{errc::bad_request, "cannot remove the last voter"};
      m.voters = without(std::move(m.voters), server);
      m.learners = without(std::move(m.learners), server);
      return m;
  }
  return error{errc::bad_request, "unknown membership change"};
}

// Configuration entries are rare, so the restart scan reads the log
// backwards in chunks of this many entries.
constexpr int64_t restore_scan_entries = 64;

} // namespace

void core::restore_memberships(const log_view& storage, raft_index commit) {
  auto meta = storage.last_snapshot_meta();
  auto base = meta.index == raft_index{0} ? membership{sorted(cfg_.initial_voters), {}}
                                          : meta.voters;
  memberships_.assign(1, {meta.index, base});
  // Every configuration above the last committed one may still be truncated,
  // so remember them all; below it, only the last one matters.
  std::vector<entry> found;
  auto high = storage.last_index().next();
  bool done = false;
  while (!done && high > storage.first_index()) {
    auto low = raft_index{std::max(storage.first_index().value(),
                                   high.value() - restore_scan_entries)};
    auto chunk = storage.entries(low, high, SIZE_MAX);
    STROM_CHECK(chunk.size() == static_cast<size_t>(high.value() - low.value()));
    for (auto it = chunk.rbegin(); it != chunk.rend() && !done; ++it) {
      if (it->type != entry_type::config)
        continue;
      found.push_back(*it);
      done = it->index <= commit;
    }
    high = low;
  }
  for (auto it = found.rbegin(); it != found.rend(); ++it)
    memberships_.emplace_back(it->index, decode_or_die(*it));
}

bool core::note_appended(const std::vector<entry>& entries) {
  bool any = false;
  for (const auto& e : entries) {
    if (e.type != entry_type::config)
      continue;
    memberships_.emplace_back(e.index, decode_or_die(e));
    any = true;
  }
  return any;
}

void core::note_truncated(raft_index from) {
  while (memberships_.size() > 1 && memberships_.back().first >= from)
    memberships_.pop_back();
  STROM_CHECK(memberships_.back().first < from);
  persisted_index_ = std::min(persisted_index_, from.prev());
}

void core::apply_membership_to_progress() {
  if (role_ != raft::role::leader)
    return;
  auto next = log_.last_index().next();
  for (const auto* members : {&voters().voters, &voters().learners})
    for (auto server : *members) {
      if (progress_.count(server) != 0)
        continue;
      auto& pr = progress_[server];
      pr.next = next;
      pr.recent_active = true; // a new server gets an election timeout to answer
    }
  for (auto it = progress_.begin(); it != progress_.end();) {
    if (it->first != cfg_.id && !voters().contains(it->first)
        && !voters().is_learner(it->first))
      it = progress_.erase(it);
    else
      ++it;
  }
  if (transferee_ != no_node && !voters().contains(transferee_))
    abort_transfer();
  // A smaller membership may make an entry committed already.
  if (advance_commit_index() && role_ == raft::role::leader)
    broadcast_append(true);
}

void core::step_down_if_removed() {
  if (role_ != raft::role::leader || voters().contains(cfg_.id)
      || memberships_.back().first > log_.committed())
    return;
  // Dissertation §4.2.2: a leader that is not in the membership manages the
  // group until the change is committed, then steps down. Tell the others
  // first that it is committed.
  broadcast_append(true);
  become_follower(current_term_, no_node);
}

membership core::membership_at(raft_index index) const {
  auto it = std::find_if(memberships_.rbegin(), memberships_.rend(),
                         [&](const auto& m) { return m.first <= index; });
  STROM_CHECK(it != memberships_.rend());
  return it->second;
}

void core::compacted(raft_index index) {
  STROM_CHECK(index <= log_.applied());
  // Keep the configuration in force at index (it goes into the snapshot)
  // and everything after it.
  auto keep = std::find_if(memberships_.rbegin(), memberships_.rend(),
                           [&](const auto& m) { return m.first <= index; });
  STROM_CHECK(keep != memberships_.rend());
  memberships_.erase(memberships_.begin(), std::prev(keep.base()));
}

result<raft_index> core::change_membership(membership_change change) {
  if (role_ != raft::role::leader)
    return error{errc::not_leader, "not the leader"};
  if (transferee_ != no_node)
    return error{errc::not_leader, "leadership is being transferred"};
  if (memberships_.back().first > log_.committed())
    return error{errc::bad_request, "the previous membership change (index "
                                      + std::to_string(memberships_.back().first.value())
                                      + ") is not committed yet; retry later"};
  // Dissertation §4.1 (bug fix): only after committing an entry of this
  // term, so that no change from an earlier leader can still be pending.
  if (log_.term_at(log_.committed()) != current_term_)
    return error{errc::bad_request, "the leader has not committed in its term yet; retry later"};
  auto next = changed_membership(voters(), change);
  if (!next)
    return next.error();
  auto index = log_.last_index().next();
  append_entries({entry{current_term_, index, entry_type::config, encode_membership(*next)}});
  broadcast_append(false);
  return index;
}

} // namespace strom::raft
