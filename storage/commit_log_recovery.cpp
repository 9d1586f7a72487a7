#include "storage/commit_log_recovery.hpp"

#include <algorithm>

#include "storage/env.hpp"
#include "storage/request_apply.hpp"
#include "storage/write_request_codec.hpp"

namespace strom::storage {

std::vector<const commit_record*> replay_chain(const std::vector<commit_record>& records,
                                               uint64_t last_txn) {
  std::vector<const commit_record*> by_sequence;
  for (const auto& r : records)
    if (r.txn > last_txn)
      by_sequence.push_back(&r);
  std::sort(by_sequence.begin(), by_sequence.end(),
            [](const commit_record* a, const commit_record* b) {
              return a->sequence < b->sequence;
            });
  std::vector<const commit_record*> chain;
  for (const auto* r : by_sequence) {
    while (!chain.empty() && chain.back()->txn >= r->txn)
      chain.pop_back();
    uint64_t expected = chain.empty() ? last_txn + 1 : chain.back()->txn + 1;
    if (r->txn == expected)
      chain.push_back(r);
  }
  return chain;
}

namespace {

// One record as the transaction it stood for, or why not.
result<void> replay(env& environment, const commit_record& record) {
  auto requests = decode_requests(record.payload);
  if (!requests)
    return requests.error();
  auto w = environment.begin_write();
  if (!w)
    return w.error();
  if (mdb_txn_id(w->handle()) != record.txn)
    return error{errc::storage_corrupt,
                 "commit log record " + std::to_string(record.sequence) + " is for transaction " +
                   std::to_string(record.txn) + ", the store is at " +
                   std::to_string(environment.last_txn())};
  for (const auto& request : *requests)
    if (auto applied = apply_request(environment.dbs(), w->handle(), request); !applied)
      return applied;
  return w->commit();
}

} // namespace

result<size_t> forget_commit_log(commit_log& log) {
  auto records = log.scan();
  if (!records)
    return records.error();
  if (auto erased = log.erase(*records); !erased)
    return erased.error();
  return size_t{0};
}

result<size_t> recover_commit_log(env& environment, commit_log& log, uint64_t last_txn) {
  auto records = log.scan();
  if (!records)
    return records.error();
  auto chain = replay_chain(*records, last_txn);
  for (const auto* record : chain)
    if (auto done = replay(environment, *record); !done)
      return error{done.error().code, environment.config().data_dir +
                                        ": replaying the commit log: " + done.error().message};
  if (!chain.empty())
    if (auto synced = environment.sync(); !synced)
      return synced.error();
  std::vector<commit_record> past;
  for (auto& r : *records)
    if (r.txn > last_txn)
      past.push_back(std::move(r));
  if (auto erased = log.erase(past); !erased)
    return erased.error();
  return chain.size();
}

} // namespace strom::storage
