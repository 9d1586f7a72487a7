// strom consume -t TOPIC [-g GROUP] [-p PARTITION] [-o OFFSET] [-c COUNT] [-e]
//               [-f FORMAT | -J] (--manifest M | -b HOST:PORT,...)
// kcat's consumer flags, so that its users need no new habits.

#include <signal.h>

#include <iostream>

#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/record_format.hpp"
#include "launcher/tool_connection.hpp"
#include "launcher/topic_tail.hpp"

namespace strom {

namespace {

std::vector<option_spec> consume_options() {
  std::vector<option_spec> out = {
    {"topic", 't', true, "the topic to read"},
    {"group", 'g', true, "read as a member of this consumer group (commits as it goes)"},
    {"partition", 'p', true, "only this partition (not with -g)"},
    {"offset", 'o', true,
     "beginning | end | stored | OFFSET | -N (N before the end) | s@TIMESTAMP_MS "
     "(default end; with -g only beginning, end or stored, for partitions with no commit)"},
    {"count", 'c', true, "exit after this many records"},
    {"exit", 'e', false, "exit once every partition is read to its end"},
    {"format", 'f', true, "kcat's format: %t %p %o %k %K %s %S %T %h, \\n \\t (default %s\\n)"},
    {"json-envelope", 'J', false, "one JSON object per record (as --json)"},
    {"help", 'h', false, "show this help"},
  };
  for (auto& o : connection_options(false))
    out.push_back(o);
  return with_logging_options(out);
}

int usage(const std::string& problem) {
  return report_usage("consume", problem,
                      "-t TOPIC [-g GROUP] [-p PARTITION] [-o OFFSET] [-c COUNT] [-e] "
                      "[-f FORMAT | -J] (--manifest FILE | -b HOST:PORT[,...])",
                      consume_options());
}

// The problem with the reading options, or empty when `plan` is complete.
std::string fill_plan(const command_line& cl, tail_plan& plan) {
  if (!cl.has("topic"))
    return "-t TOPIC is required";
  plan.topic = *cl.get("topic");
  plan.group = cl.get("group").value_or("");
  if (auto text = cl.get("partition")) {
    auto p = parse_integer(*text);
    if (!p || *p < 0 || *p > INT32_MAX)
      return "-p must be a partition number";
    if (!plan.group.empty())
      return "-p cannot be used with -g: the group assigns the partitions";
    plan.partitions.push_back(partition_id{static_cast<int32_t>(*p)});
  }
  plan.start = {plan.group.empty() ? start_offset::kind::end : start_offset::kind::stored, 0};
  if (auto text = cl.get("offset")) {
    auto start = parse_start_offset(*text);
    if (!start)
      return "-o takes beginning, end, stored, an offset, -N or s@TIMESTAMP_MS, not '" +
             *text + "'";
    using kind = start_offset::kind;
    bool group_start = start->what == kind::beginning || start->what == kind::end ||
                       start->what == kind::stored;
    if (!plan.group.empty() && !group_start)
      return "with -g, -o takes beginning, end or stored (where partitions without a "
             "committed offset start)";
    if (plan.group.empty() && start->what == kind::stored)
      return "-o stored needs -g GROUP";
    plan.start = *start;
  }
  if (auto text = cl.get("count")) {
    plan.count = parse_integer(*text);
    if (!plan.count || *plan.count < 1)
      return "-c must be a positive number";
  }
  plan.exit_at_end = cl.has("exit");
  return {};
}

record_printer printer_of(bool json, const record_format& format) {
  return [json, format](const consumer_record& r) {
    if (json)
      std::cout << record_json(r.topic, r.partition, r.record) << "\n";
    else
      std::cout << format.render(r.topic, r.partition, r.record);
    std::cout.flush();
    return static_cast<bool>(std::cout);
  };
}

} // namespace

int run_consume(const args_list& args) {
  command_line cl;
  if (auto done = parse_tool_arguments("consume", args, consume_options(), usage, cl))
    return *done;
  tail_plan plan;
  if (auto problem = fill_plan(cl, plan); !problem.empty())
    return usage(problem);
  auto format = record_format::parse(cl.get("format").value_or(default_record_format));
  if (!format)
    return usage(format.error().message);
  int status = exit_code::ok;
  auto connection = resolve_connection(cl, usage, status);
  if (!connection)
    return status;
  // A reader piped into `head` learns that stdout closed from a failed
  // write, not from a signal, and leaves its group cleanly.
  ::signal(SIGPIPE, SIG_IGN);
  tool_client tool{*connection};
  bool json = connection->json || cl.has("json-envelope");
  return tail_topic(tool.admin(), plan, printer_of(json, *format), std::cerr);
}

} // namespace strom
