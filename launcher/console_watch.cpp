#include "launcher/console_watch.hpp"

#include <unistd.h>

#include <sstream>

#include "launcher/command_line.hpp"
#include "launcher/console_topic_lag.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/key_reader.hpp"

namespace strom {

namespace {

constexpr int64_t interval_ms_default = 2000;
constexpr int64_t interval_ms_min = 100;

const std::vector<option_spec> watch_options = {
  {"interval-ms", 'n', true, "refresh every MS milliseconds (default 2000, at least 100)"},
  {"count", 'c', true, "stop after N refreshes (default: until q, Esc or Ctrl-C)"},
};

struct watch_plan {
  std::vector<std::string> view; // cluster | topic NAME | group NAME
  std::chrono::milliseconds interval_ms{interval_ms_default};
  int64_t count = 0; // 0: until a key
};

std::string plan_problem(const command_line& cl, watch_plan& plan) {
  if (!cl.error.empty())
    return cl.error;
  plan.view = cl.positional;
  bool named = plan.view.size() == 2 && (plan.view[0] == "topic" || plan.view[0] == "group");
  if (!(plan.view.size() == 1 && plan.view[0] == "cluster") && !named)
    return "watches cluster, topic NAME or group NAME";
  if (auto ms = cl.get("interval-ms")) {
    auto v = parse_integer(*ms);
    if (!v || *v < interval_ms_min)
      return "--interval-ms must be a number of milliseconds, at least 100";
    plan.interval_ms = std::chrono::milliseconds{*v};
  }
  if (auto n = cl.get("count")) {
    auto v = parse_integer(*n);
    if (!v || *v < 1)
      return "--count must be a positive number";
    plan.count = *v;
  }
  return {};
}

// One refresh of the view into `out`; its exit status.
int render(console_context& context, node_clients& nodes, const watch_plan& plan,
           std::ostream& out) {
  if (plan.view[0] == "topic")
    return render_topic_lag(context.client, nodes, plan.view[1], out, out);
  console_session inner{context.client, out, out};
  if (plan.view[0] == "group")
    return inner.execute(std::vector<std::string>{"group", "describe", plan.view[1]});
  return inner.execute(std::vector<std::string>{"cluster"});
}

// A counted watch runs its count even without input (`-e`, a pipe).
bool quits(const key_reader::pressed& p, const watch_plan& plan) {
  if (p.what == key_reader::event::end)
    return plan.count == 0;
  return p.what == key_reader::event::key &&
         (p.key == 'q' || p.key == 'Q' || p.key == '\x1b' || p.key == '\x03');
}

std::string title(const watch_plan& plan) {
  std::string view;
  for (const auto& w : plan.view)
    view += (view.empty() ? "" : " ") + w;
  return "watch " + view + "  every " + std::to_string(plan.interval_ms.count()) +
         " ms  (q quits)\n\n";
}

int run_watch(console_context& context, const watch_plan& plan) {
  key_reader keys;
  node_clients nodes{context.client};
  // On a terminal each refresh overwrites the last (cursor home, clear);
  // elsewhere the refreshes follow each other.
  bool terminal = ::isatty(STDOUT_FILENO) != 0;
  int status = exit_code::ok;
  for (int64_t shown = 0; plan.count == 0 || shown < plan.count; ++shown) {
    std::ostringstream screen;
    status = render(context, nodes, plan, screen);
    context.out << (terminal ? "\x1b[H\x1b[2J" : "") << title(plan) << screen.str()
                << std::flush;
    if (plan.count != 0 && shown + 1 == plan.count)
      break;
    if (quits(keys.wait(plan.interval_ms), plan))
      break;
  }
  return status;
}

} // namespace

console_command watch_command(console_context& context) {
  const std::string arguments = "cluster|topic NAME|group NAME [--interval-ms MS] [--count N]";
  return {"watch", arguments,
          "a view refreshed in place: nodes and leaders, a topic's lag, a group's lag",
          [&context, arguments](const std::vector<std::string>& args) {
            watch_plan plan;
            auto problem = plan_problem(parse_command_line(args, watch_options), plan);
            if (!problem.empty())
              return report_usage_problem(context.err, "watch", arguments, problem);
            return run_watch(context, plan);
          },
          [](const std::vector<std::string>& before) {
            return before.empty() ? std::vector<std::string>{"cluster", "topic", "group"}
                                  : std::vector<std::string>{};
          },
          "  q, Esc or Ctrl-C stops it\n" + describe_options(watch_options)};
}

} // namespace strom
