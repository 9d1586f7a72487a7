#pragma once
// A member's side of a group's exclusivity (group_state.hpp, Exclusivity):
// how long it may go on handing out records of what it was given. Each
// answer that confirms its membership (a heartbeat answered ok, a sync, a
// join) extends the lease to the time its request was *sent* plus the
// session timeout. The coordinator counts the same timeout from when it
// answered, which is later, so the member always stops first: when the
// lease ends, the coordinator may have given its partitions away. Pure:
// times are milliseconds on any clock that never goes back.

#include <algorithm>
#include <cstdint>
#include <optional>

namespace strom {

class member_lease {
public:
  explicit member_lease(int64_t session_timeout_ms = 0)
    : session_timeout_ms_(session_timeout_ms) {}

  // A request sent at `sent_ms` was answered with a confirmation.
  void confirmed(int64_t sent_ms) {
    auto until = sent_ms + session_timeout_ms_;
    until_ms_ = until_ms_ ? std::max(*until_ms_, until) : until;
  }
  // The membership is given up or lost: nothing is held until confirmed again.
  void end() { until_ms_.reset(); }
  bool held(int64_t now_ms) const { return until_ms_ && now_ms < *until_ms_; }
  std::optional<int64_t> until_ms() const { return until_ms_; }

private:
  int64_t session_timeout_ms_;
  std::optional<int64_t> until_ms_;
};

} // namespace strom
