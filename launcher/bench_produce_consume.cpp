#include "launcher/bench_produce_consume.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"
#include "launcher/text_table.hpp"
#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/partition_reader.hpp"

namespace strom {

namespace {

constexpr std::chrono::milliseconds admin_timeout_ms{3000};
// A cluster just started may take this long to elect its controller.
constexpr std::chrono::milliseconds topic_ready_ms{30000};

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

} // namespace

std::vector<option_spec> client_bench_options(std::vector<option_spec> own) {
  std::vector<option_spec> out = {
    {"manifest", 'm', true, "the cluster's manifest (or --bootstrap)"},
    {"bootstrap", 'b', true, "host:port,... of some brokers (or --manifest)"},
    {"topic", 't', true, "the topic (default strom-bench)"},
  };
  out.insert(out.end(), own.begin(), own.end());
  out.push_back({"json", 0, false, "print one JSON object instead of the table"});
  out.push_back({"help", 'h', false, "show this help"});
  return with_logging_options(out);
}

int client_bench_usage(const std::string& command, const std::string& problem,
                       const std::vector<option_spec>& specs) {
  return report_usage(command, problem, "(--manifest M | --bootstrap LIST) [OPTIONS]", specs);
}

std::optional<int> parse_client_bench_args(const args_list& args, const std::string& command,
                                           const std::vector<option_spec>& specs,
                                           command_line& cl) {
  cl = parse_command_line(args, specs);
  if (auto logs = setup_logging(cl, log_source::of_command(command)); !logs)
    return client_bench_usage(command, logs.error().message, specs);
  if (!cl.error.empty() || !cl.positional.empty())
    return client_bench_usage(
      command, cl.error.empty() ? "unexpected argument '" + cl.positional[0] + "'" : cl.error,
      specs);
  if (cl.has("help"))
    return client_bench_usage(command, "", specs);
  return std::nullopt;
}

std::optional<std::vector<endpoint>> bench_bootstrap(const command_line& cl,
                                                     std::string& problem) {
  if (cl.has("manifest") == cl.has("bootstrap")) {
    problem = "give either --manifest or --bootstrap";
    return std::nullopt;
  }
  if (auto list = cl.get("bootstrap")) {
    auto parsed = parse_bootstrap(*list);
    if (!parsed) {
      problem = parsed.error().describe();
      return std::nullopt;
    }
    return *parsed;
  }
  auto m = load_manifest_or_report(*cl.get("manifest"));
  if (!m) {
    problem = "the manifest is invalid";
    return std::nullopt;
  }
  std::vector<endpoint> out;
  for (const auto& a : m->addresses())
    out.push_back(endpoint_of(a));
  return out;
}

namespace {

// Every partition answers through its leader: a run's clock starts after
// the elections of a just created topic, not during them.
caf::expected<topic_metadata> wait_for_leaders(caf::actor_system& sys,
                                               const std::vector<endpoint>& bootstrap,
                                               topic_metadata topic) {
  for (const auto& p : topic.partitions) {
    partition_reader reader{sys, bootstrap, topic.name, p.partition};
    if (auto end = reader.list_offsets(latest_offset_spec); !end)
      return std::move(end.error());
  }
  return topic;
}

} // namespace

caf::expected<topic_metadata> ensure_topic(caf::actor_system& sys,
                                           const std::vector<endpoint>& bootstrap,
                                           const topic_spec& spec, bool create) {
  admin_client admin{sys, bootstrap, admin_timeout_ms};
  auto until = std::chrono::steady_clock::now() + topic_ready_ms;
  for (;;) {
    auto md = admin.metadata({spec.name});
    if (md && !md->topics.empty())
      return wait_for_leaders(sys, bootstrap, md->topics.front());
    caf::error err = md ? make_error(errc::unknown_topic, spec.name) : md.error();
    if (create && code_of(err) == errc::unknown_topic) {
      auto made = admin.create_topic(spec);
      if (made || code_of(made.error()) == errc::topic_exists)
        continue;
      err = made.error();
    }
    if (!is_retriable(err) || std::chrono::steady_clock::now() >= until)
      return err;
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  }
}

bench_figure number_figure(const std::string& name, double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return {name, text, text};
}

bench_figure text_figure(const std::string& name, const std::string& value) {
  return {name, value, json_string(value)};
}

std::vector<bench_figure> latency_figures(const bench::latency_histogram& latency,
                                          const std::string& prefix) {
  std::vector<bench_figure> out;
  for (auto [name, q] : {std::pair{"p50_us", 0.5}, {"p99_us", 0.99}, {"p999_us", 0.999}}) {
    auto us = latency.percentile(q);
    out.push_back({prefix + name, bench::format_duration_us(us), std::to_string(us)});
  }
  return out;
}

void print_figures(std::ostream& out, const std::vector<bench_figure>& figures, bool json) {
  if (json) {
    out << "{";
    for (size_t i = 0; i < figures.size(); ++i)
      out << (i ? ", " : "") << json_string(figures[i].name) << ": " << figures[i].json;
    out << "}\n";
    return;
  }
  std::vector<std::string> header, row;
  for (const auto& f : figures) {
    header.push_back(f.name);
    row.push_back(f.text);
  }
  text_table table{header};
  table.add_row(row);
  out << table.render();
}

} // namespace strom
