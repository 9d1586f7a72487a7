#pragma once
// Answers to topic commands that this node forwarded to the controller
// leader, held until this node's own table shows what the command did: a
// client that created, grew or deleted a topic through a node and then asks
// the same node reads its own write (the leader answers once it applied the
// command, and this node applies it a little later). Held at most until a
// deadline: the command is done either way. Pure.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "actors/controller/topic_table.hpp"

namespace strom {

class table_waiters {
public:
  using clock = std::chrono::steady_clock;
  using ready_fn = std::function<bool(const topic_table&)>;

  // The table holds the topic with at least `partitions` partitions (0: it
  // holds none of that name).
  static ready_fn shows_topic(std::string name, int32_t partitions);

  // Runs `answer` now if `table` is ready, else once it is or at `deadline`.
  void add(const topic_table& table, ready_fn ready, std::function<void()> answer,
           clock::time_point deadline);
  // Answers those whose table is ready now or whose deadline passed.
  void settle(const topic_table& table, clock::time_point now);
  size_t size() const { return waiting_.size(); }

private:
  struct waiter {
    ready_fn ready;
    std::function<void()> answer;
    clock::time_point deadline;
  };
  std::vector<waiter> waiting_;
};

} // namespace strom
