#pragma once
// The lines the door writes, each ending in '\n'. Answers start with OK or
// ERR and name the command they answer; a stream's lines start with MSG (a
// record) or ASSIGNED / REVOKED / LOST (a rebalance of a SUBS group).
// Keys and values are written with quote(), so a record line parses with
// the same rules as a PUBS line.

#include <string>

#include <caf/error.hpp>

#include "messages/errors.hpp"
#include "messages/metadata_types.hpp"
#include "net/client/consumer_config.hpp"
#include "net/text/text_command.hpp"

namespace strom {

// ERR <code>: <what went wrong>
std::string error_line(const strom::error& err);
std::string error_line(const caf::error& err);
std::string line_too_long_line(size_t line_bytes_max);

// OK CRTP <topic> partitions=<n> replication=<r>
std::string created_line(const topic_metadata& topic);
// OK PUBS <topic> <partition> <offset>
std::string published_line(const std::string& topic, partition_id partition,
                           record_offset offset);
// OK SUBS <topic> <group> (group|p,p,...)
std::string subscribed_line(const subscribe_command& command);
// OK CONS <topic> <partition> <offset|earliest|latest>
std::string consuming_line(const consume_command& command);
// OK STOP
std::string stopped_line();
// OK QUIT
std::string quit_line();
// DELT
std::string deleted_line(const std::string& topic);
// AUTH
std::string authenticated_line(const std::string& user);
// OK HELP ...: the commands, or one command's syntax; ERR for an unknown one.
std::string help_line(const help_command& command);

// MSG <topic> <partition> <offset> [key="<key>"] "<value>" (null: a tombstone)
std::string record_line(const consumer_record& r);
// ASSIGNED|REVOKED|LOST <topic> <partitions changed, like 0,2>
std::string rebalance_line(const std::string& topic, const rebalance_event& event);

} // namespace strom
