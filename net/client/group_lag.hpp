#pragma once
// How far a consumer group is behind, per partition: what it committed, the
// partition's log end offset (its high watermark: the next offset a record
// will get), and which member consumes it now. Pure: the admin client asks
// the leaders for the log ends and fills them in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "messages/group_messages.hpp"

namespace strom {

struct partition_lag {
  topic_partition partition;
  std::optional<record_offset> committed; // nothing committed yet
  std::optional<record_offset> log_end;   // its leader could not say
  std::string owner;                      // empty: no member owns it

  // Records the group has still to read; nothing when either end is unknown.
  std::optional<int64_t> lag() const;
};

// One row for every partition the group committed for or a member owns, in
// topic and partition order, with the log ends left unknown.
std::vector<partition_lag> lag_rows(const group_description& group);

} // namespace strom
