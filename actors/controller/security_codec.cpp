#include "actors/controller/security_codec.hpp"

namespace strom {

namespace {

strom::error bad_value(const char* field, int32_t value) {
  return strom::error{errc::bad_request,
                      std::string{"controller command: "} + field + " " + std::to_string(value)};
}

// An enum from its wire value, when it is one of [first, last].
template <class Enum>
std::optional<Enum> enum_of(int32_t value, Enum first, Enum last) {
  if (value < static_cast<int32_t>(first) || value > static_cast<int32_t>(last))
    return std::nullopt;
  return static_cast<Enum>(value);
}

std::optional<resource_type> resource_of(int32_t v) {
  return enum_of(v, resource_type::any, resource_type::cluster);
}
std::optional<pattern_type> pattern_of(int32_t v) {
  return enum_of(v, pattern_type::any, pattern_type::prefixed);
}
std::optional<acl_operation> operation_of(int32_t v) {
  return enum_of(v, acl_operation::any, acl_operation::alter_configs);
}
std::optional<acl_permission> permission_of(int32_t v) {
  return enum_of(v, acl_permission::any, acl_permission::deny);
}

template <class Enum>
int32_t wire_of(Enum e) {
  return static_cast<int32_t>(e);
}


// A binding's fields, and a filter's (which may hold `any`; validate()
// keeps that out of a binding): one wire form for both.
template <class In>
void fields_to_wire(const In& in, wire::AclBinding& out) {
  out.set_principal(in.principal);
  out.set_host(in.host);
  out.set_resource_type(wire_of(in.resource));
  out.set_name(in.name);
  out.set_pattern_type(wire_of(in.pattern));
  out.set_operation(wire_of(in.operation));
  out.set_permission(wire_of(in.permission));
}

template <class Out>
result<Out> fields_from_wire(const wire::AclBinding& in) {
  auto resource = resource_of(in.resource_type());
  auto pattern = pattern_of(in.pattern_type());
  auto operation = operation_of(in.operation());
  auto permission = permission_of(in.permission());
  if (!resource)
    return bad_value("resource type", in.resource_type());
  if (!pattern)
    return bad_value("pattern type", in.pattern_type());
  if (!operation)
    return bad_value("operation", in.operation());
  if (!permission)
    return bad_value("permission", in.permission());
  return Out{in.principal(), in.host(), *resource, in.name(), *pattern, *operation, *permission};
}

} // namespace

void to_wire(const scram_credential& c, wire::ScramCredential& out) {
  out.set_mechanism(wire_of(c.mechanism));
  out.set_salt(c.salt);
  out.set_stored_key(c.stored_key);
  out.set_server_key(c.server_key);
  out.set_iterations(c.iterations);
}

void to_wire(const acl_binding& acl, wire::AclBinding& out) { fields_to_wire(acl, out); }

void to_wire(const acl_filter& filter, wire::AclBinding& out) { fields_to_wire(filter, out); }

result<scram_credential> from_wire(const wire::ScramCredential& in) {
  auto m = enum_of(in.mechanism(), scram_mechanism::sha_256, scram_mechanism::sha_512);
  if (!m)
    return bad_value("SCRAM mechanism", in.mechanism());
  return scram_credential{*m, in.salt(), in.stored_key(), in.server_key(), in.iterations()};
}

result<acl_binding> from_wire(const wire::AclBinding& in) {
  return fields_from_wire<acl_binding>(in);
}

result<acl_filter> filter_from_wire(const wire::AclBinding& in) {
  return fields_from_wire<acl_filter>(in);
}

} // namespace strom
