#pragma once
// Whether a manifest host names this machine: a loopback address, this
// machine's host name, or an address of one of its interfaces.

#include <string>

namespace strom {

bool is_local_host(const std::string& host);

} // namespace strom
