#pragma once
// Runs seeds against a deliberately broken driver until the simulator
// catches it. Each search runs strom_raft_sim in a child process: a broken
// driver can also trip one of the core's own assertions, which abort, and
// that must end the child, not the test. The search then goes on after the
// seed that aborted, since what it asks is whether the simulator's checks
// (safety, liveness, message storms) catch the bug.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/raft/driver.hpp"

namespace strom::raft::sim {

struct search_result {
  bool caught = false;
  uint64_t seed = 0;             // the first seed the simulator failed
  std::string failure;           // what it reported
  std::vector<uint64_t> aborted; // seeds a core assertion ended before that
  std::string problem;           // the search itself went wrong (a timeout)
};

search_result search_for_failure(broken_sequencing broken, uint64_t first, uint64_t count);

// The command that replays one seed with a trace.
std::string replay_command(uint64_t seed, broken_sequencing broken);

} // namespace strom::raft::sim
