#include "net/grpc/grpc_metrics.hpp"

#include "messages/metrics/registry.hpp"
#include "net/door/door_metrics.hpp"

namespace strom {

namespace {

using grpc::experimental::InterceptionHookPoints;

// gRPC's library does not show its connections (calls share them), so its
// door counts the calls open instead: an interceptor lives as long as its call.
metrics::gauge* calls_open() {
  if (!metrics::enabled())
    return nullptr;
  static auto& open = metrics::global().get_gauge(
    "strom_door_calls_open", "Calls open at a door that multiplexes them (gRPC).",
    {{"door", "grpc"}});
  return &open;
}

class call_counter final : public grpc::experimental::Interceptor {
public:
  call_counter() : open_(calls_open()) {
    if (open_ != nullptr)
      open_->add(1);
  }
  ~call_counter() override {
    if (open_ != nullptr)
      open_->add(-1);
  }
  call_counter(const call_counter&) = delete;
  call_counter& operator=(const call_counter&) = delete;

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS))
      count_door_request("grpc", status_name(methods->GetSendStatus().error_code()));
    methods->Proceed();
  }

private:
  metrics::gauge* open_;
};

class call_counter_factory final
  : public grpc::experimental::ServerInterceptorFactoryInterface {
public:
  grpc::experimental::Interceptor*
  CreateServerInterceptor(grpc::experimental::ServerRpcInfo*) override {
    return new call_counter; // gRPC owns it, for the call's life
  }
};

} // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_call_counter() {
  return std::make_unique<call_counter_factory>();
}

const char* status_name(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    default: return "OTHER";
  }
}

} // namespace strom
