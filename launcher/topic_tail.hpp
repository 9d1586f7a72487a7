#pragma once
// Reads a topic for `strom consume` and the console's `tail`: through a
// consumer in a group (subscribe; committed offsets, else the start's reset
// policy) or on assigned partitions from kcat's start offsets; until a
// count, the end of every partition, Ctrl-C, or the printer saying stop.

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "launcher/start_offset.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/consumer_config.hpp"

namespace strom {

struct tail_plan {
  std::string topic;
  std::string group;                    // empty: the partitions are assigned
  std::vector<partition_id> partitions; // empty: every partition of the topic
  start_offset start;
  std::optional<long long> count;
  bool exit_at_end = false;
  std::string client_id = "strom-consume";
};

// Prints one record; false stops the tail (stdout went away).
using record_printer = std::function<bool(const consumer_record&)>;

// The exit status; a failure is one line on err. Called on the thread
// that owns the terminal: it installs an interrupt_guard while it reads.
int tail_topic(admin_client& client, const tail_plan& plan, const record_printer& print,
               std::ostream& err);

} // namespace strom
