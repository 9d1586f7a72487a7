#pragma once
// Base64 (RFC 4648, standard alphabet) for binary keys and values in JSON.

#include <optional>
#include <string>
#include <string_view>

namespace strom {

std::string base64_encode(std::string_view bytes);
// Nothing when `text` is not base64: a character outside the alphabet,
// padding in the middle, or a length that no encoding has. Padding may be
// left off.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace strom
