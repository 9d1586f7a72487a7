#include "actors/raft/raft_log.hpp"

#include <algorithm>

#include "messages/check.hpp"

namespace strom::raft {

namespace {

size_t position(raft_index index, raft_index offset) {
  return static_cast<size_t>(index.value() - offset.value());
}

} // namespace

raft_log::raft_log(const log_view& storage)
  : storage_(storage),
    offset_(storage.last_index().next()),
    committed_(storage.last_snapshot_meta().index),
    applied_(storage.last_snapshot_meta().index) {
}

raft_index raft_log::first_index() const {
  if (unstable_snapshot_)
    return unstable_snapshot_->meta.index.next();
  return storage_.first_index();
}

raft_index raft_log::last_index() const {
  if (!unstable_.empty())
    return raft_index{offset_.value() + static_cast<int64_t>(unstable_.size()) - 1};
  if (unstable_snapshot_)
    return unstable_snapshot_->meta.index;
  return storage_.last_index();
}

term_id raft_log::last_term() const {
  auto term = term_at(last_index());
  STROM_CHECK(term.has_value());
  return *term;
}

std::optional<term_id> raft_log::term_at(raft_index index) const {
  if (unstable_snapshot_ && index == unstable_snapshot_->meta.index)
    return unstable_snapshot_->meta.term;
  if (index > last_index())
    return std::nullopt;
  if (index >= offset_)
    return unstable_[position(index, offset_)].term;
  if (unstable_snapshot_)
    return std::nullopt;
  return storage_.term_at(index);
}

bool raft_log::matches(raft_index index, term_id term) const {
  auto ours = term_at(index);
  return ours && *ours == term;
}

bool raft_log::is_up_to_date(raft_index index, term_id term) const {
  auto our_term = last_term();
  return term > our_term || (term == our_term && index >= last_index());
}

std::optional<raft_index> raft_log::find_conflict(const std::vector<entry>& entries) const {
  for (const auto& e : entries)
    if (!matches(e.index, e.term))
      return e.index;
  return std::nullopt;
}

std::optional<std::vector<entry>> raft_log::entries(raft_index low, raft_index high,
                                                    size_t max_bytes) const {
  if (low < first_index())
    return std::nullopt;
  high = std::min(high, last_index().next());
  std::vector<entry> out;
  if (low >= high)
    return out;
  size_t bytes = 0;
  if (low < offset_) {
    out = storage_.entries(low, std::min(high, offset_), max_bytes);
    if (out.empty())
      return std::nullopt; // compacted by the driver since first_index() was read
    for (const auto& e : out)
      bytes += entry_bytes(e);
    if (out.back().index < std::min(high, offset_).prev())
      return out; // the byte limit stopped storage
  }
  for (auto i = std::max(low, offset_); i < high; i = i.next()) {
    const auto& e = unstable_[position(i, offset_)];
    bytes += entry_bytes(e);
    if (!out.empty() && bytes > max_bytes)
      break;
    out.push_back(e);
  }
  return out;
}

snapshot raft_log::latest_snapshot() const {
  if (unstable_snapshot_)
    return *unstable_snapshot_;
  return storage_.last_snapshot();
}

void raft_log::truncate_and_append(std::vector<entry> entries) {
  if (entries.empty())
    return;
  auto after = entries.front().index;
  STROM_CHECK(after > committed_); // committed entries are never replaced
  STROM_CHECK(after <= last_index().next());
  if (after <= offset_) {
    // Replaces stable entries too: the driver overwrites them from `after` on.
    offset_ = after;
    unstable_ = std::move(entries);
    return;
  }
  unstable_.resize(position(after, offset_));
  for (auto& e : entries)
    unstable_.push_back(std::move(e));
}

void raft_log::restore(snapshot snap) {
  STROM_CHECK(snap.meta.index > committed_);
  offset_ = snap.meta.index.next();
  committed_ = snap.meta.index;
  unstable_.clear();
  unstable_snapshot_ = std::move(snap);
}

bool raft_log::stable_to(raft_index index, term_id term) {
  if (index < offset_ || !matches(index, term) || index > last_index())
    return false;
  unstable_.erase(unstable_.begin(),
                  unstable_.begin() + static_cast<std::ptrdiff_t>(position(index.next(), offset_)));
  offset_ = index.next();
  return true;
}

void raft_log::stable_snapshot_to(raft_index index) {
  if (unstable_snapshot_ && unstable_snapshot_->meta.index == index)
    unstable_snapshot_.reset();
}

void raft_log::commit_to(raft_index index) {
  if (index <= committed_)
    return;
  STROM_CHECK(index <= last_index());
  committed_ = index;
}

void raft_log::applied_to(raft_index index) {
  STROM_CHECK(index <= committed_);
  applied_ = std::max(applied_, index);
}

bool raft_log::has_next_committed() const {
  return std::max(applied_.next(), first_index()) <= committed_;
}

std::vector<entry> raft_log::next_committed(size_t max_bytes) const {
  auto low = std::max(applied_.next(), first_index());
  if (low > committed_)
    return {};
  auto out = entries(low, committed_.next(), max_bytes);
  STROM_CHECK(out.has_value());
  return std::move(*out);
}

} // namespace strom::raft
