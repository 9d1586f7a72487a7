#pragma once
// UTF-8 as RFC 3629 defines it: what Protobuf requires of a string field and
// JSON of a string. One check for the record batch walk and the HTTP door.

#include <string_view>

namespace strom {

// No overlong forms, no surrogates, nothing above U+10FFFF, no truncated
// sequence.
bool valid_utf8(std::string_view text);

} // namespace strom
