#include "messages/error_category.hpp"

#include <caf/atom.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace strom {

caf::atom_value error_category_atom() {
  return caf::atom("strom");
}

caf::error make_error(errc code) {
  return caf::error{static_cast<uint8_t>(code), error_category_atom()};
}

caf::error make_error(errc code, std::string context) {
  return caf::error{static_cast<uint8_t>(code), error_category_atom(),
                    caf::make_message(std::move(context))};
}

caf::error make_error(const error& err) {
  if (err.message.empty())
    return make_error(err.code);
  return make_error(err.code, err.message);
}

bool is_strom_error(const caf::error& err) {
  return err && err.category() == error_category_atom();
}

errc code_of(const caf::error& err) {
  return is_strom_error(err) ? static_cast<errc>(err.code()) : errc::ok;
}

std::string describe(const caf::error& err) {
  if (!err)
    return "ok";
  if (is_strom_error(err)) {
    error plain{code_of(err), {}};
    if (err.context().match_elements<std::string>())
      plain.message = err.context().get_as<std::string>(0);
    return plain.describe();
  }
  if (err.category() == caf::atom("system"))
    return caf::to_string(static_cast<caf::sec>(err.code()));
  return caf::to_string(err);
}

} // namespace strom
