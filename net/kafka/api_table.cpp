#include "net/kafka/api_table.hpp"

namespace strom::kafka {

const std::vector<api_range>& supported_apis() {
  static const std::vector<api_range> apis{
    {api_key::metadata, 0, 9, 9},
    {api_key::api_versions, 0, 3, 3},
  };
  return apis;
}

std::optional<api_range> api_of(int16_t key) {
  for (const auto& api : supported_apis())
    if (static_cast<int16_t>(api.key) == key)
      return api;
  return std::nullopt;
}

} // namespace strom::kafka
