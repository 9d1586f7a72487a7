// The crash test's child: appends to a few groups forever and prints
// "ack group index fsyncs" on stdout for every index the writer acked, with
// the writer's count of completed fsyncs at the ack. The parent kills it with
// SIGKILL at a random moment. Options after the seed: `interval` runs
// fsync=interval (else always) and gives one request in term_every a new
// term and vote, printing "term group term" once it is acked;
// `unsafe-skip-fsync` turns storage's fsync off (the tests that show a power
// cut notices).

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>

#include "crash_workload.hpp"
#include "storage/log_store.hpp"
#include "storage/writer.hpp"

using namespace strom;
using namespace strom::storage;

namespace {

// Requests in flight at once: enough for group commit to gather several.
constexpr int in_flight_max = 16;
// Under interval, one request in this many moves its group's term and vote,
// which the writer must sync before the ack.
constexpr uint64_t term_every = 64;

std::mutex mutex;
std::condition_variable room;
int in_flight = 0;

void report(const std::string& line) {
  // One write per line: a line is never split by the kill.
  if (::write(STDOUT_FILENO, line.data(), line.size()) < 0)
    std::_Exit(3);
}

bool has_option(int argc, char** argv, const std::string& option) {
  for (int i = 3; i < argc; ++i)
    if (argv[i] == option)
      return true;
  return false;
}

// Gives the request its group's next term and a vote in it.
void move_term(write_request& request, std::vector<int64_t>& terms, std::mt19937_64& random) {
  auto& term = terms[request.group.value()];
  ++term;
  request.state = hard_state{term_id{term}, node_id{static_cast<int>(random() % 3)},
                             raft_index{0}};
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR SEED [interval] [unsafe-skip-fsync]\n", argv[0]);
    return 2;
  }
  bool interval = has_option(argc, argv, "interval");
  storage_config config;
  config.data_dir = argv[1];
  config.map_size_bytes = uint64_t{1} << 30;
  config.fsync = interval ? fsync_policy::interval : fsync_policy::always;
  config.unsafe_skip_fsync_for_tests = has_option(argc, argv, "unsafe-skip-fsync");
  auto opened = env::open(config);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().describe().c_str());
    return 1;
  }
  log_store logs(**opened);
  writer w(**opened);
  std::vector<int64_t> next(storage::testing::crash_groups);
  for (int g = 0; g < storage::testing::crash_groups; ++g)
    next[g] = (*logs.last_index(group_id{g}))
                .value_or(raft_index{0}).value() + 1;
  std::vector<int64_t> terms(storage::testing::crash_groups);
  raft_state_store states(**opened);
  for (int g = 0; g < storage::testing::crash_groups; ++g)
    if (auto saved = *states.load_hard_state(group_id{g}))
      terms[g] = saved->current_term.value();
  std::mt19937_64 random(std::strtoull(argv[2], nullptr, 10));
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      room.wait(lock, [] { return in_flight < in_flight_max; });
      ++in_flight;
    }
    group_id group{static_cast<int64_t>(random() % storage::testing::crash_groups)};
    write_request request;
    request.group = group;
    int count = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < count; ++i) {
      auto index = raft_index{next[group.value()]++};
      request.entries.push_back(storage::testing::crash_entry(group, index));
    }
    if (interval && random() % term_every == 0)
      move_term(request, terms, random);
    std::optional<int64_t> term;
    if (request.state)
      term = request.state->current_term.value();
    auto queued = w.submit(std::move(request), [&w, term](result<write_ack> r) {
      if (!r) {
        std::fprintf(stderr, "append failed: %s\n", r.error().describe().c_str());
        std::_Exit(4);
      }
      auto group = std::to_string(r->group.value());
      report("ack " + group + " " + std::to_string(r->last_index.value()) + " " +
             std::to_string(w.counters().fsyncs) + "\n");
      if (term)
        report("term " + group + " " + std::to_string(*term) + "\n");
      std::lock_guard<std::mutex> guard(mutex);
      --in_flight;
      room.notify_one();
    });
    if (!queued) {
      std::fprintf(stderr, "submit failed: %s\n", queued.error().describe().c_str());
      return 5;
    }
  }
}
