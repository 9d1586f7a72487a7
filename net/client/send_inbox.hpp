#pragma once
// Where producer::send leaves records for the producer actor. A CAF message
// per record costs more than the record (a mailbox element, often a wake-up
// of the actor's worker), so the facade appends under a mutex and tells the
// actor only when the inbox goes from empty to not empty; the actor then
// takes everything that piled up in one turn. Pure: no CAF.

#include <mutex>
#include <vector>

namespace strom {

struct send_request;

template <class Request>
class basic_send_inbox {
public:
  // True when the inbox was empty: the caller tells the actor to take it.
  bool put(Request r) {
    std::lock_guard<std::mutex> guard{mutex_};
    pending_.push_back(std::move(r));
    return pending_.size() == 1;
  }

  // Everything put so far, oldest first; `spare` (emptied) keeps its
  // capacity for the next round, so that steady sending allocates nothing.
  std::vector<Request> take(std::vector<Request> spare = {}) {
    spare.clear();
    std::lock_guard<std::mutex> guard{mutex_};
    pending_.swap(spare);
    return spare;
  }

private:
  std::mutex mutex_;
  std::vector<Request> pending_;
};

using send_inbox = basic_send_inbox<send_request>;

} // namespace strom
