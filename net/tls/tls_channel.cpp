#include "net/tls/tls_channel.hpp"

#include <arpa/inet.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "net/tls/peer_name.hpp"

namespace strom {

namespace {

// One TLS record's plaintext at most: each SSL_read gets a record whole.
constexpr size_t read_chunk_bytes = 16 * 1024;
// Sessions this door resumes carry this context: OpenSSL fails a resumed
// handshake that asks for a client certificate when it is not set.
constexpr unsigned char session_id_context[] = "strom tls_channel";

struct ctx_free {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct bio_free {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using ctx_ptr = std::unique_ptr<SSL_CTX, ctx_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

// OpenSSL's reason for the last failure, leaving the queue empty for the
// next call on this thread (another connection's, maybe).
std::string openssl_reason() {
  auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return "no reason given";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

error config_error(const std::string& what) {
  return {errc::manifest_invalid, what + ": " + openssl_reason()};
}

// No passphrase: OpenSSL's default would ask for one on the terminal.
int no_passphrase(char*, int, int, void*) { return 0; }

error load_identity(SSL_CTX* ctx, const tls_files& files) {
  SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
  if (SSL_CTX_use_certificate_chain_file(ctx, files.cert_file.c_str()) != 1)
    return config_error("certificate " + files.cert_file + " cannot be used");
  // OpenSSL checks the key against the certificate as it loads it.
  if (SSL_CTX_use_PrivateKey_file(ctx, files.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return config_error("private key " + files.key_file + " cannot be used with " +
                        files.cert_file + " (its unencrypted PEM key is needed)");
  return {};
}

// The CA both verifies client certificates and is named to clients in the
// certificate request, so a client holding several picks the right one.
error trust_client_ca(SSL_CTX* ctx, const tls_server_options& options) {
  const auto& ca_file = options.files.ca_file;
  if (SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) != 1)
    return config_error("CA file " + ca_file + " holds no certificate");
  auto names = SSL_load_client_CA_file(ca_file.c_str());
  if (!names)
    return config_error("CA file " + ca_file + " names no CA");
  SSL_CTX_set_client_CA_list(ctx, names);
  int mode = SSL_VERIFY_PEER;
  if (options.require_client_cert)
    mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  SSL_CTX_set_verify(ctx, mode, nullptr);
  if (SSL_CTX_set_session_id_context(ctx, session_id_context,
                                     sizeof session_id_context - 1) != 1)
    return config_error("cannot set the session context");
  return {};
}

// TLS 1.2 at least. No renegotiation: a client's would cost the server a
// handshake per request (OpenSSL 3 refuses it by default; this keeps it
// so) and could swap the client certificate under a door that already
// authenticated it.
ctx_ptr new_server_ctx() {
  ctx_ptr ctx{SSL_CTX_new(TLS_server_method())};
  if (!ctx || SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1)
    return nullptr;
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION);
  return ctx;
}

ctx_ptr new_client_ctx() {
  ctx_ptr ctx{SSL_CTX_new(TLS_client_method())};
  if (!ctx || SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1)
    return nullptr;
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION);
  return ctx;
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[16];
  return host.find(':') != std::string::npos || inet_pton(AF_INET, host.c_str(), buf) == 1;
}

} // namespace

result<tls_client_context> tls_client_context::create(const tls_client_options& options) {
  auto ctx = new_client_ctx();
  if (!ctx)
    return error{errc::bad_request, "cannot create a TLS context: " + openssl_reason()};
  if (SSL_CTX_load_verify_locations(ctx.get(), options.ca_file.c_str(), nullptr) != 1)
    return error{errc::bad_request,
                 "CA file " + options.ca_file + " holds no certificate: " + openssl_reason()};
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!options.cert_file.empty()) {
    if (auto err = load_identity(ctx.get(), {options.ca_file, options.cert_file,
                                             options.key_file}))
      return error{errc::bad_request, err.message};
  }
  tls_client_context out;
  out.ctx_ = std::shared_ptr<SSL_CTX>{ctx.release(), ctx_free{}};
  return out;
}

result<tls_server_context> tls_server_context::create(const tls_server_options& options) {
  auto ctx = new_server_ctx();
  if (!ctx)
    return config_error("cannot create a TLS context");
  if (auto err = load_identity(ctx.get(), options.files))
    return err;
  if (auto err = trust_client_ca(ctx.get(), options))
    return err;
  tls_server_context out;
  out.ctx_ = std::shared_ptr<SSL_CTX>{ctx.release(), ctx_free{}};
  return out;
}

// Every SSL_* call of a channel starts with an empty error queue: it is per
// thread, and a stale entry from another connection would make
// SSL_get_error report this one as failed.

void tls_channel::ssl_free::operator()(SSL* ssl) const { SSL_free(ssl); }

// Two memory BIOs: OpenSSL reads the socket's bytes from one and writes
// what is for the socket into the other. Both grow as needed, so no call
// ever waits to write (no SSL_ERROR_WANT_WRITE).
tls_channel::tls_channel(const tls_server_context& context)
    : ssl_(context.ctx_ ? SSL_new(context.ctx_.get()) : nullptr) {
  attach_buffers();
  if (ssl_)
    SSL_set_accept_state(ssl_.get());
}

tls_channel::tls_channel(const tls_client_context& context, const std::string& server_name)
    : ssl_(context.ctx_ ? SSL_new(context.ctx_.get()) : nullptr) {
  attach_buffers();
  if (!ssl_)
    return;
  SSL_set_connect_state(ssl_.get());
  if (auto r = expect_server(server_name); !r) {
    failed_ = r.error();
    return;
  }
  (void) handshake(); // the client speaks first: its hello waits in the output
}

result<void> tls_channel::expect_server(const std::string& server_name) {
  ERR_clear_error();
  if (is_ip_address(server_name)) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_.get()), server_name.c_str()) != 1)
      return error{errc::bad_request, "not an address: " + server_name};
    return {};
  }
  if (SSL_set1_host(ssl_.get(), server_name.c_str()) != 1
      || SSL_set_tlsext_host_name(ssl_.get(), server_name.c_str()) != 1)
    return error{errc::bad_request, "not a host name: " + server_name};
  return {};
}

