#include "net/text/text_replies.hpp"

#include <array>

#include "messages/error_category.hpp"
#include "net/text/line_tokens.hpp"

namespace strom {

namespace {

struct command_help {
  const char* name;
  const char* text;
};

const std::array<command_help, 9> help_table{{
  {"CRTP", "CRTP topic [partitions]: create a topic (partitions: the manifest's default)"},
  {"PUBS", "PUBS topic [key=K] \"message\": publish one record; K is a bare word or "
           "\"quoted\"; escapes \\\" \\\\ \\n \\r \\t \\0 \\xHH; answers the partition and "
           "offset"},
  {"SUBS", "SUBS topic group [p,p,...]: join the group and stream its share of the topic "
           "as MSG lines, from the group's committed offsets (a new group: the earliest); "
           "with partitions: exactly those, without joining"},
  {"CONS", "CONS topic partition offset|earliest|latest: stream one partition from an "
           "offset as MSG lines, without a group"},
  {"STOP", "STOP: end the stream of SUBS or CONS"},
  {"QUIT", "QUIT: close the connection"},
  {"HELP", "HELP [command]: the commands, or one command's syntax"},
  {"DELT", "DELT topic: delete a topic and its records"},
  {"AUTH", "AUTH user password: who this connection is, on a door with security on "
           "(over TLS); the password quoted if it holds spaces"},
}};

std::string partition_list(const std::vector<topic_partition>& partitions) {
  std::string out;
  for (const auto& tp : partitions)
    out += (out.empty() ? "" : ",") + std::to_string(tp.partition.value());
  return out.empty() ? "-" : out;
}

const char* rebalance_word(rebalance_event::kind what) {
  switch (what) {
    case rebalance_event::kind::assigned: return "ASSIGNED";
    case rebalance_event::kind::revoked: return "REVOKED";
    case rebalance_event::kind::lost: return "LOST";
  }
  return "REBALANCED";
}

std::string start_word(const start_offset& start) {
  switch (start.where) {
    case start_offset::kind::earliest: return "earliest";
    case start_offset::kind::latest: return "latest";
    case start_offset::kind::offset: break;
  }
  return std::to_string(start.offset.value());
}

// An answer is one line whatever an error's context holds.
std::string one_line(std::string text) {
  for (auto& c : text)
    if (c == '\n' || c == '\r')
      c = ' ';
  return text;
}

} // namespace

std::string error_line(const strom::error& err) {
  return "ERR " + one_line(err.describe()) + "\n";
}

std::string error_line(const caf::error& err) {
  if (auto plain = to_plain_error(err))
    return error_line(*plain);
  // CAF's own (a request timeout, a connection lost): no strom code to name.
  return "ERR " + one_line(describe(err)) + "\n";
}

std::string line_too_long_line(size_t line_bytes_max) {
  return "ERR line_too_long: a line may hold at most " + std::to_string(line_bytes_max) +
         " bytes; skipped up to its end\n";
}

std::string created_line(const topic_metadata& topic) {
  return "OK CRTP " + topic.name + " partitions=" + std::to_string(topic.partitions.size()) +
         " replication=" + std::to_string(topic.replication_factor) + "\n";
}

std::string published_line(const std::string& topic, partition_id partition,
                           record_offset offset) {
  return "OK PUBS " + topic + " " + std::to_string(partition.value()) + " " +
         std::to_string(offset.value()) + "\n";
}

std::string subscribed_line(const subscribe_command& command) {
  std::string how = "group";
  if (!command.partitions.empty()) {
    how.clear();
    for (auto p : command.partitions)
      how += (how.empty() ? "" : ",") + std::to_string(p.value());
  }
  return "OK SUBS " + command.topic + " " + command.group + " " + how + "\n";
}

std::string consuming_line(const consume_command& command) {
  return "OK CONS " + command.topic + " " + std::to_string(command.partition.value()) + " " +
         start_word(command.start) + "\n";
}

std::string stopped_line() {
  return "OK STOP\n";
}

std::string deleted_line(const std::string& topic) {
  return "OK DELT " + topic + "\n";
}

std::string authenticated_line(const std::string& user) {
  return "OK AUTH " + user + "\n";
}

std::string quit_line() {
  return "OK QUIT\n";
}

std::string help_line(const help_command& command) {
  if (command.about.empty()) {
    std::string names;
    for (const auto& h : help_table)
      names += std::string{names.empty() ? "" : " "} + h.name;
    return "OK HELP commands: " + names + "; HELP <command> for its syntax\n";
  }
  for (const auto& h : help_table)
    if (command.about == h.name)
      return std::string{"OK HELP "} + h.text + "\n";
  return error_line(strom::error{errc::bad_request, "no command '" + command.about +
                                                       "'; HELP lists the commands"});
}

std::string record_line(const consumer_record& r) {
  const auto& rec = r.record;
  std::string out = "MSG " + r.topic + " " + std::to_string(r.partition.value()) + " " +
                    std::to_string(rec.offset.value());
  if (rec.key)
    out += " key=" + quote(*rec.key);
  out += " " + (rec.value ? quote(*rec.value) : std::string{"null"});
  return out + "\n";
}

std::string rebalance_line(const std::string& topic, const rebalance_event& event) {
  return std::string{rebalance_word(event.what)} + " " + topic + " " +
         partition_list(event.partitions) + "\n";
}

} // namespace strom
