#include "net/http/ws_client_commit.hpp"

#include <nlohmann/json.hpp>

namespace strom {

namespace {

using nlohmann::json;

bool whole_number(const json& v, int64_t max) {
  return v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= max;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::variant<consumer_positions, request_error> parse_ws_client_commit(const std::string& text,
                                                                       const std::string& topic) {
  auto in = json::parse(text, nullptr, false);
  if (in.is_discarded() || !in.is_object())
    return request_error{"message", "must be a JSON object"};
  auto list = in.find("commit");
  if (list == in.end() || !list->is_array() || list->empty())
    return request_error{"commit", "must be a non-empty array of {partition, offset}"};
  consumer_positions out;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto& entry = (*list)[i];
    auto field = "commit[" + std::to_string(i) + "]";
    if (!entry.is_object())
      return request_error{field, "must be an object {partition, offset}"};
    auto partition = entry.find("partition");
    if (partition == entry.end() || !whole_number(*partition, INT32_MAX))
      return request_error{field + ".partition", "must be a partition number"};
    auto offset = entry.find("offset");
    if (offset == entry.end() || !whole_number(*offset, INT64_MAX))
      return request_error{field + ".offset", "must be a whole number, the next offset to read"};
    topic_partition tp{topic, partition_id{partition->get<int32_t>()}};
    record_offset next{offset->get<int64_t>()};
    auto [it, fresh] = out.emplace(tp, next);
    if (!fresh && it->second < next)
      it->second = next;
  }
  return out;
}

std::string ws_committed_text(const consumer_positions& offsets) {
  json list = json::array();
  for (const auto& [tp, offset] : offsets)
    list.push_back({{"partition", tp.partition.value()}, {"offset", offset.value()}});
  return dump({{"type", "committed"}, {"offsets", std::move(list)}});
}

std::string ws_error_text(const std::string& error, const std::string& message) {
  return dump({{"type", "error"}, {"error", error}, {"message", message}});
}

} // namespace strom
