#include "launcher/console_record_text.hpp"

namespace strom {

record record_from_text(const std::string& text) {
  record r;
  auto colon = text.find(':');
  if (colon == std::string::npos) {
    r.value = text;
    return r;
  }
  if (colon > 0)
    r.key = text.substr(0, colon);
  r.value = text.substr(colon + 1);
  return r;
}

std::string record_to_text(const stored_record& r) {
  auto value = r.value ? *r.value : std::string{"(null)"};
  if (r.key)
    return *r.key + ":" + value;
  return value.find(':') == std::string::npos ? value : ":" + value;
}

} // namespace strom
