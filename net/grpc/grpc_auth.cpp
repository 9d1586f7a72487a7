#include "net/grpc/grpc_auth.hpp"

#include <fstream>
#include <sstream>

#include "net/http/base64.hpp"

namespace strom {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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
  options.pem_root_certs = read_text(security->tls.ca_file);
  options.pem_key_cert_pairs.push_back(
    {read_text(security->tls.key_file), read_text(security->tls.cert_file)});
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
  static const std::string basic = "Basic ";
  if (!security_->takes("basic"))
    return std::nullopt;
  auto header = ctx->client_metadata().find("authorization");
  if (header == ctx->client_metadata().end())
    return std::nullopt;
  std::string value{header->second.data(), header->second.size()};
  if (value.rfind(basic, 0) != 0)
    return std::nullopt;
  auto decoded = base64_decode(value.substr(basic.size()));
  auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos)
    return std::nullopt;
  auto user = decoded->substr(0, colon);
  auto snapshot = security_->view->current();
  for (auto m : {scram_mechanism::sha_512, scram_mechanism::sha_256})
    if (auto c = snapshot->users_and_acls.credential(user, m))
      return passwords_.matches(user, *c, decoded->substr(colon + 1))
               ? std::optional<std::string>{user}
               : std::nullopt;
  return std::nullopt;
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
    return {grpc::StatusCode::PERMISSION_DENIED,
            "unauthorized: " + who->name + " may not " + to_string(operation) + " " +
              to_string(resource) + " " + name};
  return grpc::Status::OK;
}

bool grpc_auth::may(grpc::ServerContext* ctx, acl_operation operation, resource_type resource,
                    const std::string& name) {
  return check(ctx, operation, resource, name).ok();
}

} // namespace strom
