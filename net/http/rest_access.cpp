// Whether a request's principal may do what it asks, by the node's one
// authorizer (net/door/door_security.hpp), as every door asks it.

#include "net/http/rest_handlers.hpp"

namespace strom {

bool permitted(const rest_context& ctx, acl_operation operation, resource_type resource,
               const std::string& name) {
  return !ctx.security || door_allows(*ctx.security, ctx.who, operation, resource, name);
}

std::optional<rest_answer> refused(const rest_context& ctx, acl_operation operation,
                                   resource_type resource, const std::string& name) {
  if (permitted(ctx, operation, resource, name))
    return std::nullopt;
  return error_answer(http_error_of(errc::unauthorized, ctx.who.name + " may not " +
                                                          to_string(operation) + " " +
                                                          to_string(resource) + " " + name));
}

} // namespace strom
