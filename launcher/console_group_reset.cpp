#include "launcher/console_group_parts.hpp"

#include <cstdint>

#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"

namespace strom {

const char* const reset_arguments =
  "GROUP TOPIC --to earliest|latest|OFFSET|@TIMESTAMP_MS [--partition P[,P...]]";

const std::vector<option_spec>& reset_options() {
  static const std::vector<option_spec> options = {
    {"to", 0, true, "earliest, latest, an offset, or @ and a time in ms since the epoch"},
    {"partition", 0, true, "only these partitions (default: all of the topic's)"},
  };
  return options;
}

std::optional<reset_target> parse_reset_target(const std::string& text) {
  if (text == "earliest")
    return reset_target{reset_kind::earliest, 0};
  if (text == "latest")
    return reset_target{reset_kind::latest, 0};
  auto at_time = !text.empty() && text.front() == '@';
  auto value = parse_integer(at_time ? text.substr(1) : text);
  if (!value || *value < 0)
    return std::nullopt;
  return reset_target{at_time ? reset_kind::timestamp : reset_kind::offset, *value};
}

namespace {

int usage_problem(console_context& context, const std::string& problem) {
  return report_usage_problem(context.err, "group reset", reset_arguments, problem);
}

// The partitions of --partition, or the problem with them.
std::optional<std::vector<partition_id>> parse_partitions(const std::string& text) {
  std::vector<partition_id> out;
  for (const auto& item : split_commas(text)) {
    auto p = parse_integer(item);
    if (!p || *p < 0 || *p > INT32_MAX)
      return std::nullopt;
    out.push_back(partition_id{static_cast<int32_t>(*p)});
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

} // namespace

int reset_group_command(console_context& context, const command_line& cl) {
  offset_reset reset;
  reset.group = cl.positional[0];
  reset.topic = cl.positional[1];
  auto to = cl.get("to");
  if (!to)
    return usage_problem(context, "--to is required");
  auto target = parse_reset_target(*to);
  if (!target)
    return usage_problem(context, "--to takes earliest, latest, an offset >= 0 or "
                                  "@TIMESTAMP_MS, not '" + *to + "'");
  reset.target = *target;
  if (auto text = cl.get("partition")) {
    auto partitions = parse_partitions(*text);
    if (!partitions)
      return usage_problem(context, "--partition takes partition numbers >= 0, not '" + *text
                                      + "'");
    reset.partitions = std::move(*partitions);
  }
  auto committed = context.client.reset_offsets(reset);
  if (!committed)
    return report_failure(context.err, committed.error());
  if (context.json) {
    print_json(context.out, to_json(*committed));
    return exit_code::ok;
  }
  text_table table{{"TOPIC", "PARTITION", "NEW-OFFSET"}};
  for (const auto& c : *committed)
    table.add_row({c.partition.topic, std::to_string(c.partition.partition.value()),
                   std::to_string(c.offset.value())});
  context.out << table.render();
  return exit_code::ok;
}

} // namespace strom
