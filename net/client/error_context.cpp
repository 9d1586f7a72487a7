#include "net/client/error_context.hpp"

#include "messages/error_category.hpp"

namespace strom {

caf::error with_context(const std::string& where, const caf::error& err) {
  if (auto plain = to_plain_error(err))
    return make_error(plain->code, where + ": " + plain->message);
  return make_error(errc::unreachable, where + ": " + describe(err));
}

} // namespace strom
