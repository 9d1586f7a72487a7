#pragma once
// What a new coordinator does after a failover: read its partition of
// __consumer_offsets from the start and rebuild every group and committed
// offset, the last record of each key winning and tombstones deleting.

#include <map>
#include <string>
#include <vector>

#include "actors/group/group_records.hpp"
#include "actors/group/group_state.hpp"
#include "actors/group/offset_table.hpp"

namespace strom {

// Everything one coordinator partition holds.
struct coordinator_state {
  std::map<std::string, group_state, std::less<>> groups;
  offset_table offsets;
};

struct replay_settings {
  group_limits groups;
  offset_limits offsets;
};

// Applies one record read back from the log. Groups are restored as
// group_state::restore says, with sessions starting at now_ms. bad_request
// for a record that does not decode (the state is unchanged then).
result<void> replay_record(coordinator_state& state, const group_record& record, int64_t now_ms,
                           const replay_settings& settings = {});

// replay_record over the records in log order; stops at the first bad one.
result<coordinator_state> replay(const std::vector<group_record>& records, int64_t now_ms,
                                 const replay_settings& settings = {});

} // namespace strom
