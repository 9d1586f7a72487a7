// Which resource's function answers a request, and the answers every one
// of them may give: errors and the JSON around a result.

#include "net/http/rest_handlers.hpp"

#include "net/http/http_replies.hpp"

namespace strom {

rest_answer error_answer(const http_error& err) {
  return {err.status, error_json(err), {}, {}, {}};
}

rest_answer error_answer(const caf::error& err) {
  return error_answer(http_error_of(err));
}

rest_answer bad_request(const request_error& err) {
  return error_answer(http_error_of(errc::bad_request, err.message()));
}

rest_answer ok_answer(nlohmann::json body, int status) {
  return {status, std::move(body), {}, {}, {}};
}

rest_answer route_error(const route& r) {
  if (r.kind == route_kind::wrong_method) {
    auto out = error_answer(http_error{405, to_string(errc::bad_request),
                                       "this resource allows " + r.allowed});
    out.allow = r.allowed;
    return out;
  }
  return error_answer(http_error_of(errc::not_found, "no such resource"));
}

rest_answer answer_rest(rest_context& ctx, const route& r, const std::string& body) {
  switch (r.kind) {
    case route_kind::list_topics:
    case route_kind::create_topic:
    case route_kind::describe_topic:
    case route_kind::delete_topic:
    case route_kind::describe_topic_configs:
    case route_kind::alter_topic_configs:
      return answer_topics(ctx, r, body);
    case route_kind::produce:
      return answer_produce(ctx, r, body);
    case route_kind::read_records:
      return answer_read(ctx, r);
    case route_kind::create_consumer:
    case route_kind::delete_consumer:
    case route_kind::subscribe:
    case route_kind::poll_records:
    case route_kind::commit_offsets:
    case route_kind::get_assignments:
      return answer_consumers(ctx, r, body);
    case route_kind::cluster:
    case route_kind::list_groups:
    case route_kind::describe_group:
      return answer_cluster(ctx, r);
    case route_kind::metrics:
    case route_kind::healthz:
      return answer_liveness(r);
    case route_kind::readyz:
      return answer_readiness(ctx);
    case route_kind::console:
      return answer_console();
    case route_kind::node_metrics:
      return answer_node_metrics(ctx, r);
    case route_kind::websocket:
      return error_answer(http_error{426, to_string(errc::bad_request),
                                     "this resource is a WebSocket: ask for an upgrade"});
    default:
      return route_error(r);
  }
}

} // namespace strom
