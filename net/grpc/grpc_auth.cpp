#include "net/grpc/grpc_auth.hpp"

#include "net/door/door_login.hpp"
#include "net/tls/tls_check.hpp"

namespace strom {

namespace {

// "ipv4:10.0.0.1:5000" or "ipv6:[::1]:5000": the address alone, as ACL
// hosts name it.
std::string peer_host(const std::string& peer) {
  auto start = peer.find(':');
  auto end = peer.rfind(':');
  if (start == std::string::npos || end <= start)
    return peer;
  auto host = peer.substr(start + 1, end - start - 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host;
}

} // namespace

std::shared_ptr<grpc::ServerCredentials> grpc_server_credentials(
  const std::optional<door_security>& security) {
  if (!security)
    return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options{
    security->mechanisms == std::vector<std::string>{"mtls"}
      ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
      : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY};
  options.pem_root_certs = read_pem_text(security->tls.ca_file);
  options.pem_key_cert_pairs.push_back(
    {read_pem_text(security->tls.key_file), read_pem_text(security->tls.cert_file)});
  return grpc::SslServerCredentials(options);
}

std::optional<std::string> grpc_auth::from_certificate(grpc::ServerContext* ctx) {
  auto auth = ctx->auth_context();
  if (!security_->takes("mtls") || !auth)
    return std::nullopt;
  auto names = auth->FindPropertyValues("x509_common_name");
  if (names.empty())
    return std::nullopt;
  return std::string{names.front().data(), names.front().size()};
}

std::optional<std::string> grpc_auth::from_password(grpc::ServerContext* ctx) {
  if (!security_->takes("basic"))
    return std::nullopt;
  auto header = ctx->client_metadata().find("authorization");
  if (header == ctx->client_metadata().end())
    return std::nullopt;
  return basic_login(*security_, passwords_,
                     std::string_view{header->second.data(), header->second.size()});
}

std::optional<door_principal> grpc_auth::authenticate(grpc::ServerContext* ctx) {
  auto user = from_password(ctx);
  if (!user)
    user = from_certificate(ctx);
  if (!user)
    return std::nullopt;
  return door_principal{user_principal(*user), peer_host(ctx->peer())};
}

grpc::Status grpc_auth::unauthenticated() {
  return {grpc::StatusCode::UNAUTHENTICATED,
          "unauthenticated: a client certificate or a user's password is needed"};
}

grpc::Status grpc_auth::check_authenticated(grpc::ServerContext* ctx) {
  if (!security_ || authenticate(ctx))
    return grpc::Status::OK;
  return unauthenticated();
}

grpc::Status grpc_auth::check(grpc::ServerContext* ctx, acl_operation operation,
                              resource_type resource, const std::string& name) {
  if (!security_)
    return grpc::Status::OK;
  auto who = authenticate(ctx);
  if (!who)
    return unauthenticated();
  if (!door_allows(*security_, *who, operation, resource, name))
    return denied(*who, operation, resource, name);
  return grpc::Status::OK;
}

grpc::Status grpc_auth::check_create_topic(grpc::ServerContext* ctx, const std::string& topic) {
  if (!security_)
    return grpc::Status::OK;
  auto who = authenticate(ctx);
  if (!who)
    return unauthenticated();
  if (!door_may_create_topic(*security_, *who, topic))
    return denied(*who, acl_operation::create, resource_type::topic, topic);
  return grpc::Status::OK;
}

grpc::Status grpc_auth::denied(const door_principal& who, acl_operation operation,
                               resource_type resource, const std::string& name) {
  return {grpc::StatusCode::PERMISSION_DENIED, "unauthorized: " + who.name + " may not " +
                                                 to_string(operation) + " " +
                                                 to_string(resource) + " " + name};
}

bool grpc_auth::may(grpc::ServerContext* ctx, acl_operation operation, resource_type resource,
                    const std::string& name) {
  return check(ctx, operation, resource, name).ok();
}

} // namespace strom
