#pragma once
// What is wrong with a request, naming the field ("records[2].value") so
// that a client can find it: a 400 with errc bad_request.

#include <string>

namespace strom {

struct request_error {
  std::string field;
  std::string reason;

  std::string message() const { return field + ": " + reason; }
};

} // namespace strom
