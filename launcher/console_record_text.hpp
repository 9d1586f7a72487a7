#pragma once
// A record as the console reads and prints it: KEY:VALUE, or VALUE alone for
// a record without a key. A leading ':' means "no key" (for values that hold
// a ':' themselves), so what `consume` prints reads back the same in `produce`.

#include <string>

#include "messages/record_batch.hpp"

namespace strom {

record record_from_text(const std::string& text);

std::string record_to_text(const stored_record& r);

} // namespace strom
