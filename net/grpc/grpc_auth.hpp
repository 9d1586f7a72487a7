#pragma once
// Who calls the gRPC door and whether they may: TLS (the node's
// client-facing certificate; a client certificate of the client CA is
// verified when sent, and required when mtls is the door's only
// mechanism), then a principal from that certificate's common name (mtls)
// or from per-call credentials, `authorization: Basic base64(user:password)`
// checked against the user's SCRAM credential (basic). Each RPC then asks
// the node's authorizer: UNAUTHENTICATED without a principal,
// PERMISSION_DENIED without an ACL. Without security: plaintext, everyone.

#include <memory>
#include <optional>

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>

#include "net/door/door_security.hpp"
#include "net/tls/password_check.hpp"

namespace strom {

// TLS credentials from the files (read here; a node checked them at start),
// or insecure ones without security.
std::shared_ptr<grpc::ServerCredentials> grpc_server_credentials(
  const std::optional<door_security>& security);

class grpc_auth {
public:
  explicit grpc_auth(std::optional<door_security> security) : security_(std::move(security)) {}

  // OK, or the status to answer: UNAUTHENTICATED or PERMISSION_DENIED.
  grpc::Status check(grpc::ServerContext* ctx, acl_operation operation, resource_type resource,
                     const std::string& name);
  // Kafka's rule for a new topic, with one authentication.
  grpc::Status check_create_topic(grpc::ServerContext* ctx, const std::string& topic);
  // OK once the caller has a principal, whatever it may do.
  grpc::Status check_authenticated(grpc::ServerContext* ctx);
  // For a list the door filters: whether the caller may describe `name`.
  bool may(grpc::ServerContext* ctx, acl_operation operation, resource_type resource,
           const std::string& name);

private:
  std::optional<door_principal> authenticate(grpc::ServerContext* ctx);
  static grpc::Status unauthenticated();
  static grpc::Status denied(const door_principal& who, acl_operation operation,
                             resource_type resource, const std::string& name);
  std::optional<std::string> from_certificate(grpc::ServerContext* ctx);
  std::optional<std::string> from_password(grpc::ServerContext* ctx);

  std::optional<door_security> security_;
  password_check passwords_;
};

} // namespace strom
