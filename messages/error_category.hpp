#pragma once
// strom::errc as a caf::error, so that actors can `return errc::not_leader;`
// and the error crosses the wire with its category and context.

#include <caf/error.hpp>

#include "messages/errors.hpp"

namespace strom {

caf::atom_value error_category_atom();

caf::error make_error(errc code);
caf::error make_error(errc code, std::string context);
caf::error make_error(const error& err);

// The errc inside a caf::error, or nothing when it is not one of strom's.
bool is_strom_error(const caf::error& err);
errc code_of(const caf::error& err);

// One line for a person: "not_leader: leader is node 2" or CAF's own text.
std::string describe(const caf::error& err);

} // namespace strom
