#include "launcher/topic_tail.hpp"

#include <algorithm>
#include <set>

#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/interrupt_guard.hpp"
#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"

namespace strom {

namespace {

// How long one poll waits: also how late Ctrl-C is noticed.
constexpr std::chrono::milliseconds poll_wait_ms{200};

consumer_config config_of(const admin_client& client, const tail_plan& plan) {
  consumer_config config;
  config.group_id = plan.group;
  config.client_id = plan.client_id;
  config.request_timeout_ms = client.timeout_ms();
  config.auto_offset_reset = plan.start.what == start_offset::kind::beginning
                               ? reset_policy::earliest
                               : reset_policy::latest;
  // A tool's members come and go: let the group notice a killed one soon.
  config.session_timeout_ms = std::chrono::milliseconds{10'000};
  config.heartbeat_interval_ms = std::chrono::milliseconds{1000};
  return config;
}

caf::expected<seek_target> seek_of(admin_client& client, const std::string& topic,
                                   partition_id p, const start_offset& start) {
  using kind = start_offset::kind;
  switch (start.what) {
    case kind::beginning: return seek_target::earliest();
    case kind::end: return seek_target::latest();
    case kind::absolute: return seek_target::to_offset(record_offset{start.value});
    case kind::timestamp: return seek_target::to_time(start.value);
    case kind::stored: break; // a group's committed offset: no seek
    case kind::from_end: {
      auto first = client.list_offsets(topic, p, earliest_offset_spec);
      auto end = first ? client.list_offsets(topic, p, latest_offset_spec) : first;
      if (!end)
        return end.error();
      return seek_target::to_offset(
        record_offset{from_end_offset(first->value(), end->value(), start.value)});
    }
  }
  return seek_target::latest();
}

// The partitions to read, checked against the topic; or why not.
caf::expected<std::vector<topic_partition>> partitions_of(admin_client& client,
                                                          const tail_plan& plan) {
  auto metadata = client.metadata({plan.topic});
  if (!metadata)
    return metadata.error();
  if (metadata->topics.empty())
    return make_error(errc::unknown_topic, "topic " + plan.topic);
  auto count = static_cast<int32_t>(metadata->topics.front().partitions.size());
  std::vector<topic_partition> out;
  for (const auto& p : plan.partitions) {
    if (p.value() >= count)
      return make_error(errc::unknown_partition, "topic " + plan.topic + " has " +
                                                   std::to_string(count) + " partitions");
    out.push_back({plan.topic, p});
  }
  if (plan.partitions.empty())
    for (int32_t p = 0; p < count; ++p)
      out.push_back({plan.topic, partition_id{p}});
  return out;
}

// True when every owned partition's position has reached its log's end.
caf::expected<bool> at_end(admin_client& client, consumer& reader) {
  auto owned = reader.assignment();
  auto positions = reader.positions();
  if (owned.empty())
    return false;
  for (const auto& tp : owned) {
    auto at = positions.find(tp);
    if (at == positions.end())
      return false;
    auto end = client.list_offsets(tp.topic, tp.partition, latest_offset_spec);
    if (!end)
      return end.error();
    if (at->second < *end)
      return false;
  }
  return true;
}

caf::error start_reading(admin_client& client, consumer& reader, const tail_plan& plan,
                         const std::vector<topic_partition>& partitions) {
  if (!plan.group.empty() && plan.partitions.empty()) {
    reader.subscribe({plan.topic});
    return {};
  }
  reader.assign(partitions);
  if (plan.start.what == start_offset::kind::stored)
    return {};
  for (const auto& tp : partitions) {
    auto target = seek_of(client, plan.topic, tp.partition, plan.start);
    if (!target)
      return target.error();
    reader.seek(tp, *target);
  }
  return {};
}

// How many records the next poll may hand out.
size_t records_to_ask(const tail_plan& plan, long long printed) {
  constexpr size_t poll_records_max = 500;
  if (!plan.count)
    return poll_records_max;
  return static_cast<size_t>(std::min<long long>(*plan.count - printed, poll_records_max));
}

// Records from `first` on were handed out but not printed (stdout went
// away): each partition goes back to its first one, so that closing
// commits only what was printed.
void give_back(consumer& reader, const std::vector<consumer_record>& records, size_t first) {
  std::set<topic_partition> done;
  for (size_t i = first; i < records.size(); ++i) {
    topic_partition tp{records[i].topic, records[i].partition};
    if (done.insert(tp).second)
      reader.seek(tp, seek_target::to_offset(records[i].record.offset));
  }
}

} // namespace

int tail_topic(admin_client& client, const tail_plan& plan, const record_printer& print,
               std::ostream& err) {
  auto partitions = partitions_of(client, plan);
  if (!partitions)
    return report_failure(err, partitions.error());
  consumer reader{client.system(), client.bootstrap(), config_of(client, plan)};
  if (auto failed = start_reading(client, reader, plan, *partitions))
    return report_failure(err, failed);
  interrupt_guard guard;
  long long printed = 0;
  int status = exit_code::ok;
  while (!interrupt_guard::interrupted() && status == exit_code::ok) {
    // No more than are left to print: the group commits what the consumer
    // handed out, so it must hand out only what is printed.
    auto records = reader.poll(poll_wait_ms, records_to_ask(plan, printed));
    for (size_t i = 0; i < records.size(); ++i) {
      if (!print(records[i])) {
        give_back(reader, records, i);
        reader.close();
        return status;
      }
      ++printed;
    }
    if (plan.count && printed >= *plan.count)
      break;
    if (!records.empty() || !plan.exit_at_end)
      continue;
    auto done = at_end(client, reader);
    if (!done && code_of(done.error()) == errc::unreachable)
      status = report_failure(err, done.error());
    else if (done && *done)
      break;
  }
  reader.close();
  return status;
}

} // namespace strom
