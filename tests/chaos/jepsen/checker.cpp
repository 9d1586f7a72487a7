#include "tests/chaos/jepsen/checker.hpp"

#include <set>

namespace strom::testing::jepsen {

namespace {

void violation(verdict& out, const std::string& what) {
  // A few of each kind say enough; the count says the rest.
  if (out.violations.size() < 20)
    out.violations.push_back(what);
}

} // namespace

void check_records(const observations& seen,
                   const std::map<int32_t, std::vector<stored_record>>& partitions,
                   verdict& out) {
  std::map<std::string, int> copies;
  for (const auto& [partition, records] : partitions) {
    std::map<std::pair<int, int>, int> last_n; // (producer, key) -> n
    for (const auto& r : records) {
      auto id = r.value ? parse_value(*r.value) : std::nullopt;
      if (!id || seen.sent.count(*r.value) == 0) {
        violation(out, "partition " + std::to_string(partition) + " holds a record never sent");
        continue;
      }
      if (++copies[*r.value] == 2)
        violation(out, *r.value + " is in the log twice");
      auto [it, first] = last_n.emplace(std::make_pair(id->producer, id->key), id->n);
      if (!first && id->n <= it->second)
        violation(out, *r.value + " follows n=" + std::to_string(it->second) + " of its key");
      it->second = std::max(it->second, id->n);
    }
  }
  for (const auto& [value, acked] : seen.sent) {
    out.acknowledged += acked;
    out.present += copies.count(value) > 0;
    if (acked && copies.count(value) == 0) {
      ++out.lost;
      violation(out, "acknowledged " + value + " is lost");
    }
  }
}

void check_commits(const observations& seen, const committed_offsets& final_offsets,
                   verdict& out) {
  std::map<topic_partition, record_offset> last;
  for (const auto& c : seen.commits) {
    auto [it, first] = last.emplace(c.partition, c.offset);
    if (!first && c.offset < it->second)
      violation(out, "the committed offset of partition "
                       + std::to_string(c.partition.partition.value()) + " went back from " + std::to_string(it->second.value()) + " to "
                       + std::to_string(c.offset.value()));
    it->second = std::max(it->second, c.offset);
  }
  for (const auto& f : final_offsets) {
    auto it = last.find(f.partition);
    if (it != last.end() && f.offset < it->second)
      violation(out, "partition " + std::to_string(f.partition.partition.value())
                       + " ends committed at " + std::to_string(f.offset.value())
                       + ", below a commit of " + std::to_string(it->second.value()));
  }
}

void check_exclusive(const observations& seen, verdict& out) {
  // The last owned set of each member in each generation.
  std::map<int32_t, std::map<int, std::set<int32_t>>> owned;
  for (const auto& a : seen.assignments)
    owned[a.generation][a.member] = a.owned;
  for (const auto& [generation, members] : owned) {
    std::map<int32_t, int> owner;
    for (const auto& [member, partitions] : members)
      for (auto p : partitions)
        if (auto [it, first] = owner.emplace(p, member); !first)
          violation(out, "partition " + std::to_string(p) + " is owned by members "
                           + std::to_string(it->second) + " and " + std::to_string(member)
                           + " in generation " + std::to_string(generation));
  }
}

} // namespace strom::testing::jepsen
