// What an operator's tools ask a node: Prometheus scrapes /metrics, a load
// balancer or Kubernetes probes /healthz (the process serves) and /readyz
// (node_readiness: 503 with every reason until the node is ready).

#include <charconv>
#include <optional>

#include "messages/metrics/exposition.hpp"
#include "net/door/node_readiness.hpp"
#include "net/http/console_page.hpp"
#include "net/http/node_fetch.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

namespace {

std::optional<int32_t> parse_node_id(const std::string& text) {
  int32_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return id;
}

} // namespace

rest_answer answer_liveness(const route& r) {
  if (r.kind == route_kind::healthz)
    return ok_answer({{"status", "serving"}});
  rest_answer out;
  out.content_type = metrics::exposition_content_type;
  out.text = metrics::render(metrics::global().collect());
  return out;
}

rest_answer answer_readiness(rest_context& ctx) {
  auto judged = check_readiness(ctx.client);
  if (judged.ready)
    return ok_answer({{"status", "ready"}});
  return ok_answer({{"status", "not ready"}, {"reasons", judged.reasons}}, 503);
}

rest_answer answer_console() {
  rest_answer out;
  out.content_type = "text/html; charset=utf-8";
  out.text = console_page();
  return out;
}

rest_answer answer_node_metrics(rest_context& ctx, const route& r) {
  auto id = parse_node_id(r.node);
  auto door = id ? ctx.config.node_doors.find(*id) : ctx.config.node_doors.end();
  if (door == ctx.config.node_doors.end())
    return error_answer(http_error_of(errc::not_found, "no node " + r.node +
                                                         " with an HTTP door in the manifest"));
  const auto& [host, port] = door->second;
  auto got = fetch_from_node(host, port, "/metrics", ctx.config.node_fetch_timeout_ms,
                             ctx.fetch_tls);
  if (!got)
    return error_answer(http_error_of(got.error().code, got.error().message));
  rest_answer out;
  out.status = got->status;
  out.content_type = got->content_type.empty() ? "text/plain" : got->content_type;
  out.text = std::move(got->body);
  return out;
}

} // namespace strom
