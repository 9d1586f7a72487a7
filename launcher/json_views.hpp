#pragma once
// What the admin commands print under --json: one document per command,
// with numbers as numbers and nothing a script must parse out of text.
// Field names follow the text tables' columns in snake_case.

#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/cluster_types.hpp"
#include "messages/group_messages.hpp"
#include "messages/metadata_types.hpp"
#include "net/client/group_lag.hpp"
#include "net/http/http_replies.hpp"

namespace strom {

nlohmann::json to_json(const topic_metadata& topic);
nlohmann::json to_json(const group_overview& group);
nlohmann::json to_json(const group_description& group, const std::vector<partition_lag>& lag);
nlohmann::json to_json(const committed_offsets& offsets);
// The members the node asked sees, with the controller's alive flag where
// the metadata has one, and the controller's leader and term.
nlohmann::json to_json(const std::vector<member_info>& members,
                       const cluster_metadata* metadata);

// One document on one line, then a newline.
void print_json(std::ostream& out, const nlohmann::json& document);

} // namespace strom
