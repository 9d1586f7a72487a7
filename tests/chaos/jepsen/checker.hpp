#pragma once
// What must hold after a schedule, Jepsen's way: from what the clients saw
// and what the partitions hold at the end. Each violation is one line.

#include <map>
#include <string>
#include <vector>

#include "messages/group_messages.hpp"
#include "messages/record_batch.hpp"
#include "tests/chaos/jepsen/workload.hpp"

namespace strom::testing::jepsen {

struct verdict {
  std::vector<std::string> violations;
  int acknowledged = 0;
  int present = 0;
  int lost = 0;
};

// Every acknowledged record is in the log, none twice, per producer and key
// in the order sent, and nothing is there that was not sent.
void check_records(const observations& seen,
                   const std::map<int32_t, std::vector<stored_record>>& partitions,
                   verdict& out);
// Successful commits never move a partition's committed offset backwards,
// and the group's committed offsets at the end are at least the last ones.
void check_commits(const observations& seen, const committed_offsets& final_offsets,
                   verdict& out);
// No partition is owned by two members in one generation.
void check_exclusive(const observations& seen, verdict& out);

} // namespace strom::testing::jepsen
