// The crash test's child: appends to a few groups with fsync=always forever
// and prints "group index" on stdout for every index the writer reported
// durable. The parent kills it with SIGKILL at a random moment. A third
// argument, unsafe-skip-fsync, turns storage's fsync off (the test that
// shows a power cut notices).

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

std::mutex mutex;
std::condition_variable room;
int in_flight = 0;

void report(group_id group, raft_index index) {
  std::string line = std::to_string(group.value()) + " " + std::to_string(index.value()) + "\n";
  // One write per line: a line is never split by the kill.
  if (::write(STDOUT_FILENO, line.data(), line.size()) < 0)
    std::_Exit(3);
}

} // namespace

int main(int argc, char** argv) {
  bool skip_fsync = argc == 4 && std::string{argv[3]} == "unsafe-skip-fsync";
  if (argc != 3 && !skip_fsync) {
    std::fprintf(stderr, "usage: %s DATA_DIR SEED [unsafe-skip-fsync]\n", argv[0]);
    return 2;
  }
  storage_config config;
  config.data_dir = argv[1];
  config.map_size_bytes = uint64_t{1} << 30;
  config.fsync = fsync_policy::always;
  config.unsafe_skip_fsync_for_tests = skip_fsync;
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
    auto queued = w.submit(std::move(request), [](result<write_ack> r) {
      if (!r) {
        std::fprintf(stderr, "append failed: %s\n", r.error().describe().c_str());
        std::_Exit(4);
      }
      report(r->group, r->last_index);
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
