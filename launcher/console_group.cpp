#include "launcher/console_group.hpp"

#include "launcher/console_group_parts.hpp"
#include "launcher/console_subcommand.hpp"
#include "launcher/console_topic.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"

namespace strom {

namespace {

using words = std::vector<std::string>;

int list(console_context& context, const command_line&) {
  auto groups = context.client.list_groups();
  if (!groups)
    return report_failure(context.err, groups.error());
  if (context.json) {
    auto list = nlohmann::json::array();
    for (const auto& g : *groups)
      list.push_back(to_json(g));
    print_json(context.out, list);
    return exit_code::ok;
  }
  if (groups->empty()) {
    context.out << "no groups\n";
    return exit_code::ok;
  }
  text_table table{{"GROUP", "STATE", "MEMBERS", "PROTOCOL", "COORDINATOR"}};
  for (const auto& g : *groups)
    table.add_row({g.group, g.state, std::to_string(g.member_count), cell(g.protocol),
                   std::to_string(g.coordinator.value())});
  context.out << table.render();
  return exit_code::ok;
}

int remove(console_context& context, const command_line& cl) {
  const auto& group = cl.positional.front();
  if (auto deleted = context.client.delete_group(group); !deleted)
    return report_failure(context.err, deleted.error());
  if (context.json)
    print_json(context.out, {{"deleted", group}});
  else
    context.out << "deleted group " << group << "\n";
  return exit_code::ok;
}

const std::vector<console_subcommand>& subcommands() {
  static const std::vector<console_subcommand> all = {
    {"list", "", {}, 0, "takes no group name", list},
    {"describe", "GROUP", {}, 1, "takes one group name", describe_group_command},
    {"reset", reset_arguments, reset_options(), 2, "takes a group and a topic",
     reset_group_command},
    {"delete", "GROUP", {}, 1, "takes one group name", remove},
  };
  return all;
}

words complete_group(admin_client& client, const words& before) {
  if (before.empty())
    return subcommand_names(subcommands());
  const auto& operation = before.front();
  if (before.size() == 1 && operation != "list")
    return group_names(client);
  if (operation != "reset")
    return {};
  if (before.size() == 2)
    return topic_names(client);
  if (before.back() == "--to")
    return {"earliest", "latest"};
  return option_words(reset_options());
}

} // namespace

std::vector<std::string> group_names(admin_client& client) {
  auto groups = client.list_groups();
  words names;
  if (groups)
    for (const auto& g : *groups)
      names.push_back(g.group);
  return names;
}

console_command group_command(console_context& context) {
  return {"group", "list|describe|reset|delete ...",
          "list consumer groups, describe one (members, offsets, lag), reset its offsets "
          "or delete it",
          [&context](const words& args) {
            return run_subcommand(context, "group", subcommands(), args);
          },
          [&context](const words& before) { return complete_group(context.client, before); },
          subcommand_details("group", subcommands())};
}

} // namespace strom
