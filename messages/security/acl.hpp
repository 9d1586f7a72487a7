#pragma once
// Kafka's ACL model: a binding allows or denies one principal, from one host,
// one operation on the resources one pattern names. Principals are
// "User:NAME" (a SCRAM user or a client certificate's common name) or
// "User:*"; hosts an address or "*"; patterns a literal name ("*": every
// resource of the type) or a prefix.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace strom {

// `any` (as Kafka's ANY) is for filters only, never in a binding.
enum class resource_type : uint8_t { any = 0, topic = 1, group = 2, cluster = 3 };
enum class pattern_type : uint8_t { any = 0, literal = 1, prefixed = 2 };
enum class acl_operation : uint8_t {
  any = 0,
  all = 1,
  read,
  write,
  create,
  remove, // Kafka's DELETE
  alter,
  describe,
  describe_configs,
  alter_configs,
};
enum class acl_permission : uint8_t { any = 0, allow = 1, deny = 2 };

// The one cluster resource's name, as Kafka's.
inline constexpr std::string_view cluster_resource_name = "kafka-cluster";
inline constexpr std::string_view wildcard = "*";

struct acl_binding {
  std::string principal;
  std::string host{wildcard};
  resource_type resource = resource_type::topic;
  std::string name;
  pattern_type pattern = pattern_type::literal;
  acl_operation operation = acl_operation::all;
  acl_permission permission = acl_permission::allow;

  friend bool operator==(const acl_binding& a, const acl_binding& b);
  friend bool operator<(const acl_binding& a, const acl_binding& b);
};

// What `strom acl list|remove` name: an empty string or `any` matches
// every value of its field.
struct acl_filter {
  std::string principal;
  std::string host;
  resource_type resource = resource_type::any;
  std::string name;
  pattern_type pattern = pattern_type::any;
  acl_operation operation = acl_operation::any;
  acl_permission permission = acl_permission::any;

  bool matches(const acl_binding& acl) const;
};

// How CAF carries them (enums as their values); no CAF header needed here.
template <class Inspector>
auto inspect(Inspector& f, acl_binding& x) {
  return f(x.principal, x.host, x.resource, x.name, x.pattern, x.operation, x.permission);
}

template <class Inspector>
auto inspect(Inspector& f, acl_filter& x) {
  return f(x.principal, x.host, x.resource, x.name, x.pattern, x.operation, x.permission);
}

const char* to_string(resource_type t);
const char* to_string(pattern_type t);
const char* to_string(acl_operation op);
const char* to_string(acl_permission p);
// "User:alice from * allow write on topic orders (literal)".
std::string describe(const acl_binding& acl);

// Parses the names to_string gives ("any" too, for filters; and Kafka's
// spellings: "describe_configs", any case); nothing for others.
std::optional<resource_type> parse_resource_type(std::string_view text);
std::optional<pattern_type> parse_pattern_type(std::string_view text);
std::optional<acl_operation> parse_operation(std::string_view text);
std::optional<acl_permission> parse_permission(std::string_view text);

// bad_request unless the binding is whole: a "User:" principal with a name,
// a host, a name for its resource (the cluster's own for cluster), no
// `any`, and an operation that applies to the resource type.
result<void> validate(const acl_binding& acl);

// "User:alice" for a user name; the principal's user name, or nothing.
std::string user_principal(std::string_view user);

} // namespace strom
