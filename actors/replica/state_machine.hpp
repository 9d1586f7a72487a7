#pragma once
// What a replica applies committed entries to: the partition's data, the
// controller's metadata, a group coordinator, or a test's list. Called on the
// replica's actor only, in log order, each entry once per process lifetime
// (after a restart, from the last snapshot on).

#include <optional>
#include <string>

#include "messages/raft/entry.hpp"
#include "messages/types.hpp"

namespace strom {

class state_machine {
public:
  virtual ~state_machine() = default;

  // A committed normal entry (no-op and configuration entries are not passed).
  virtual void apply(const raft::entry& committed) = 0;
  // The whole state as bytes, for a snapshot at the last applied entry.
  virtual std::string snapshot() const = 0;
  // Replaces the state with a snapshot's bytes.
  virtual void restore(const std::string& bytes) = 0;
  // A line about the state (a count, a digest) for status reports.
  virtual std::string describe() const { return {}; }
  // The last record offset an entry holds, for storage's offset index, or
  // nothing for entries without records (every entry outside partitions).
  virtual std::optional<record_offset> last_offset_of(const raft::entry&) const {
    return std::nullopt;
  }
};

} // namespace strom
