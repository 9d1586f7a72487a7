#pragma once
// Which records a socket's peer surely received, so that a group commits
// no further: a write that finished only put bytes in the kernel, and a
// connection that is reset drops whatever the peer had not acknowledged.
// Messages are noted in the order they were written, with their sizes;
// the kernel's count of bytes still unacknowledged (SIOCOUTQ) says how
// many of the last ones may not have arrived. Each message is counted with
// the smallest WebSocket frame header (2 bytes), so the bytes known to
// follow a message are never more than really follow it: a record is
// confirmed only when at least that many unacknowledged bytes come after
// it. Pure: the session asks the kernel and passes the count in.

#include <cstddef>
#include <deque>
#include <optional>

#include "net/client/consumer_config.hpp"

namespace strom {

class delivery_ledger {
public:
  // A message was written; `record` when it carries one.
  void written(size_t bytes, std::optional<std::pair<topic_partition, record_offset>> record);
  // The kernel holds `unacked_bytes` the peer has not acknowledged: every
  // message those cannot reach is confirmed. True when something new was.
  bool confirm(size_t unacked_bytes);
  // The next offset past what the peer received, per partition.
  const consumer_positions& confirmed() const { return confirmed_; }
  // The partition is no longer this member's: nothing more of it to commit.
  void forget(const topic_partition& tp);
  size_t pending() const { return pending_.size(); }

private:
  static constexpr size_t frame_header_bytes_min = 2;

  struct message {
    size_t bytes;
    std::optional<std::pair<topic_partition, record_offset>> record;
  };
  std::deque<message> pending_;
  consumer_positions confirmed_;
};

} // namespace strom
