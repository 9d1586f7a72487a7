#include "tests/sim/broken_search.hpp"

#include <chrono>
#include <optional>
#include <sstream>

#include "tests/support/process.hpp"

namespace strom::raft::sim {

namespace {

// A message storm takes seconds to be called one; a whole search, far less.
constexpr std::chrono::minutes search_timeout{5};

struct last_seed {
  uint64_t seed = 0;
  bool failed = false;
  std::string failure; // the line after a failed seed's summary
};

// strom_raft_sim prints "seed N ok: ..." or "seed N FAILED: ..." followed
// by an indented line saying what broke, one seed after another.
std::optional<last_seed> last_seed_printed(const std::string& out) {
  std::optional<last_seed> found;
  std::istringstream lines{out};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("seed ", 0) == 0) {
      found = last_seed{std::stoull(line.substr(5)), line.find(" FAILED") != std::string::npos, {}};
    } else if (found && found->failed && found->failure.empty() && line.rfind("  ", 0) == 0) {
      found->failure = line.substr(2);
    }
  }
  return found;
}

} // namespace

std::string replay_command(uint64_t seed, broken_sequencing broken) {
  std::string command = std::string{STROM_RAFT_SIM_PATH} + " --seed " + std::to_string(seed)
                        + " --trace";
  if (broken != broken_sequencing::none)
    command += std::string{" --broken "} + to_string(broken);
  return command;
}

search_result search_for_failure(broken_sequencing broken, uint64_t first, uint64_t count) {
  search_result r;
  auto last = first + count - 1;
  for (auto from = first; from <= last;) {
    auto run = strom::testing::run_command(
      {STROM_RAFT_SIM_PATH, "--seeds", std::to_string(from), std::to_string(last),
       "--stop-at-failure", "--broken", to_string(broken)},
      "", search_timeout);
    auto printed = last_seed_printed(run.out);
    if (run.exit_status == 0)
      return r; // every seed passed
    if (run.exit_status == 1 && printed && printed->failed) {
      r.caught = true;
      r.seed = printed->seed;
      r.failure = printed->failure;
      return r;
    }
    if (run.err.find("check failed") == std::string::npos) {
      r.problem = "strom_raft_sim from seed " + std::to_string(from)
                  + " neither finished nor failed an assertion:\n" + run.err;
      return r;
    }
    auto aborted = printed ? printed->seed + 1 : from;
    r.aborted.push_back(aborted);
    if (aborted == last)
      break;
    from = aborted + 1;
  }
  return r;
}

} // namespace strom::raft::sim
