#include "actors/controller/table_waiters.hpp"

namespace strom {

table_waiters::ready_fn table_waiters::shows_topic(std::string name, int32_t partitions) {
  return [name = std::move(name), partitions](const topic_table& table) {
    const auto* topic = table.find_topic(name);
    return partitions == 0 ? topic == nullptr
                           : topic != nullptr && topic->partition_count() >= partitions;
  };
}

void table_waiters::add(const topic_table& table, ready_fn ready, std::function<void()> answer,
                        clock::time_point deadline) {
  if (ready(table))
    return answer();
  waiting_.push_back({std::move(ready), std::move(answer), deadline});
}

void table_waiters::settle(const topic_table& table, clock::time_point now) {
  std::vector<std::function<void()>> due;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->ready(table) || now >= it->deadline) {
      due.push_back(std::move(it->answer));
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  // Answering may add waiters: only after the loop.
  for (auto& answer : due)
    answer();
}

} // namespace strom
