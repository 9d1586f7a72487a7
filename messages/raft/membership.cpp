#include "messages/raft/membership.hpp"

#include <algorithm>
#include <cstdlib>

namespace strom::raft {

bool membership::contains(node_id id) const {
  return std::binary_search(voters.begin(), voters.end(), id);
}

std::string encode_membership(const membership& m) {
  std::string out;
  for (auto id : m.voters) {
    if (!out.empty())
      out += ',';
    out += std::to_string(id.value());
  }
  return out;
}

result<membership> decode_membership(const std::string& payload) {
  membership m;
  size_t pos = 0;
  while (pos < payload.size()) {
    auto comma = payload.find(',', pos);
    if (comma == std::string::npos)
      comma = payload.size();
    auto field = payload.substr(pos, comma - pos);
    char* end = nullptr;
    long value = std::strtol(field.c_str(), &end, 10);
    if (field.empty() || end != field.c_str() + field.size())
      return error{errc::storage_corrupt, "bad membership payload: " + payload};
    m.voters.emplace_back(static_cast<int32_t>(value));
    pos = comma + 1;
  }
  std::sort(m.voters.begin(), m.voters.end());
  m.voters.erase(std::unique(m.voters.begin(), m.voters.end()), m.voters.end());
  return m;
}

std::string to_string(const membership& m) {
  return "{" + encode_membership(m) + "}";
}

} // namespace strom::raft
