#include "launcher/console_user.hpp"

#include "launcher/console_subcommand.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/json_views.hpp"
#include "launcher/password_reader.hpp"
#include "launcher/text_table.hpp"
#include "net/tls/scram.hpp"

namespace strom {

namespace {

using words = std::vector<std::string>;

const std::vector<option_spec> create_specs = {
  {"mechanism", 0, true, "SCRAM-SHA-256 (default) or SCRAM-SHA-512; run again for both"},
  {"iterations", 0, true, "PBKDF2 rounds, 4096 (default) to 16384"},
};

// The mechanism and rounds the options name, or the problem with them.
std::string read_options(const command_line& cl, scram_mechanism& m, int32_t& iterations) {
  if (auto text = cl.get("mechanism")) {
    auto parsed = parse_scram_mechanism(*text);
    if (!parsed)
      return "--mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512";
    m = *parsed;
  }
  if (auto text = cl.get("iterations")) {
    auto n = parse_integer(*text);
    if (!n || *n < scram_iterations_min || *n > scram_iterations_max)
      return "--iterations must be a number from " + std::to_string(scram_iterations_min) +
             " to " + std::to_string(scram_iterations_max);
    iterations = static_cast<int32_t>(*n);
  }
  return {};
}

int create(console_context& context, const command_line& cl) {
  auto m = scram_mechanism::sha_256;
  int32_t iterations = scram_iterations_min;
  if (auto problem = read_options(cl, m, iterations); !problem.empty())
    return report_usage_problem(context.err, "user create", "NAME [OPTIONS]", problem);
  const auto& name = cl.positional.front();
  auto password = read_password("password for " + name + ": ", context.out);
  if (!password)
    return report_usage_problem(context.err, "user create", "NAME [OPTIONS]",
                                "no password (type one, or give it on stdin)");
  auto done = context.client.upsert_user(name, make_scram_credential(*password, m, iterations));
  if (!done)
    return report_failure(context.err, done.error());
  context.out << "user " << name << " has a " << to_string(m) << " credential\n";
  return exit_code::ok;
}

int remove(console_context& context, const command_line& cl) {
  if (auto done = context.client.delete_user(cl.positional.front()); !done)
    return report_failure(context.err, done.error());
  context.out << "deleted user " << cl.positional.front() << "\n";
  return exit_code::ok;
}

int list(console_context& context, const command_line&) {
  auto users = context.client.list_users();
  if (!users)
    return report_failure(context.err, users.error());
  if (context.json) {
    auto out = nlohmann::json::array();
    for (const auto& u : *users)
      out.push_back({{"name", u.name}, {"mechanisms", u.mechanisms}});
    print_json(context.out, out);
    return exit_code::ok;
  }
  if (users->empty()) {
    context.out << "no users\n";
    return exit_code::ok;
  }
  text_table table{{"NAME", "MECHANISMS"}};
  for (const auto& u : *users) {
    std::string mechanisms;
    for (const auto& m : u.mechanisms)
      mechanisms += (mechanisms.empty() ? "" : ",") + m;
    table.add_row({u.name, mechanisms});
  }
  context.out << table.render();
  return exit_code::ok;
}

const std::vector<console_subcommand>& subcommands() {
  static const std::vector<console_subcommand> all = {
    {"create", "NAME [--mechanism M] [--iterations N]  (password at a prompt or on stdin)",
     create_specs, 1, "takes one user name", create},
    {"delete", "NAME", {}, 1, "takes one user name", remove},
    {"list", "", {}, 0, "takes no user name", list},
  };
  return all;
}

} // namespace

console_command user_command(console_context& context) {
  return {"user", "create|delete|list ...",
          "the users SCRAM authenticates: create (or change a password), delete, list",
          [&context](const words& args) {
            return run_subcommand(context, "user", subcommands(), args);
          },
          [](const words& before) {
            if (before.empty())
              return subcommand_names(subcommands());
            return before[0] == "create" ? option_words(create_specs) : words{};
          },
          subcommand_details("user", subcommands())};
}

} // namespace strom
