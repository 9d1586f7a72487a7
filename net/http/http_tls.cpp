#include "net/http/http_tls.hpp"

#include "messages/error_category.hpp"

namespace strom {

namespace ssl = boost::asio::ssl;

namespace {

using context_ptr = std::unique_ptr<ssl::context>;

caf::expected<context_ptr> with_files(context_ptr ctx, const door_security& security,
                                      ssl::verify_mode mode) {
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                     ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                   ec);
  if (!ec)
    ctx->use_certificate_chain_file(security.tls.cert_file, ec);
  if (!ec)
    ctx->use_private_key_file(security.tls.key_file, ssl::context::pem, ec);
  if (!ec)
    ctx->load_verify_file(security.tls.ca_file, ec);
  if (!ec)
    ctx->set_verify_mode(mode, ec);
  // OpenSSL fails a resumed session that asks for a client certificate
  // unless the session carries a context.
  static constexpr unsigned char session_context[] = "strom http door";
  if (!ec && SSL_CTX_set_session_id_context(ctx->native_handle(), session_context,
                                            sizeof session_context - 1) != 1)
    ec = boost::asio::error::invalid_argument;
  if (ec)
    return make_error(errc::bad_request, "HTTP door TLS files (" + security.tls.cert_file +
                                           "): " + ec.message());
  return ctx;
}

} // namespace

caf::expected<context_ptr> http_tls_context(const door_security& security) {
  auto mode = ssl::verify_peer;
  if (security.mechanisms == std::vector<std::string>{"mtls"})
    mode |= ssl::verify_fail_if_no_peer_cert;
  return with_files(std::make_unique<ssl::context>(ssl::context::tls_server), security, mode);
}

caf::expected<context_ptr> http_fetch_tls_context(const door_security& security) {
  return with_files(std::make_unique<ssl::context>(ssl::context::tls_client), security,
                    ssl::verify_peer);
}

} // namespace strom
