#include "actors/raft/memory_log.hpp"

#include "messages/check.hpp"

namespace strom::raft {

raft_index memory_log::first_index() const {
  return snapshot_.meta.index.next();
}

raft_index memory_log::last_index() const {
  return raft_index{snapshot_.meta.index.value()
                    + static_cast<int64_t>(entries_.size())};
}

std::optional<term_id> memory_log::term_at(raft_index index) const {
  if (index == snapshot_.meta.index)
    return snapshot_.meta.term;
  if (index < first_index() || index > last_index())
    return std::nullopt;
  return at(index).term;
}

std::vector<entry> memory_log::entries(raft_index low, raft_index high,
                                       size_t max_bytes) const {
  std::vector<entry> out;
  if (low < first_index())
    return out;
  size_t bytes = 0;
  for (auto i = low; i < high && i <= last_index(); i = i.next()) {
    const auto& e = at(i);
    bytes += entry_bytes(e);
    if (!out.empty() && bytes > max_bytes)
      break;
    out.push_back(e);
  }
  return out;
}

void memory_log::append(const std::vector<entry>& entries) {
  if (entries.empty())
    return;
  auto from = entries.front().index;
  STROM_CHECK(from >= first_index());
  STROM_CHECK(from <= last_index().next());
  entries_.resize(static_cast<size_t>(from.value() - first_index().value()));
  entries_.insert(entries_.end(), entries.begin(), entries.end());
}

void memory_log::install_snapshot(raft::snapshot snap) {
  snapshot_ = std::move(snap);
  entries_.clear();
}

void memory_log::compact(raft::snapshot snap) {
  STROM_CHECK(snap.meta.index >= snapshot_.meta.index);
  STROM_CHECK(snap.meta.index <= last_index());
  auto drop = static_cast<size_t>(snap.meta.index.value() - snapshot_.meta.index.value());
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(drop));
  snapshot_ = std::move(snap);
}

const entry& memory_log::at(raft_index index) const {
  STROM_CHECK(index >= first_index() && index <= last_index());
  return entries_[static_cast<size_t>(index.value() - first_index().value())];
}

} // namespace strom::raft
