#include "storage/committed_log.hpp"

#include "storage/log_store.hpp"
#include "storage/raft_state.hpp"

namespace strom::storage {

result<committed_log> load_committed_log(const databases& dbs, MDB_txn* t, group_id group) {
  auto state = raft_state_store::load_hard_state(dbs, t, group);
  if (!state)
    return state.error();
  auto last = log_store::last_index(dbs, t, group);
  if (!last)
    return last.error();
  committed_log out;
  if (*state)
    out.commit = (*state)->commit_index;
  out.last = *last;
  return out;
}

} // namespace strom::storage
