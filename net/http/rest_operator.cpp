// What an operator's tools ask a node: Prometheus scrapes /metrics, a load
// balancer or Kubernetes probes /healthz (the process serves) and /readyz
// (node_readiness: 503 with every reason until the node is ready).

#include "metrics/exposition.hpp"
#include "net/door/node_readiness.hpp"
#include "net/http/rest_handlers.hpp"

namespace strom {

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

} // namespace strom
