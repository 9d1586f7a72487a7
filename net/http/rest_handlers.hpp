#pragma once
// The REST requests, one function per resource, each run on one of the
// door's blocking threads: the route and body in, the status and JSON body
// out. They translate and decide nothing the cluster decides: every error
// is the door_client's typed error through http_status_of.

#include <optional>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include <caf/error.hpp>
#include <nlohmann/json.hpp>

#include "net/door/door_client.hpp"
#include "net/door/door_security.hpp"
#include "net/http/http_door_config.hpp"
#include "net/http/http_status_of.hpp"
#include "net/http/request_error.hpp"
#include "net/http/route.hpp"

namespace strom {

struct rest_answer {
  int status = 200;
  nlohmann::json body;
  std::string allow; // for 405: the Allow header
  // Set for an answer that is not JSON (/metrics): the body is `text`.
  std::string content_type;
  std::string text;
};

struct rest_context {
  door_client& client;
  const http_door_config& config;
  // With security: the door's, and who the request comes from.
  const door_security* security = nullptr;
  door_principal who;
  // With security: TLS for asking another node's door.
  boost::asio::ssl::context* fetch_tls = nullptr;
};

// Whether the request's principal may (always, without security).
bool permitted(const rest_context& ctx, acl_operation operation, resource_type resource,
               const std::string& name);
// 403 naming what was refused, when not permitted.
std::optional<rest_answer> refused(const rest_context& ctx, acl_operation operation,
                                   resource_type resource, const std::string& name);

// Any route but websocket.
rest_answer answer_rest(rest_context& ctx, const route& r, const std::string& body);

// 404, 405 (with Allow), 400 for a target that is not one.
rest_answer route_error(const route& r);
rest_answer error_answer(const http_error& err);
rest_answer error_answer(const caf::error& err);
rest_answer bad_request(const request_error& err);
rest_answer ok_answer(nlohmann::json body, int status = 200);

rest_answer answer_topics(rest_context& ctx, const route& r, const std::string& body);
rest_answer answer_produce(rest_context& ctx, const route& r, const std::string& body);
rest_answer answer_read(rest_context& ctx, const route& r);
rest_answer answer_consumers(rest_context& ctx, const route& r, const std::string& body);
rest_answer answer_cluster(rest_context& ctx, const route& r);
// /healthz and /metrics: answered on the socket's thread, never waiting.
rest_answer answer_liveness(const route& r);
// /readyz: asks the node's broker, so on a blocking thread.
rest_answer answer_readiness(rest_context& ctx);
// The web console's page (answered on the socket's thread).
rest_answer answer_console();
// Another node's /metrics for the console: fetches it, so on a blocking thread.
rest_answer answer_node_metrics(rest_context& ctx, const route& r);

} // namespace strom
