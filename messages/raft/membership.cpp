#include "messages/raft/membership.hpp"

#include <algorithm>
#include <cstdlib>

namespace strom::raft {

namespace {

std::string encode_ids(const std::vector<node_id>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty())
      out += ',';
    out += std::to_string(id.value());
  }
  return out;
}

// Comma-separated ids, sorted and without duplicates; false when malformed.
bool decode_ids(const std::string& text, std::vector<node_id>& ids) {
  size_t pos = 0;
  while (pos < text.size()) {
    auto comma = text.find(',', pos);
    if (comma == std::string::npos)
      comma = text.size();
    auto field = text.substr(pos, comma - pos);
    char* end = nullptr;
    long value = std::strtol(field.c_str(), &end, 10);
    if (field.empty() || end != field.c_str() + field.size())
      return false;
    ids.emplace_back(static_cast<int32_t>(value));
    pos = comma + 1;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return true;
}

} // namespace

bool membership::contains(node_id id) const {
  return std::binary_search(voters.begin(), voters.end(), id);
}

bool membership::is_learner(node_id id) const {
  return std::binary_search(learners.begin(), learners.end(), id);
}

std::string encode_membership(const membership& m) {
  auto out = encode_ids(m.voters);
  if (!m.learners.empty())
    out += '/' + encode_ids(m.learners);
  return out;
}

result<membership> decode_membership(const std::string& payload) {
  membership m;
  auto slash = payload.find('/');
  auto voters = payload.substr(0, slash);
  auto learners = slash == std::string::npos ? std::string{} : payload.substr(slash + 1);
  bool learners_ok = slash == std::string::npos || !learners.empty();
  if (!decode_ids(voters, m.voters) || !learners_ok || !decode_ids(learners, m.learners))
    return error{errc::storage_corrupt, "bad membership payload: " + payload};
  for (auto id : m.learners)
    if (m.contains(id))
      return error{errc::storage_corrupt, "a learner is also a voter: " + payload};
  return m;
}

std::string to_string(const membership& m) {
  return "{" + encode_membership(m) + "}";
}

} // namespace strom::raft
