#include "tests/sim/invariants.hpp"

#include <algorithm>

namespace strom::raft::sim {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xbf58476d1ce4e5b9ULL;
}

} // namespace

uint64_t hash_entry(const entry& e) {
  uint64_t h = mix(static_cast<uint64_t>(e.index.value()), static_cast<uint64_t>(e.term.value()));
  h = mix(h, static_cast<uint64_t>(e.type));
  for (unsigned char c : e.payload)
    h = mix(h, c);
  return h;
}

void invariants::fail(std::string what) {
  if (failure_.empty())
    failure_ = std::move(what);
}

void invariants::on_persist(const std::vector<entry>& entries) {
  for (const auto& e : entries) {
    auto key = std::make_pair(e.index.value(), e.term.value());
    auto h = hash_entry(e);
    auto [it, fresh] = entry_hash_.emplace(key, h);
    if (!fresh && it->second != h)
      fail("log matching: two different entries at index " + str(e.index.value())
           + " term " + str(e.term.value()));
  }
}

void invariants::on_apply(node_id who, const entry& e, uint64_t prefix) {
  auto [it, fresh] = applied_.emplace(e.index.value(), std::make_pair(hash_entry(e), prefix));
  if (!fresh && it->second != std::make_pair(hash_entry(e), prefix))
    fail("state machine safety: node " + str(who.value()) + " applied a different entry at index "
         + str(e.index.value()) + " (term " + str(e.term.value()) + ", \"" + e.payload + "\")");
}

void invariants::on_snapshot_restored(node_id who, raft_index index, uint64_t prefix) {
  auto it = applied_.find(index.value());
  if (it != applied_.end() && it->second.second != prefix)
    fail("state machine safety: node " + str(who.value()) + " restored a snapshot at index "
         + str(index.value()) + " unlike what others applied");
}

void invariants::on_acknowledged(raft_index index, const std::string& payload, term_id term) {
  for (const auto& ack : acknowledged_)
    if (ack.payload == payload)
      return; // acknowledged already, by another node applying it
  acknowledged_.push_back({index, payload, term});
  for (const auto* leader : leaders_)
    if (leader->current_term() > term)
      check_ack_in_leader(*leader, acknowledged_.back());
}

void invariants::on_crash(const core* gone) {
  leaders_.erase(std::remove(leaders_.begin(), leaders_.end(), gone), leaders_.end());
}

void invariants::check(const std::vector<const core*>& live, const core* acted) {
  check_leaders(live);
  check_commits(live);
  if (acted != nullptr)
    for (const auto* other : live)
      if (other != acted)
        check_log_matching(*acted, *other);
}

void invariants::check_leaders(const std::vector<const core*>& live) {
  std::vector<const core*> leaders;
  for (const auto* c : live) {
    if (c->role() != role::leader)
      continue;
    leaders.push_back(c);
    auto [it, fresh] = leader_of_term_.emplace(c->current_term(), c->id());
    if (!fresh && it->second != c->id())
      fail("election safety: nodes " + str(it->second.value()) + " and " + str(c->id().value())
           + " both lead term " + str(c->current_term().value()));
    bool known = std::find(leaders_.begin(), leaders_.end(), c) != leaders_.end();
    if (!known || fresh)
      check_completeness(*c); // a new leader: it must hold everything committed before it
  }
  leaders_ = std::move(leaders);
}

void invariants::check_commits(const std::vector<const core*>& live) {
  for (const auto* c : live) {
    auto& seen = commit_seen_[c->id()];
    auto from = std::max(seen.value(), c->log().first_index().value() - 1);
    for (auto i = from + 1; i <= c->commit_index().value(); ++i) {
      auto term = c->log().term_at(raft_index{i});
      if (term)
        record_commit(raft_index{i}, *term, c->current_term());
    }
    seen = std::max(seen, c->commit_index());
  }
}

void invariants::record_commit(raft_index index, term_id term, term_id known_in_term) {
  auto [it, fresh] = committed_.emplace(index.value(), committed_entry{term, known_in_term});
  if (!fresh) {
    if (it->second.term != term)
      fail("committed entry changed: index " + str(index.value()) + " was term "
           + str(it->second.term.value()) + ", now term " + str(term.value()));
    if (known_in_term >= it->second.known_in_term)
      return;
    it->second.known_in_term = known_in_term;
  }
  for (const auto* leader : leaders_)
    if (leader->current_term() > known_in_term)
      check_entry_in_leader(*leader, index, term);
}

void invariants::check_completeness(const core& leader) {
  for (const auto& [index, c] : committed_)
    if (c.known_in_term < leader.current_term())
      check_entry_in_leader(leader, raft_index{index}, c.term);
  for (const auto& ack : acknowledged_)
    if (ack.term < leader.current_term())
      check_ack_in_leader(leader, ack);
}

void invariants::check_entry_in_leader(const core& leader, raft_index index, term_id term) {
  if (index.value() < leader.log().first_index().value() - 1)
    return; // inside the leader's snapshot, which holds only committed entries
  auto held = leader.log().term_at(index);
  if (!held || *held != term)
    fail("leader completeness: leader " + str(leader.id().value()) + " of term "
         + str(leader.current_term().value()) + " lacks committed index " + str(index.value())
         + " term " + str(term.value()) + (held ? " (has term " + str(held->value()) + ")" : ""));
}

void invariants::check_ack_in_leader(const core& leader, const acknowledged& ack) {
  if (ack.index < leader.log().first_index())
    return;
  auto entries = leader.log().entries(ack.index, ack.index.next(), SIZE_MAX);
  if (!entries || entries->empty() || entries->front().payload != ack.payload)
    fail("acknowledged proposal \"" + ack.payload + "\" at index " + str(ack.index.value())
         + " is missing from leader " + str(leader.id().value()) + " of term "
         + str(leader.current_term().value()));
}

void invariants::check_log_matching(const core& a, const core& b) {
  auto low = std::max(a.log().first_index(), b.log().first_index());
  auto high = std::min(a.log().last_index(), b.log().last_index());
  auto i = high;
  while (i >= low && a.log().term_at(i) != b.log().term_at(i))
    i = i.prev();
  for (; i >= low; i = i.prev())
    if (a.log().term_at(i) != b.log().term_at(i))
      return fail("log matching: nodes " + str(a.id().value()) + " and " + str(b.id().value())
                  + " agree on a later entry but differ at index " + str(i.value()));
}

} // namespace strom::raft::sim
