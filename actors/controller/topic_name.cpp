#include "actors/controller/topic_name.hpp"

namespace strom {
namespace {

bool legal_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
         || c == '_' || c == '-';
}

} // namespace

result<void> validate_topic_name(std::string_view name) {
  if (name.empty())
    return strom::error{errc::bad_request, "topic name is empty"};
  if (name == "." || name == "..")
    return strom::error{errc::bad_request, "topic name cannot be \".\" or \"..\""};
  if (name.size() > topic_name_length_max)
    return strom::error{errc::bad_request, "topic name is " + std::to_string(name.size())
                                             + " characters, the limit is "
                                             + std::to_string(topic_name_length_max)};
  for (char c : name)
    if (!legal_character(c))
      return strom::error{errc::bad_request,
                          "topic name \"" + std::string{name}
                            + "\" has a character outside [a-zA-Z0-9._-]"};
  return {};
}

std::string topic_name_collision_key(std::string_view name) {
  std::string key{name};
  for (auto& c : key)
    if (c == '.')
      c = '_';
  return key;
}

} // namespace strom
