#pragma once
// What the controller leader proposes so that the table's brokers match the
// manifest and the links' view: a registration for every node not yet
// registered (or registered with another address), then alive flags that
// differ from whether the node is up. Pure.

#include <set>
#include <vector>

#include "actors/controller/commands.hpp"
#include "actors/controller/topic_table.hpp"

namespace strom {

std::vector<controller_command> liveness_commands(const topic_table& table,
                                                  const std::vector<node_address>& nodes,
                                                  const std::set<node_id>& up);

} // namespace strom
