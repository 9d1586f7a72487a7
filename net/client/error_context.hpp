#pragma once
// Naming where an error happened ("node 2: ...", "orders/3: ...") when a
// call spans several brokers or partitions, keeping its code so that the
// caller still sees what kind of failure it was (retriable or not).

#include <string>

#include <caf/error.hpp>

namespace strom {

// CAF's own errors (a timeout, a lost connection) become unreachable.
caf::error with_context(const std::string& where, const caf::error& err);

} // namespace strom
