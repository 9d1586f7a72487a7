#pragma once
// What of a group's log raft has committed, as the background passes
// (retention.hpp, compaction.hpp) bound their work by it: a pass never
// touches an entry a new leader may still overwrite.

#include <optional>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"

namespace strom::storage {

struct committed_log {
  // None when the group never saved its hard state (a fresh replica).
  std::optional<raft_index> commit;
  // None when the log is empty.
  std::optional<raft_index> last;
};

result<committed_log> load_committed_log(const databases& dbs, MDB_txn* t, group_id group);

} // namespace strom::storage
