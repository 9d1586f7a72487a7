#pragma once
// Users' credentials and ACLs to and from their Protobuf forms, shared by
// the command codec and the snapshot. Internal to actors/controller:
// includes generated code.

#include "messages/security/acl.hpp"
#include "messages/security/scram_credential.hpp"
#include "messages/controller.pb.h"
#include "messages/result.hpp"

namespace strom {

void to_wire(const scram_credential& c, wire::ScramCredential& out);
void to_wire(const acl_binding& acl, wire::AclBinding& out);
// A filter travels as a binding whose empty and `any` fields match anything.
void to_wire(const acl_filter& filter, wire::AclBinding& out);

// bad_request for an enum value this version does not know.
result<scram_credential> from_wire(const wire::ScramCredential& in);
result<acl_binding> from_wire(const wire::AclBinding& in);
result<acl_filter> filter_from_wire(const wire::AclBinding& in);

} // namespace strom
