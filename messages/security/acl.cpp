#include "messages/security/acl.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

namespace strom {

namespace {

constexpr std::string_view user_prefix = "User:";

// Lower case, '-' for '_': "Describe_Configs" and "describe-configs" agree.
std::string normal(std::string_view text) {
  std::string out;
  for (char c : text)
    out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class Enum, size_t N>
std::optional<Enum> parse_among(std::string_view text,
                                const std::array<std::pair<const char*, Enum>, N>& names) {
  auto wanted = normal(text);
  for (const auto& [name, value] : names)
    if (wanted == name)
      return value;
  return std::nullopt;
}

const std::array<std::pair<const char*, acl_operation>, 11> operation_names{{
  {"any", acl_operation::any},
  {"all", acl_operation::all},
  {"read", acl_operation::read},
  {"write", acl_operation::write},
  {"create", acl_operation::create},
  {"delete", acl_operation::remove},
  {"remove", acl_operation::remove},
  {"alter", acl_operation::alter},
  {"describe", acl_operation::describe},
  {"describe-configs", acl_operation::describe_configs},
  {"alter-configs", acl_operation::alter_configs},
}};

// Which operations mean something for each resource type (Kafka's table).
bool applies(acl_operation op, resource_type type) {
  switch (type) {
    case resource_type::topic:
      return true;
    case resource_type::group:
      return op == acl_operation::all || op == acl_operation::read ||
             op == acl_operation::describe || op == acl_operation::remove;
    case resource_type::cluster:
      return op != acl_operation::read && op != acl_operation::write &&
             op != acl_operation::remove;
    case resource_type::any:
      return false;
  }
  return false;
}

auto key(const acl_binding& a) {
  return std::tie(a.principal, a.host, a.resource, a.name, a.pattern, a.operation, a.permission);
}

} // namespace

bool operator==(const acl_binding& a, const acl_binding& b) { return key(a) == key(b); }
bool operator<(const acl_binding& a, const acl_binding& b) { return key(a) < key(b); }

bool acl_filter::matches(const acl_binding& acl) const {
  auto text = [](const std::string& want, const std::string& have) {
    return want.empty() || want == have;
  };
  auto value = [](auto want, auto have) { return want == decltype(want)::any || want == have; };
  return text(principal, acl.principal) && text(host, acl.host) && text(name, acl.name) &&
         value(resource, acl.resource) && value(pattern, acl.pattern) &&
         value(operation, acl.operation) && value(permission, acl.permission);
}

const char* to_string(resource_type t) {
  switch (t) {
    case resource_type::topic: return "topic";
    case resource_type::group: return "group";
    case resource_type::cluster: return "cluster";
    case resource_type::any: return "any";
  }
  return "?";
}

const char* to_string(pattern_type t) {
  switch (t) {
    case pattern_type::literal: return "literal";
    case pattern_type::prefixed: return "prefixed";
    case pattern_type::any: return "any";
  }
  return "?";
}

const char* to_string(acl_operation op) {
  switch (op) {
    case acl_operation::all: return "all";
    case acl_operation::read: return "read";
    case acl_operation::write: return "write";
    case acl_operation::create: return "create";
    case acl_operation::remove: return "delete";
    case acl_operation::alter: return "alter";
    case acl_operation::describe: return "describe";
    case acl_operation::describe_configs: return "describe-configs";
    case acl_operation::alter_configs: return "alter-configs";
    case acl_operation::any: return "any";
  }
  return "?";
}

const char* to_string(acl_permission p) {
  switch (p) {
    case acl_permission::allow: return "allow";
    case acl_permission::deny: return "deny";
    case acl_permission::any: return "any";
  }
  return "?";
}

std::string describe(const acl_binding& acl) {
  return acl.principal + " from " + acl.host + " " + to_string(acl.permission) + " " +
         to_string(acl.operation) + " on " + to_string(acl.resource) + " " + acl.name + " (" +
         to_string(acl.pattern) + ")";
}

std::optional<resource_type> parse_resource_type(std::string_view text) {
  return parse_among<resource_type, 4>(text, {{{"any", resource_type::any},
                                               {"topic", resource_type::topic},
                                               {"group", resource_type::group},
                                               {"cluster", resource_type::cluster}}});
}

std::optional<pattern_type> parse_pattern_type(std::string_view text) {
  return parse_among<pattern_type, 3>(text, {{{"any", pattern_type::any},
                                              {"literal", pattern_type::literal},
                                              {"prefixed", pattern_type::prefixed}}});
}

std::optional<acl_operation> parse_operation(std::string_view text) {
  return parse_among(text, operation_names);
}

std::optional<acl_permission> parse_permission(std::string_view text) {
  return parse_among<acl_permission, 3>(text, {{{"any", acl_permission::any},
                                                {"allow", acl_permission::allow},
                                                {"deny", acl_permission::deny}}});
}

result<void> validate(const acl_binding& acl) {
  auto bad = [](const std::string& what) { return strom::error{errc::bad_request, what}; };
  if (acl.principal.rfind(user_prefix, 0) != 0 || acl.principal.size() == user_prefix.size())
    return bad("principal '" + acl.principal + "' is not User:NAME (or User:*)");
  if (acl.host.empty())
    return bad("an ACL needs a host (* for any)");
  if (acl.name.empty())
    return bad("an ACL needs a resource name (* for every one)");
  if (acl.resource == resource_type::any || acl.pattern == pattern_type::any ||
      acl.operation == acl_operation::any || acl.permission == acl_permission::any)
    return bad("a binding names its resource type, pattern, operation and permission");
  if (acl.resource == resource_type::cluster && acl.name != cluster_resource_name)
    return bad("the cluster resource is named " + std::string{cluster_resource_name});
  if (!applies(acl.operation, acl.resource))
    return bad(std::string{"operation "} + to_string(acl.operation) + " does not apply to a " +
               to_string(acl.resource));
  return {};
}

std::string user_principal(std::string_view user) {
  return std::string{user_prefix} + std::string{user};
}

} // namespace strom
