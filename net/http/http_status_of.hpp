#pragma once
// strom's typed errors as HTTP answers: the status code, and the body's
// "error" (the errc's name) and "message". The REST sibling of
// net/grpc/status_of.hpp, with the same groups: retry later (503), no such
// thing (404), exists (409), too large (413), timeout (504), the node's own
// trouble (500), the rest the request's fault (400).

#include <string>

#include <caf/error.hpp>

#include "messages/errors.hpp"

namespace strom {

struct http_error {
  int status = 500;
  std::string error;   // an errc name
  std::string message; // for a person
};

int http_status_of(errc code);
http_error http_error_of(const caf::error& err);
http_error http_error_of(errc code, std::string message);

} // namespace strom
