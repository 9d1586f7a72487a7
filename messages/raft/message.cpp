#include "messages/raft/message.hpp"

namespace strom::raft {

const char* to_string(message_type type) {
  switch (type) {
    case message_type::pre_vote: return "pre_vote";
    case message_type::pre_vote_response: return "pre_vote_response";
    case message_type::vote: return "vote";
    case message_type::vote_response: return "vote_response";
    case message_type::append: return "append";
    case message_type::append_response: return "append_response";
    case message_type::snapshot: return "snapshot";
    case message_type::heartbeat: return "heartbeat";
    case message_type::heartbeat_response: return "heartbeat_response";
    case message_type::timeout_now: return "timeout_now";
  }
  return "unknown";
}

std::string to_string(const message& m) {
  auto out = std::string{to_string(m.type)} + " " + std::to_string(m.from.value())
             + "->" + std::to_string(m.to.value())
             + " term=" + std::to_string(m.term.value())
             + " log_term=" + std::to_string(m.log_term.value())
             + " index=" + std::to_string(m.index.value())
             + " commit=" + std::to_string(m.commit.value());
  if (!m.entries.empty())
    out += " entries=" + std::to_string(m.entries.front().index.value()) + ".."
           + std::to_string(m.entries.back().index.value());
  if (m.reject)
    out += " reject conflict_term=" + std::to_string(m.conflict_term.value())
           + " conflict_index=" + std::to_string(m.conflict_index.value());
  if (m.transfer)
    out += " transfer";
  if (m.quiesce)
    out += " quiesce";
  if (m.type == message_type::snapshot)
    out += " snap=" + std::to_string(m.snap.meta.index.value()) + "@"
           + std::to_string(m.snap.meta.term.value());
  return out;
}

} // namespace strom::raft
