#include "storage/request_apply.hpp"

#include "storage/log_store.hpp"
#include "storage/raft_state.hpp"

namespace strom::storage {

result<void> apply_request(const databases& dbs, MDB_txn* t, const write_request& request) {
  if (request.snapshot)
    if (auto ok = raft_state_store::save_snapshot(dbs, t, request.group, *request.snapshot); !ok)
      return ok;
  if (request.truncate_from)
    if (auto ok = log_store::truncate_suffix(dbs, t, request.group, *request.truncate_from); !ok)
      return ok;
  if (auto ok = log_store::append(dbs, t, request.group, request.entries); !ok)
    return ok;
  if (request.state)
    if (auto ok = raft_state_store::save_hard_state(dbs, t, request.group, *request.state); !ok)
      return ok;
  if (request.drop_prefix_upto) {
    auto dropped = log_store::drop_prefix(dbs, t, request.group, *request.drop_prefix_upto, 0);
    if (!dropped)
      return dropped.error();
  }
  return {};
}

} // namespace strom::storage
