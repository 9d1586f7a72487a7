#include "actors/replica/entry_mapping.hpp"

namespace strom {

storage::log_entry to_storage(const raft::entry& e) {
  storage::log_entry out;
  out.index = e.index;
  out.term = e.term;
  out.kind = static_cast<uint8_t>(e.type);
  out.payload = e.payload;
  return out;
}

raft::entry from_storage(storage::log_entry e) {
  raft::entry out;
  out.index = e.index;
  out.term = e.term;
  out.type = static_cast<raft::entry_type>(e.kind);
  out.payload = std::move(e.payload);
  return out;
}

storage::hard_state to_storage(const raft::hard_state& s) {
  storage::hard_state out;
  out.current_term = s.current_term;
  if (s.voted_for != raft::no_node)
    out.voted_for = s.voted_for;
  out.commit_index = s.commit;
  return out;
}

raft::hard_state from_storage(const storage::hard_state& s) {
  raft::hard_state out;
  out.current_term = s.current_term;
  out.voted_for = s.voted_for.value_or(raft::no_node);
  out.commit = s.commit_index;
  return out;
}

storage::snapshot_record to_storage(const raft::snapshot& s) {
  storage::snapshot_record out;
  out.last_included_index = s.meta.index;
  out.last_included_term = s.meta.term;
  out.data = raft::encode_membership(s.meta.voters) + "\n" + s.data;
  return out;
}

std::optional<raft::snapshot> from_storage(const storage::snapshot_record& s) {
  auto newline = s.data.find('\n');
  if (newline == std::string::npos)
    return std::nullopt;
  auto voters = raft::decode_membership(s.data.substr(0, newline));
  if (!voters)
    return std::nullopt;
  raft::snapshot out;
  out.meta.index = s.last_included_index;
  out.meta.term = s.last_included_term;
  out.meta.voters = *voters;
  out.data = s.data.substr(newline + 1);
  return out;
}

} // namespace strom
