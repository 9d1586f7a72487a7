#include "launcher/console_group_parts.hpp"

#include <optional>
#include <ostream>
#include <type_traits>

#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"

namespace strom {

std::string cell(const std::string& text) {
  return text.empty() ? "-" : text;
}

namespace {

std::string assignment_text(const std::vector<topic_partition>& assignment) {
  std::string out;
  for (const auto& tp : assignment)
    out += (out.empty() ? "" : ",") + tp.topic + "/" + std::to_string(tp.partition.value());
  return out;
}

template <class Offset>
std::string offset_text(const std::optional<Offset>& offset) {
  if (!offset)
    return "-";
  if constexpr (std::is_integral_v<Offset>)
    return std::to_string(*offset);
  else
    return std::to_string(offset->value());
}

void print_members(std::ostream& out, const group_description& group) {
  if (group.members.empty()) {
    out << "no active members\n";
    return;
  }
  text_table table{{"MEMBER", "CLIENT-ID", "INSTANCE-ID", "ASSIGNMENT"}};
  for (const auto& m : group.members)
    table.add_row({m.member, cell(m.client_id), cell(m.group_instance_id),
                   cell(assignment_text(m.assignment))});
  out << table.render();
}

void print_lag(std::ostream& out, const std::vector<partition_lag>& rows) {
  if (rows.empty()) {
    out << "no committed offsets\n";
    return;
  }
  text_table table{{"TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "OWNER"}};
  for (const auto& r : rows)
    table.add_row({r.partition.topic, std::to_string(r.partition.partition.value()),
                   offset_text(r.committed), offset_text(r.log_end), offset_text(r.lag()),
                   cell(r.owner)});
  out << table.render();
}

} // namespace

int describe_group_command(console_context& context, const command_line& cl) {
  auto group = context.client.describe_group(cl.positional.front());
  if (!group)
    return report_failure(context.err, group.error());
  if (context.json) {
    print_json(context.out, to_json(*group, context.client.group_lag(*group)));
    return exit_code::ok;
  }
  const auto& o = group->overview;
  context.out << "group " << o.group << "  state " << o.state << "  generation "
              << group->generation << "  protocol " << cell(o.protocol) << "  coordinator "
              << o.coordinator.value() << "\n";
  print_members(context.out, *group);
  print_lag(context.out, context.client.group_lag(*group));
  return exit_code::ok;
}

} // namespace strom
