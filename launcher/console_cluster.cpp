#include "launcher/console_cluster.hpp"

#include <algorithm>
#include <chrono>

#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace {

std::string age_text(int64_t since_unix_ms) {
  if (since_unix_ms == 0)
    return "-";
  using namespace std::chrono;
  auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  auto s = std::max<int64_t>(0, (now - since_unix_ms) / 1000);
  if (s < 60)
    return std::to_string(s) + "s";
  if (s < 3600)
    return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
}

// The controller's alive flag for a node: "yes", "no", or "-" when the
// controller has not registered it (or could not be asked).
std::string alive_text(const caf::expected<cluster_metadata>& metadata, node_id id) {
  if (!metadata)
    return "-";
  const auto& brokers = metadata->brokers;
  auto it = std::find_if(brokers.begin(), brokers.end(),
                         [&](const broker_metadata& b) { return b.address.id == id; });
  if (it == brokers.end())
    return "-";
  return it->alive ? "yes" : "no";
}

std::string controller_text(const caf::expected<cluster_metadata>& metadata) {
  if (!metadata)
    return "controller: unknown (" + describe(metadata.error()) + ")";
  if (metadata->controller_leader == node_id{-1})
    return "controller: no leader known, term " +
           std::to_string(metadata->controller_term.value());
  return "controller: node " + std::to_string(metadata->controller_leader.value()) + ", term " +
         std::to_string(metadata->controller_term.value());
}

int show_cluster(console_context& context) {
  auto view = context.client.members();
  if (!view)
    return report_failure(context.err, view.error());
  // The members answer says what the node asked sees of its links; the
  // metadata what the controller decided. A cluster without a controller
  // leader still lists its nodes.
  auto metadata = context.client.metadata();
  if (context.json) {
    print_json(context.out, to_json(*view, metadata ? &*metadata : nullptr));
    return exit_code::ok;
  }
  context.out << controller_text(metadata) << "\n";
  text_table table{{"ID", "ADDRESS", "STATE", "ALIVE", "SINCE", "DETAIL"}};
  for (const auto& m : *view)
    table.add_row({std::to_string(m.address.id.value()), m.address.to_string(),
                   m.up ? "up" : "down", alive_text(metadata, m.address.id),
                   m.self ? "-" : age_text(m.since_unix_ms),
                   m.self ? "the node asked" : m.down_reason});
  context.out << table.render();
  return exit_code::ok;
}

} // namespace

console_command cluster_command(console_context& context) {
  return {"cluster", "",
          "each node up or down as the node asked sees it, alive as the controller "
          "decided; the controller's leader",
          [&context](const std::vector<std::string>& args) {
            if (!args.empty())
              return report_usage_problem(context.err, "cluster", "", "takes no arguments");
            return show_cluster(context);
          },
          {},
          "  STATE is the node asked's link to each node; ALIVE is the controller's flag,\n"
          "  which decides where new partitions go.\n"};
}

} // namespace strom
