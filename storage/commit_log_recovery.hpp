#pragma once
// Replaying the commit log (commit_log.hpp) when a node opens its store:
// the commits whose records are durable but whose LMDB meta page a power
// cut lost are applied again, each as the transaction it stood for.

#include <cstdint>
#include <vector>

#include "messages/result.hpp"
#include "storage/commit_log.hpp"

namespace strom::storage {

class env;

// The records to replay over an LMDB whose last transaction is `last_txn`,
// in order: the chain of transactions last_txn + 1, + 2, ... in sequence
// order. A later record for a transaction the chain holds replaces it and
// what followed it (a commit that failed and whose id the next one took).
// A record that cannot follow (its predecessor was not logged, or lost) ends
// nothing: it is left out, and so is any that would need it. Pure.
std::vector<const commit_record*> replay_chain(const std::vector<commit_record>& records,
                                               uint64_t last_txn);

// Applies the chain, each record as one transaction, syncs, then erases every
// record past the store's last transaction at open (none is needed again).
// Returns how many it replayed. `last_txn`: LMDB's last transaction before
// anything wrote; nothing may have committed since.
result<size_t> recover_commit_log(env& environment, commit_log& log, uint64_t last_txn);

// Erases every record: the log of a store made afresh. Returns 0.
result<size_t> forget_commit_log(commit_log& log);

} // namespace strom::storage
