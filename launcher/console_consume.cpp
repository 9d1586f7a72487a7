#include "launcher/console_consume.hpp"

#include <chrono>
#include <memory>

#include "launcher/command_line.hpp"
#include "launcher/console_record_text.hpp"
#include "launcher/console_topic.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/interrupt_guard.hpp"
#include "messages/partition_types.hpp"
#include "net/client/partition_reader.hpp"

namespace strom {

namespace {

const std::string consume_arguments =
  "TOPIC [--partition P] [--offset N|beginning|end] [--count N]";

// How long one fetch parks at the leader: also how late Ctrl-C is noticed.
constexpr std::chrono::milliseconds poll_wait_ms{500};

const std::vector<option_spec> consume_options = {
  {"partition", 'p', true, "the partition to read (default 0)"},
  {"offset", 'o', true, "where to start: an offset, beginning or end (default end)"},
  {"count", 'n', true, "stop after this many records (default: until Ctrl-C)"},
};

struct consume_plan {
  std::string topic;
  partition_id partition{0};
  std::optional<record_offset> offset; // nothing: start from `spec`
  int64_t spec = latest_offset_spec;
  std::optional<long long> count;
};

// The problem with the options, or empty when the plan is complete.
std::string fill_plan(const command_line& cl, consume_plan& plan) {
  if (auto text = cl.get("partition")) {
    auto p = parse_integer(*text);
    if (!p || *p < 0 || *p > INT32_MAX)
      return "--partition must be a partition number";
    plan.partition = partition_id{static_cast<int32_t>(*p)};
  }
  if (auto text = cl.get("offset")) {
    if (*text == "beginning") {
      plan.spec = earliest_offset_spec;
    } else if (*text != "end") {
      auto n = parse_integer(*text);
      if (!n || *n < 0)
        return "--offset must be an offset, beginning or end";
      plan.offset = record_offset{*n};
    }
  }
  if (auto text = cl.get("count")) {
    plan.count = parse_integer(*text);
    if (!plan.count || *plan.count < 1)
      return "--count must be a positive number";
  }
  return {};
}

// Prints records until the count is reached or Ctrl-C; the exit status.
int tail(console_context& context, partition_reader& reader, const consume_plan& plan) {
  interrupt_guard guard;
  long long printed = 0;
  while (!interrupt_guard::interrupted() && (!plan.count || printed < *plan.count)) {
    auto got = reader.poll(poll_wait_ms);
    if (!got)
      return report_failure(context.err, got.error());
    for (const auto& r : got->records) {
      if (plan.count && printed == *plan.count)
        break;
      context.out << "partition " << plan.partition.value() << " offset " << r.offset.value()
                  << "  " << record_to_text(r) << "\n";
      ++printed;
    }
    context.out.flush();
  }
  return exit_code::ok;
}

int consume(console_context& context, const consume_plan& plan) {
  auto& client = context.client;
  session_config config;
  config.request_timeout_ms = client.timeout_ms();
  partition_reader reader{
    std::make_shared<leader_session>(client.system(), client.bootstrap(), config), plan.topic,
    plan.partition};
  if (plan.offset) {
    reader.seek(*plan.offset);
  } else if (auto at = reader.seek_to(plan.spec); !at) {
    return report_failure(context.err, at.error());
  }
  // On err, so that stdout holds the records alone; also tells a script
  // (and a test) that records produced from now on will show.
  context.err << "reading " << plan.topic << " partition " << plan.partition.value()
              << " from offset " << reader.position().value()
              << (plan.count ? "" : "; Ctrl-C stops") << "\n";
  return tail(context, reader, plan);
}

int run_consume(console_context& context, const std::vector<std::string>& args) {
  auto cl = parse_command_line(args, consume_options);
  consume_plan plan;
  auto problem = cl.error;
  if (problem.empty() && cl.positional.size() != 1)
    problem = "takes one topic name";
  if (problem.empty())
    problem = fill_plan(cl, plan);
  if (!problem.empty())
    return report_usage_problem(context.err, "consume", consume_arguments, problem);
  plan.topic = cl.positional.front();
  return consume(context, plan);
}

std::vector<std::string> complete_consume(admin_client& client,
                                          const std::vector<std::string>& before) {
  if (before.empty())
    return topic_names(client);
  std::vector<std::string> options{"beginning", "end"};
  if (before.back() == "--offset" || before.back() == "-o")
    return options;
  options.clear();
  for (const auto& o : consume_options)
    options.push_back("--" + o.name);
  return options;
}

} // namespace

console_command consume_command(console_context& context) {
  return {"consume", consume_arguments,
          "print a partition's records as they arrive, until Ctrl-C or --count",
          [&context](const std::vector<std::string>& args) { return run_consume(context, args); },
          [&context](const std::vector<std::string>& before) {
            return complete_consume(context.client, before);
          },
          describe_options(consume_options)};
}

} // namespace strom
