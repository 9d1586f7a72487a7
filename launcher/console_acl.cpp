#include "launcher/console_acl.hpp"

#include "launcher/console_subcommand.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/text_table.hpp"

namespace strom {

namespace {

using words = std::vector<std::string>;

const std::vector<option_spec> acl_specs = {
  {"principal", 0, true, "User:NAME, or NAME; User:* for everyone"},
  {"host", 0, true, "the client's address (* for any, the default when adding)"},
  {"topic", 0, true, "a topic (* for every topic)"},
  {"group", 0, true, "a consumer group (* for every group)"},
  {"cluster", 0, false, "the cluster itself (creating topics, managing users and ACLs)"},
  {"prefixed", 0, false, "the name is a prefix of the resources' names"},
  {"operation", 0, true,
   "read, write, create, delete, alter, describe, describe-configs, alter-configs or all"},
  {"deny", 0, false, "deny instead of allow (a deny wins over every allow)"},
};

std::string principal_of(const std::string& text) {
  return text.find(':') == std::string::npos ? user_principal(text) : text;
}

// The resource the options name: type and name, or the problem.
std::string read_resource(const command_line& cl, acl_filter& f) {
  int named = cl.has("topic") + cl.has("group") + cl.has("cluster");
  if (named > 1)
    return "name one of --topic, --group and --cluster";
  if (cl.has("topic"))
    f.resource = resource_type::topic, f.name = *cl.get("topic");
  if (cl.has("group"))
    f.resource = resource_type::group, f.name = *cl.get("group");
  if (cl.has("cluster"))
    f.resource = resource_type::cluster, f.name = std::string{cluster_resource_name};
  if (cl.has("prefixed"))
    f.pattern = pattern_type::prefixed;
  return {};
}

// The filter the options describe (each absent one matches anything).
std::string read_filter(const command_line& cl, acl_filter& f) {
  if (auto p = cl.get("principal"))
    f.principal = principal_of(*p);
  f.host = cl.get("host").value_or("");
  if (auto problem = read_resource(cl, f); !problem.empty())
    return problem;
  if (auto op = cl.get("operation")) {
    auto parsed = parse_operation(*op);
    if (!parsed)
      return "unknown --operation '" + *op + "'";
    f.operation = *parsed;
  }
  if (cl.has("deny"))
    f.permission = acl_permission::deny;
  return {};
}

nlohmann::json to_json(const acl_binding& a) {
  return {{"principal", a.principal},     {"host", a.host},
          {"resource", to_string(a.resource)}, {"name", a.name},
          {"pattern", to_string(a.pattern)},   {"operation", to_string(a.operation)},
          {"permission", to_string(a.permission)}};
}

int print(console_context& context, const std::vector<acl_binding>& acls, const char* none) {
  if (context.json) {
    auto out = nlohmann::json::array();
    for (const auto& a : acls)
      out.push_back(to_json(a));
    print_json(context.out, out);
    return exit_code::ok;
  }
  if (acls.empty()) {
    context.out << none << "\n";
    return exit_code::ok;
  }
  text_table table{
    {"PRINCIPAL", "HOST", "PERMISSION", "OPERATION", "RESOURCE", "NAME", "PATTERN"}};
  for (const auto& a : acls)
    table.add_row({a.principal, a.host, to_string(a.permission), to_string(a.operation),
                   to_string(a.resource), a.name, to_string(a.pattern)});
  context.out << table.render();
  return exit_code::ok;
}

int add(console_context& context, const command_line& cl) {
  const char* usage = "--principal P (--topic T | --group G | --cluster) --operation OP";
  acl_filter f;
  if (auto problem = read_filter(cl, f); !problem.empty())
    return report_usage_problem(context.err, "acl add", usage, problem);
  acl_binding acl{f.principal, f.host.empty() ? std::string{wildcard} : f.host, f.resource,
                  f.name, f.pattern == pattern_type::any ? pattern_type::literal : f.pattern,
                  f.operation,
                  f.permission == acl_permission::any ? acl_permission::allow : f.permission};
  if (auto ok = validate(acl); !ok)
    return report_usage_problem(context.err, "acl add", usage, ok.error().message);
  if (auto done = context.client.create_acls({acl}); !done)
    return report_failure(context.err, done.error());
  context.out << "added " << describe(acl) << "\n";
  return exit_code::ok;
}

int list(console_context& context, const command_line& cl) {
  acl_filter f;
  if (auto problem = read_filter(cl, f); !problem.empty())
    return report_usage_problem(context.err, "acl list", "[FILTER OPTIONS]", problem);
  auto acls = context.client.list_acls(f);
  if (!acls)
    return report_failure(context.err, acls.error());
  return print(context, *acls, "no ACLs");
}

int remove(console_context& context, const command_line& cl) {
  acl_filter f;
  if (auto problem = read_filter(cl, f); !problem.empty())
    return report_usage_problem(context.err, "acl remove", "FILTER OPTIONS", problem);
  if (f.principal.empty() && f.resource == resource_type::any)
    return report_usage_problem(context.err, "acl remove", "FILTER OPTIONS",
                                "name a --principal or a resource: this removes what matches");
  auto removed = context.client.delete_acls(f);
  if (!removed)
    return report_failure(context.err, removed.error());
  return print(context, *removed, "no ACL matched");
}

const std::vector<console_subcommand>& subcommands() {
  static const std::vector<console_subcommand> all = {
    {"add", "--principal P (--topic T | --group G | --cluster) --operation OP [--prefixed] "
            "[--host H] [--deny]",
     acl_specs, 0, "takes options only", add},
    {"list", "[--principal P] [--topic T | --group G | --cluster] [...]", acl_specs, 0,
     "takes options only", list},
    {"remove", "[--principal P] [--topic T | --group G | --cluster] [...]  (what matches)",
     acl_specs, 0, "takes options only", remove},
  };
  return all;
}

} // namespace

console_command acl_command(console_context& context) {
  return {"acl", "add|list|remove ...",
          "Kafka's ACLs: allow or deny a principal an operation on topics, groups or the "
          "cluster",
          [&context](const words& args) {
            return run_subcommand(context, "acl", subcommands(), args);
          },
          [](const words& before) {
            return before.empty() ? subcommand_names(subcommands()) : option_words(acl_specs);
          },
          subcommand_details("acl", subcommands())};
}

} // namespace strom
