#pragma once
// strom::errc as a caf::error, so that actors can `return errc::not_leader;`
// and the error crosses the wire with its category and context.

#include <optional>

#include <caf/error.hpp>

#include "messages/errors.hpp"
#include "messages/types.hpp"

namespace strom {

caf::atom_value error_category_atom();

caf::error make_error(errc code);
caf::error make_error(errc code, std::string context);
caf::error make_error(const error& err);

// not_leader for `group`, naming the leader when known (no_node: unknown), so
// that a client can go there without asking for metadata again.
caf::error not_leader_error(group_id group, node_id leader);
// not_leader with no hint, from a node that holds no replica of `group`: the
// one answer to any request for a group not hosted here, so that a client
// refreshes its metadata.
caf::error not_hosted_error(node_id node, group_id group);
// The leader a not_leader error names, or nothing.
std::optional<node_id> leader_hint(const caf::error& err);

// Errors a client may retry after refreshing metadata or waiting a little:
// not_leader, no_controller, coordinator_not_available, not_coordinator,
// storage_busy,
// timeout, unreachable, shutting_down, and CAF's
// own request timeouts and connection losses.
bool is_retriable(const caf::error& err);

// The errc inside a caf::error, or nothing when it is not one of strom's.
bool is_strom_error(const caf::error& err);
errc code_of(const caf::error& err);

// The strom error inside a caf::error with its context message; nothing
// for errors of other categories (CAF's own).
std::optional<error> to_plain_error(const caf::error& err);

// One line for a person: "not_leader: leader is node 2" or CAF's own text.
std::string describe(const caf::error& err);

} // namespace strom
