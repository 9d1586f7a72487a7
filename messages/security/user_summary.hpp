#pragma once
// A user as `strom user list` shows it: its name and the mechanisms it has
// a credential for; never the credential.

#include <string>
#include <vector>

namespace strom {

struct user_summary {
  std::string name;
  std::vector<std::string> mechanisms; // "SCRAM-SHA-256", ...

  template <class Inspector>
  friend auto inspect(Inspector& f, user_summary& x) {
    return f(x.name, x.mechanisms);
  }
};

} // namespace strom