void tls_channel::attach_buffers() {
  bio_ptr in{BIO_new(BIO_s_mem())};
  bio_ptr out{BIO_new(BIO_s_mem())};
  if (!ssl_ || !in || !out) {
    ssl_.reset();
    failed_ = {errc::bad_request, "cannot set up a TLS connection: " + openssl_reason()};
    return;
  }
  // An empty input is "more to come" (WANT_READ), never the end of the stream.
  BIO_set_mem_eof_return(in.get(), -1);
  SSL_set_bio(ssl_.get(), in.release(), out.release());
}

tls_channel::tls_channel(tls_channel&&) noexcept = default;
tls_channel& tls_channel::operator=(tls_channel&&) noexcept = default;
tls_channel::~tls_channel() = default;

result<void> tls_channel::receive(std::string_view ciphertext, std::string& plaintext) {
  if (failed_)
    return failed_;
  if (auto r = buffer_input(ciphertext); !r)
    return r;
  if (!established()) {
    if (auto r = handshake(); !r || !established())
      return r;
    // What the door sent before the handshake was done goes first.
    auto queued = std::move(queued_);
    queued_.clear();
    if (auto r = write(queued); !r)
      return r;
  }
  // Always read on: with TLS 1.3 the client's first request may come in
  // the same flight as its Finished.
  return read_plaintext(plaintext);
}

result<void> tls_channel::send(std::string_view plaintext) {
  if (failed_)
    return failed_;
  if (SSL_get_shutdown(ssl_.get()) & SSL_SENT_SHUTDOWN)
    return error{errc::bad_request, "TLS send after close"};
  if (!established()) {
    queued_.append(plaintext);
    return {};
  }
  return write(plaintext);
}

std::string tls_channel::take_outgoing() {
  if (!ssl_)
    return {};
  auto out_bio = SSL_get_wbio(ssl_.get());
  std::string out(BIO_ctrl_pending(out_bio), '\0');
  size_t read = 0;
  if (!out.empty() && BIO_read_ex(out_bio, out.data(), out.size(), &read) != 1)
    read = 0;
  out.resize(read);
  return out;
}

