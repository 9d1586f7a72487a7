#pragma once
// How one write request changes the store inside a write transaction: the
// writer's step, and the commit log's replay after a power cut.

#include <lmdb.h>

#include "messages/result.hpp"
#include "storage/env.hpp"
#include "storage/write_request.hpp"

namespace strom::storage {

// Snapshot, truncate, append, hard state, drop prefix, in that order.
result<void> apply_request(const databases& dbs, MDB_txn* t, const write_request& request);

} // namespace strom::storage
