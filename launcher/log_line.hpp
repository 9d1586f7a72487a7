#pragma once
// What a log line of a strom process says and how it is written. Every line
// names who wrote it: a node by its id, any other command by its name. In
// text, for people:
//   [node 3] 2026-12-07 02:43:19.123 info  node 3 listening on 127.0.0.1:9303
// in JSON, one object per line, for log shippers:
//   {"ts":"2026-12-07T02:43:19.123Z","level":"info","node":3,"msg":"node 3 ..."}
// (a tool says "command":"strom consume" in place of "node"). Also what the
// launcher makes of a line its node child printed.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "messages/types.hpp"

namespace strom {

enum class log_format { text, json };

struct log_source {
  std::optional<node_id> node; // set in a node process
  std::string command;         // "strom consume": who writes when no node does

  static log_source of_node(node_id id) { return {id, {}}; }
  static log_source of_command(const std::string& name) { return {std::nullopt, "strom " + name}; }
};

// "[node 3]" or "[strom consume]": how a text line begins.
std::string source_tag(const log_source& source);

// One JSON log line, without its newline. `msg` may hold any bytes: control
// characters are escaped and bytes that are not UTF-8 become U+FFFD, so that
// the line always parses.
std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          const log_source& source, std::string_view msg);

// A line node `id` printed, as the launcher relays it: as it is when it names
// the node already (the node's logger wrote it), else made to name it:
// prefixed in text, an error record in JSON (a crash report, say).
std::string relayed_line(node_id id, const std::string& line, log_format format,
                         std::chrono::system_clock::time_point now);

} // namespace strom
