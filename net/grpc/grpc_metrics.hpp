#pragma once
// Counts every call the gRPC door answers by its status (door_metrics.hpp),
// as a server interceptor: one place for every method, streaming ones
// included, instead of a line in each handler.

#include <memory>

#include <grpcpp/support/server_interceptor.h>

namespace strom {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_call_counter();

// "OK", "NOT_FOUND", ...: gRPC's own names of its codes.
const char* status_name(grpc::StatusCode code);

} // namespace strom
