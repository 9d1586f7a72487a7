#include "launcher/console_topic.hpp"

#include <climits>
#include <functional>

#include "launcher/command_line.hpp"
#include "launcher/console_subcommand.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"

namespace strom {

namespace {

using words = std::vector<std::string>;

// A numeric option of `topic create`, with the range it accepts.
struct numeric_option {
  option_spec spec;
  long long min;
  long long max;
  std::function<void(topic_spec&, long long)> set;
};

const std::vector<numeric_option>& create_options() {
  static const std::vector<numeric_option> options = {
    {{"partitions", 0, true, "partitions (default: the manifest's)"}, 1, INT32_MAX,
     [](topic_spec& s, long long v) { s.partitions = static_cast<int32_t>(v); }},
    {{"replication", 0, true, "replicas of each partition (default: the manifest's)"}, 1,
     INT32_MAX, [](topic_spec& s, long long v) { s.replication_factor = static_cast<int32_t>(v); }},
    {{"retention-ms", 0, true, "drop records older than this; -1 keeps them"}, -1, LLONG_MAX,
     [](topic_spec& s, long long v) { s.retention_ms = v; }},
    {{"retention-bytes", 0, true, "drop the oldest records above this size; -1: no limit"}, -1,
     LLONG_MAX, [](topic_spec& s, long long v) { s.retention_bytes = v; }},
    {{"max-batch-bytes", 0, true, "the largest batch a partition accepts"}, 1, LLONG_MAX,
     [](topic_spec& s, long long v) { s.batch_bytes_max = v; }},
  };
  return options;
}

const option_spec config_option{"config", 0, true,
                                "KEY=VALUE: a topic config by Kafka's name (repeatable)"};
const option_spec delete_config_option{"delete-config", 0, true,
                                       "KEY: back to the cluster's default (repeatable)"};

std::vector<option_spec> create_specs() {
  std::vector<option_spec> out;
  for (const auto& o : create_options())
    out.push_back(o.spec);
  out.push_back(config_option);
  return out;
}

// The --config and --delete-config options as changes, or the problem.
std::string config_changes(const command_line& cl, std::vector<config_change>& out) {
  for (const auto& text : cl.get_all(config_option.name)) {
    auto change = parse_config_assignment(text);
    if (!change)
      return "--config " + change.error().message;
    out.push_back(std::move(*change));
  }
  for (const auto& key : cl.get_all(delete_config_option.name))
    out.push_back(config_change{key, config_op::remove, ""});
  return {};
}

// The spec the options describe, or the problem with them.
std::string fill_spec(const command_line& cl, topic_spec& spec) {
  for (const auto& o : create_options()) {
    auto text = cl.get(o.spec.name);
    if (!text)
      continue;
    auto value = parse_integer(*text);
    if (!value || *value < o.min || *value > o.max)
      return "--" + o.spec.name + " must be a number from " + std::to_string(o.min) +
             (o.max == LLONG_MAX ? " up" : " to " + std::to_string(o.max));
    o.set(spec, *value);
  }
  std::vector<config_change> changes;
  if (auto problem = config_changes(cl, changes); !problem.empty())
    return problem;
  for (auto& change : changes)
    spec.configs.emplace_back(std::move(change.key), std::move(change.value));
  return {};
}

std::string leader_text(node_id leader) {
  return leader == node_id{-1} ? "none" : std::to_string(leader.value());
}

std::string replicas_text(const std::vector<node_id>& replicas) {
  std::string out;
  for (const auto& r : replicas)
    out += (out.empty() ? "" : ",") + std::to_string(r.value());
  return out;
}

int create(console_context& context, const command_line& cl) {
  topic_spec spec;
  spec.name = cl.positional.front();
  if (auto problem = fill_spec(cl, spec); !problem.empty())
    return report_usage_problem(context.err, "topic create", "NAME [OPTIONS]", problem);
  auto created = context.client.create_topic(spec);
  if (!created)
    return report_failure(context.err, created.error());
  if (context.json) {
    print_json(context.out, to_json(*created));
    return exit_code::ok;
  }
  context.out << "created topic " << created->name << ": " << created->partitions.size()
              << " partitions, replication " << created->replication_factor << "\n";
  return exit_code::ok;
}

int remove(console_context& context, const command_line& cl) {
  auto deleted = context.client.delete_topic(cl.positional.front());
  if (!deleted)
    return report_failure(context.err, deleted.error());
  if (context.json) {
    print_json(context.out, to_json(*deleted));
    return exit_code::ok;
  }
  context.out << "deleted topic " << deleted->name << "\n";
  return exit_code::ok;
}

const std::vector<option_spec> alter_specs = {
  {"partitions", 0, true, "grow the topic to this many partitions (it never shrinks)"},
  config_option,
  delete_config_option,
};

const char* const alter_synopsis =
  "NAME [--partitions N] [--config KEY=VALUE]... [--delete-config KEY]...";

// --partitions N, if given: the topic grown, or the exit status of a failure.
std::optional<int> grow(console_context& context, const command_line& cl,
                        std::optional<topic_metadata>& topic) {
  auto text = cl.get("partitions");
  if (!text)
    return std::nullopt;
  auto count = parse_integer(*text);
  if (!count || *count < 1 || *count > INT32_MAX)
    return report_usage_problem(context.err, "topic alter", alter_synopsis,
                                "--partitions must be a number from 1 to " +
                                  std::to_string(INT32_MAX));
  auto altered = context.client.add_partitions(cl.positional.front(),
                                               static_cast<int32_t>(*count));
  if (!altered)
    return report_failure(context.err, altered.error());
  topic = std::move(*altered);
  return std::nullopt;
}

int alter(console_context& context, const command_line& cl) {
  std::vector<config_change> changes;
  if (auto problem = config_changes(cl, changes); !problem.empty())
    return report_usage_problem(context.err, "topic alter", alter_synopsis, problem);
  if (!cl.has("partitions") && changes.empty())
    return report_usage_problem(context.err, "topic alter", alter_synopsis,
                                "give --partitions, --config or --delete-config");
  std::optional<topic_metadata> topic;
  if (auto failed = grow(context, cl, topic))
    return *failed;
  if (!changes.empty()) {
    auto altered = context.client.alter_configs(cl.positional.front(), std::move(changes));
    if (!altered)
      return report_failure(context.err, altered.error());
    topic = std::move(*altered);
  }
  if (context.json) {
    print_json(context.out, to_json(*topic));
    return exit_code::ok;
  }
  context.out << "topic " << topic->name << " now has " << topic->partitions.size()
              << " partitions";
  for (const auto& change : cl.get_all(config_option.name))
    context.out << ", " << change;
  for (const auto& key : cl.get_all(delete_config_option.name))
    context.out << ", " << key << " default";
  context.out << "\n";
  return exit_code::ok;
}

int describe_topic(console_context& context, const command_line& cl) {
  auto metadata = context.client.metadata({cl.positional.front()});
  if (!metadata)
    return report_failure(context.err, metadata.error());
  if (context.json && metadata->topics.size() == 1) {
    print_json(context.out, to_json(metadata->topics.front()));
    return exit_code::ok;
  }
  for (const auto& t : metadata->topics) {
    context.out << "topic " << t.name << "  id " << t.topic_id << "  replication "
                << t.replication_factor << "\n";
    for (const auto& [key, value] : config_texts(t.config))
      context.out << "  " << key << " " << value << "\n";
    text_table table{{"PARTITION", "GROUP", "LEADER", "REPLICAS"}};
    for (const auto& p : t.partitions)
      table.add_row({std::to_string(p.partition.value()), std::to_string(p.group.value()),
                     leader_text(p.leader), replicas_text(p.replicas)});
    context.out << table.render();
  }
  return exit_code::ok;
}

int list(console_context& context, const command_line&) {
  auto metadata = context.client.metadata();
  if (!metadata)
    return report_failure(context.err, metadata.error());
  if (context.json) {
    auto topics = nlohmann::json::array();
    for (const auto& t : metadata->topics)
      topics.push_back(to_json(t));
    print_json(context.out, topics);
    return exit_code::ok;
  }
  if (metadata->topics.empty()) {
    context.out << "no topics\n";
    return exit_code::ok;
  }
  text_table table{{"NAME", "PARTITIONS", "REPLICATION"}};
  for (const auto& t : metadata->topics)
    table.add_row({t.name, std::to_string(t.partitions.size()),
                   std::to_string(t.replication_factor)});
  context.out << table.render();
  return exit_code::ok;
}

const std::vector<console_subcommand>& subcommands() {
  static const std::vector<console_subcommand> all = {
    {"create", "NAME [--partitions N] [--replication N] [--retention-ms MS] "
               "[--retention-bytes B] [--max-batch-bytes B] [--config KEY=VALUE]...",
     create_specs(), 1, "takes one topic name", create},
    {"alter", alter_synopsis, alter_specs, 1, "takes one topic name", alter},
    {"delete", "NAME", {}, 1, "takes one topic name", remove},
    {"describe", "NAME", {}, 1, "takes one topic name", describe_topic},
    {"list", "", {}, 0, "takes no topic name", list},
  };
  return all;
}

words complete_topic(admin_client& client, const words& before) {
  if (before.empty())
    return subcommand_names(subcommands());
  if (before.size() == 1 && (before[0] == "delete" || before[0] == "describe" ||
                             before[0] == "alter"))
    return topic_names(client);
  if (before.size() >= 2 && before[0] == "alter")
    return option_words(alter_specs);
  if (before.size() >= 2 && before[0] == "create")
    return option_words(create_specs());
  return {};
}

} // namespace

std::vector<std::string> topic_names(admin_client& client) {
  auto metadata = client.metadata();
  words names;
  if (metadata)
    for (const auto& t : metadata->topics)
      names.push_back(t.name);
  return names;
}

console_command topic_command(console_context& context) {
  return {"topic", "create|alter|delete|describe|list ...",
          "create, grow or configure (alter --partitions, --config), delete, describe "
          "(config, partitions, leaders, replicas) or list topics",
          [&context](const words& args) {
            return run_subcommand(context, "topic", subcommands(), args);
          },
          [&context](const words& before) { return complete_topic(context.client, before); },
          subcommand_details("topic", subcommands())};
}

} // namespace strom
