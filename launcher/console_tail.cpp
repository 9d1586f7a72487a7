#include "launcher/console_tail.hpp"

#include "launcher/command_line.hpp"
#include "launcher/console_record_text.hpp"
#include "launcher/console_topic.hpp"
#include "launcher/record_format.hpp"
#include "launcher/topic_tail.hpp"

namespace strom {

namespace {

const std::string tail_arguments = "TOPIC [--from beginning|end] [--group GROUP]";

const std::vector<option_spec> tail_options = {
  {"from", 0, true, "start at the beginning or the end (default) of each partition"},
  {"group", 'g', true, "read as a member of this group, from its committed offsets"},
};

int run_tail(console_context& context, const std::vector<std::string>& args) {
  auto cl = parse_command_line(args, tail_options);
  auto problem = cl.error;
  if (problem.empty() && cl.positional.size() != 1)
    problem = "takes one topic name";
  auto from = cl.get("from").value_or("end");
  if (problem.empty() && from != "beginning" && from != "end")
    problem = "--from takes beginning or end";
  if (!problem.empty())
    return report_usage_problem(context.err, "tail", tail_arguments, problem);
  tail_plan plan;
  plan.topic = cl.positional.front();
  plan.group = cl.get("group").value_or("");
  plan.client_id = "strom-console";
  plan.start.what = from == "beginning" ? start_offset::kind::beginning : start_offset::kind::end;
  context.err << "tailing " << plan.topic << " from the " << from
              << " of every partition; Ctrl-C stops\n";
  record_printer print = [&context](const consumer_record& r) {
    context.out << "partition " << r.partition.value() << " offset " << r.record.offset.value()
                << "  " << record_to_text(r.record) << "\n";
    context.out.flush();
    return true;
  };
  if (context.json)
    print = [&context](const consumer_record& r) {
      context.out << record_json(r.topic, r.partition, r.record) << "\n";
      context.out.flush();
      return true;
    };
  return tail_topic(context.client, plan, print, context.err);
}

std::vector<std::string> complete_tail(admin_client& client,
                                       const std::vector<std::string>& before) {
  if (before.empty())
    return topic_names(client);
  if (before.back() == "--from")
    return {"beginning", "end"};
  return {"--from", "--group"};
}

} // namespace

console_command tail_command(console_context& context) {
  return {"tail", tail_arguments,
          "print every partition's records as they arrive, until Ctrl-C",
          [&context](const std::vector<std::string>& args) { return run_tail(context, args); },
          [&context](const std::vector<std::string>& before) {
            return complete_tail(context.client, before);
          },
          "  --from beginning first prints what the topic holds. With --group the\n"
          "  partitions are shared with the group's other members and offsets are\n"
          "  committed as records are printed.\n"};
}

} // namespace strom
