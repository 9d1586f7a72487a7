#include "net/text/text_access.hpp"

namespace strom {

namespace {

struct access {
  acl_operation operation;
  resource_type resource;
  std::string name;
};

// What a command needs, in the order it is checked.
std::vector<access> needs_of(const text_command& command) {
  if (auto* c = std::get_if<publish_command>(&command))
    return {{acl_operation::write, resource_type::topic, c->topic}};
  if (auto* c = std::get_if<subscribe_command>(&command))
    return {{acl_operation::read, resource_type::topic, c->topic},
            {acl_operation::read, resource_type::group, c->group}};
  if (auto* c = std::get_if<consume_command>(&command))
    return {{acl_operation::read, resource_type::topic, c->topic}};
  if (auto* c = std::get_if<delete_topic_command>(&command))
    return {{acl_operation::remove, resource_type::topic, c->topic}};
  return {};
}

bool open_to_all(const text_command& command) {
  return std::holds_alternative<auth_command>(command) ||
         std::holds_alternative<help_command>(command) ||
         std::holds_alternative<stop_command>(command) ||
         std::holds_alternative<quit_command>(command);
}

strom::error refusal(const door_principal& who, const access& a) {
  return {errc::unauthorized, who.name + " may not " + to_string(a.operation) + " " +
                                to_string(a.resource) + " " + a.name};
}

} // namespace

std::optional<strom::error> text_access(const door_security* security,
                                        const std::optional<door_principal>& who,
                                        const text_command& command) {
  if (!security || open_to_all(command))
    return std::nullopt;
  if (!who)
    return strom::error{errc::unauthenticated,
                        "AUTH user password first (or connect with a client certificate)"};
  if (auto* c = std::get_if<create_topic_command>(&command)) {
    if (door_may_create_topic(*security, *who, c->topic))
      return std::nullopt;
    return refusal(*who, {acl_operation::create, resource_type::topic, c->topic});
  }
  for (const auto& a : needs_of(command))
    if (!door_allows(*security, *who, a.operation, a.resource, a.name))
      return refusal(*who, a);
  return std::nullopt;
}

} // namespace strom
