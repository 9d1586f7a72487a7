// Crash safety: a child appends with fsync=always and reports each durable
// index through a pipe; we SIGKILL it at random moments, reopen, and check
// that everything reported durable is there, intact, without gaps.
// STROM_SEED replays a run (a new seed otherwise, printed with the command
// that reruns it); STROM_CRASH_ROUNDS changes the count.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "crash_workload.hpp"
#include "storage/log_store.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::storage {
namespace {

using testing::crash_groups;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr ? std::strtoull(text, nullptr, 10) : fallback;
}

struct child {
  pid_t pid = -1;
  int out = -1;
};

child start_child(const std::string& dir, uint64_t seed) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string seed_text = std::to_string(seed);
    ::execl(STROM_CRASH_CHILD, STROM_CRASH_CHILD, dir.c_str(), seed_text.c_str(), nullptr);
    std::_Exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

// Reads "group index" lines, keeping the highest durable index per group.
void absorb(std::string& pending, const char* data, size_t size,
            std::map<int64_t, int64_t>& durable) {
  pending.append(data, size);
  size_t end;
  while ((end = pending.find('\n')) != std::string::npos) {
    std::istringstream line(pending.substr(0, end));
    int64_t group = 0, index = 0;
    line >> group >> index;
    durable[group] = std::max(durable[group], index);
    pending.erase(0, end + 1);
  }
}

// Lets the child run until it reported its first ack plus `run_ms`, then kills it.
void run_and_kill(child& c, int run_ms, std::map<int64_t, int64_t>& durable) {
  std::string pending;
  char buffer[4096];
  bool acked = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline)
      break;
    int wait_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    pollfd p{c.out, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0)
      continue;
    ssize_t n = ::read(c.out, buffer, sizeof buffer);
    if (n <= 0)
      break; // the child died on its own: the waitpid below reports it
    absorb(pending, buffer, static_cast<size_t>(n), durable);
    if (!acked) {
      acked = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
  }
  ::kill(c.pid, SIGKILL);
  // Whatever the child wrote before it died was reported durable too.
  ssize_t n;
  while ((n = ::read(c.out, buffer, sizeof buffer)) > 0)
    absorb(pending, buffer, static_cast<size_t>(n), durable);
  ::close(c.out);
}

void expect_log_intact(const std::string& dir, const std::map<int64_t, int64_t>& durable,
                       int round) {
  auto environment = testing::open_env([&] {
    storage_config config;
    config.data_dir = dir;
    config.map_size_bytes = uint64_t{1} << 30;
    return config;
  }());
  log_store logs(*environment);
  for (int g = 0; g < crash_groups; ++g) {
    group_id group{g};
    auto found = durable.find(g);
    int64_t reported = found == durable.end() ? 0 : found->second;
    auto last = logs.last_index(group);
    ASSERT_TRUE(last) << last.error().describe();
    int64_t held = last->value_or(raft_index{0}).value();
    ASSERT_GE(held, reported) << "round " << round << " group " << g
                              << ": an index reported durable is missing";
    auto entries = logs.read(group, raft_index{1}, raft_index{held}, UINT64_MAX);
    ASSERT_TRUE(entries) << "round " << round << ": " << entries.error().describe();
    ASSERT_EQ(entries->size(), static_cast<size_t>(held)) << "round " << round << " group " << g
                                                          << ": gap in the log";
    for (const auto& e : *entries) {
      auto expected = testing::crash_entry(group, e.index);
      ASSERT_EQ(e.term, expected.term) << "round " << round << " " << e.index;
      ASSERT_EQ(e.payload, expected.payload) << "round " << round << " group " << g << " index "
                                             << e.index << ": torn or wrong bytes";
      ASSERT_EQ(e.last_offset, expected.last_offset);
    }
  }
}

TEST(crash, every_index_reported_durable_survives_sigkill) {
  auto seed = strom::testing::test_seed();
  strom::testing::seed_trace trace{seed};
  auto rounds = static_cast<int>(env_number("STROM_CRASH_ROUNDS", 30));
  std::cout << "crash test seed " << seed << " (rerun: " << strom::testing::rerun_command(seed)
            << ")" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);
  testing::temp_dir dir;
  std::map<int64_t, int64_t> durable;
  for (int round = 0; round < rounds; ++round) {
    child c = start_child(dir.path(), random());
    run_and_kill(c, static_cast<int>(random() % 60), durable);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "round " << round << ": the child ended by itself (status " << status << "), seed "
      << seed;
    expect_log_intact(dir.path(), durable, round);
    if (HasFatalFailure())
      return; // the seed_trace says which seed and how to rerun it
  }
  int64_t total = 0;
  for (auto& [group, index] : durable)
    total += index;
  std::cout << rounds << " kills, " << total << " entries reported durable" << std::endl;
  EXPECT_GT(total, rounds) << "the child should make progress between kills";
}

} // namespace
} // namespace strom::storage
