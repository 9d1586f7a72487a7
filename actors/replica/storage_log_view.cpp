#include "actors/replica/storage_log_view.hpp"

#include <cstdio>
#include <cstdlib>

#include "actors/replica/entry_mapping.hpp"

namespace strom {

template <class T>
T storage_log_view::checked(result<T> r) {
  if (!r) {
    std::fprintf(stderr, "strom: storage read failed: %s\n", r.error().describe().c_str());
    std::abort();
  }
  return std::move(*r);
}

storage_log_view::storage_log_view(storage::env& environment, group_id group)
    : env_(environment), group_(group), log_(environment), state_(environment) {}

raft::snapshot_meta storage_log_view::last_snapshot_meta() const {
  if (snapshot_meta_)
    return *snapshot_meta_;
  auto record = checked(state_.load_snapshot(group_));
  if (!record)
    return *(snapshot_meta_ = raft::snapshot_meta{});
  auto snap = from_storage(*record);
  if (!snap)
    checked(result<int>{errc::storage_corrupt, "snapshot of group " +
                                                 std::to_string(group_.value()) +
                                                 " holds no membership"});
  return *(snapshot_meta_ = snap->meta);
}

raft::snapshot storage_log_view::last_snapshot() const {
  auto record = checked(state_.load_snapshot(group_));
  if (!record)
    return {};
  auto snap = from_storage(*record);
  if (!snap)
    return {};
  return *snap;
}

raft_index storage_log_view::first_index() const {
  if (auto first = checked(log_.first_index(group_)))
    return *first;
  return last_snapshot_meta().index.next();
}

raft_index storage_log_view::last_index() const {
  if (!last_index_) {
    auto last = checked(log_.last_index(group_));
    last_index_ = last ? *last : last_snapshot_meta().index;
  }
  return *last_index_;
}

std::optional<term_id> storage_log_view::term_at(raft_index index) const {
  if (compacting_ && index == compacting_->index)
    return compacting_->term;
  auto snap = last_snapshot_meta();
  if (index == snap.index)
    return snap.term;
  if (index > last_index() || index < first_index())
    return std::nullopt;
  if (auto it = terms_.find(index); it != terms_.end())
    return it->second;
  auto term = checked(log_.entry(group_, index)).term;
  remember_term(index, term);
  return term;
}

void storage_log_view::remember_term(raft_index index, term_id term) const {
  terms_[index] = term;
  while (terms_.size() > cached_terms_max)
    terms_.erase(terms_.begin());
}

void storage_log_view::stored(const std::vector<raft::entry>& entries) {
  if (entries.empty())
    return;
  terms_.erase(terms_.lower_bound(entries.front().index), terms_.end());
  for (const auto& e : entries)
    remember_term(e.index, e.term);
}

std::vector<raft::entry> storage_log_view::entries(raft_index low, raft_index high,
                                                   size_t max_bytes) const {
  std::vector<raft::entry> out;
  if (low >= high || low < first_index())
    return out;
  auto stored = checked(log_.read(group_, low, high.prev(), max_bytes));
  for (auto& e : stored)
    out.push_back(from_storage(std::move(e)));
  return out;
}

raft::hard_state storage_log_view::saved_hard_state() const {
  if (auto saved = checked(state_.load_hard_state(group_)))
    return from_storage(*saved);
  return {};
}

} // namespace strom
