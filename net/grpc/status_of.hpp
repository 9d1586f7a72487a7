#pragma once
// strom's errors as gRPC statuses, in one place: the code a gRPC client
// branches on, and a message that starts with strom's own error name
// ("unknown_topic: no topic orders") so that a person sees both.

#include <string>

#include <caf/error.hpp>
#include <grpcpp/support/status.h>

#include "messages/errors.hpp"

namespace strom {

grpc::StatusCode status_code_of(errc code);

// CAF's own errors (a request that timed out, a broker that went away)
// are DEADLINE_EXCEEDED or UNAVAILABLE.
grpc::Status status_of(const caf::error& err);
grpc::Status status_of(const error& err);

// INVALID_ARGUMENT naming the field: "bad_request: records[2].partition: ...".
grpc::Status invalid_argument(const std::string& field, const std::string& reason);

} // namespace strom