void tls_channel::take_outgoing(std::vector<char>& out) {
  if (!ssl_)
    return;
  auto out_bio = SSL_get_wbio(ssl_.get());
  auto pending = BIO_ctrl_pending(out_bio);
  auto old_size = out.size();
  out.resize(old_size + pending);
  size_t read = 0;
  if (pending != 0 && BIO_read_ex(out_bio, out.data() + old_size, pending, &read) != 1)
    read = 0;
  out.resize(old_size + read);
}

bool tls_channel::established() const { return ssl_ && SSL_is_init_finished(ssl_.get()); }

bool tls_channel::closed() const {
  return ssl_ && (SSL_get_shutdown(ssl_.get()) & SSL_RECEIVED_SHUTDOWN) != 0;
}

void tls_channel::close() {
  // After a fatal error OpenSSL forbids SSL_shutdown; during the handshake
  // it refuses one.
  if (failed_ || !established() || (SSL_get_shutdown(ssl_.get()) & SSL_SENT_SHUTDOWN))
    return;
  ERR_clear_error();
  // 0 (ours queued, the peer's not seen yet) and 1 are both fine; a failure
  // leaves nothing to send, and the door closes the socket anyway.
  SSL_shutdown(ssl_.get());
  ERR_clear_error();
}

std::optional<std::string> tls_channel::peer_common_name() const {
  if (!established())
    return std::nullopt;
  return verified_peer_name(ssl_.get());
}

result<void> tls_channel::buffer_input(std::string_view ciphertext) {
  if (ciphertext.empty())
    return {};
  size_t written = 0;
  ERR_clear_error();
  auto in_bio = SSL_get_rbio(ssl_.get());
  if (BIO_write_ex(in_bio, ciphertext.data(), ciphertext.size(), &written) != 1)
    return fail("cannot buffer TLS input", SSL_ERROR_SSL);
  return {};
}

result<void> tls_channel::handshake() {
  ERR_clear_error();
  auto rc = SSL_do_handshake(ssl_.get());
  if (rc == 1)
    return {};
  auto code = SSL_get_error(ssl_.get(), rc);
  if (code == SSL_ERROR_WANT_READ)
    return {};
  return fail("TLS handshake failed", code);
}

result<void> tls_channel::read_plaintext(std::string& plaintext) {
  scratch_.resize(read_chunk_bytes);
  for (;;) {
    size_t read = 0;
    ERR_clear_error();
    auto rc = SSL_read_ex(ssl_.get(), scratch_.data(), scratch_.size(), &read);
    plaintext.append(scratch_.data(), read);
    if (rc == 1)
      continue;
    auto code = SSL_get_error(ssl_.get(), rc);
    // WANT_READ: all there is has been read; ZERO_RETURN: close_notify,
    // which closed() reports.
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_ZERO_RETURN)
      return {};
    return fail("TLS record failed", code);
  }
}

result<void> tls_channel::write(std::string_view plaintext) {
  while (!plaintext.empty()) {
    size_t written = 0;
    ERR_clear_error();
    auto rc = SSL_write_ex(ssl_.get(), plaintext.data(), plaintext.size(), &written);
    if (rc != 1)
      return fail("TLS write failed", SSL_get_error(ssl_.get(), rc));
    plaintext.remove_prefix(written);
  }
  return {};
}

// The channel's end: OpenSSL's reason, and why the client's certificate
// was refused when it was.
error tls_channel::fail(const std::string& what, int ssl_error) {
  std::string reason = ssl_error == SSL_ERROR_SSL
                         ? openssl_reason()
                         : "SSL error " + std::to_string(ssl_error) + " (" + openssl_reason() + ")";
  auto verify = SSL_get_verify_result(ssl_.get());
  if (verify != X509_V_OK)
    reason += std::string{SSL_is_server(ssl_.get()) ? " (client" : " (server"} + " certificate: "
              + X509_verify_cert_error_string(verify) + ")";
  failed_ = {errc::bad_request, what + ": " + reason};
  return failed_;
}

} // namespace strom
