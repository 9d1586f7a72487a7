#pragma once
// TLS over memory buffers, server side for the doors and client side for
// the C++ client library's link to them: for the doors an event loop drives
// with raw bytes (CAF io brokers), which cannot hand OpenSSL a socket. The
// door gives a channel the ciphertext it read from the socket and gets back
// the plaintext the peer sent, and the ciphertext to write to the socket.
// CAF-free; nothing here writes to stdout or stderr.
//
// A door's life with one connection:
//   receive(bytes read, plaintext) -> on error: write take_outgoing() (an
//     alert, if any) and close the socket; else act on `plaintext`;
//   send(reply) whenever it has one (queued until the handshake is done);
//   after each call, write take_outgoing() to the socket;
//   closed() -> the peer said goodbye: close(), write take_outgoing(), close.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "messages/security_config.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace strom {

struct tls_server_options {
  // ca_file: the CA whose client certificates are accepted (and the only
  // one); cert_file: this node's certificate chain; key_file: its key (PEM,
  // unencrypted).
  tls_files files;
  // Else a client certificate is asked for and verified when one is sent:
  // a client may then authenticate another way (SCRAM) instead.
  bool require_client_cert = false;
};

// What every connection of a door shares: one SSL_CTX, its files read once.
// Copies share it too (OpenSSL counts its references), so a door may hand
// it to each connection's broker; a channel keeps its own reference.
class tls_server_context {
public:
  // Errors (errc::manifest_invalid) name the file at fault and OpenSSL's
  // reason, never what a key holds.
  static result<tls_server_context> create(const tls_server_options& options);

private:
  friend class tls_channel;
  tls_server_context() = default;
  std::shared_ptr<ssl_ctx_st> ctx_;
};

struct tls_client_options {
  std::string ca_file;   // the CA the server's certificate must come from
  std::string cert_file; // this end's certificate chain; empty: none is sent
  std::string key_file;
};

// What a client's connections share: the CA it trusts, its certificate.
class tls_client_context {
public:
  // Errors (errc::bad_request) name the file at fault and OpenSSL's reason.
  static result<tls_client_context> create(const tls_client_options& options);

private:
  friend class tls_channel;
  tls_client_context() = default;
  std::shared_ptr<ssl_ctx_st> ctx_;
};

// One connection. Once receive or send has failed, the channel is done:
// both return that same error again (errc::bad_request). Move-only; a
// moved-from channel may only be assigned to or destroyed.
class tls_channel {
public:
  explicit tls_channel(const tls_server_context& context);
  // The client's end: its hello is in take_outgoing() at once. The server's
  // certificate must name `server_name` (a DNS name or an IP address).
  tls_channel(const tls_client_context& context, const std::string& server_name);
  tls_channel(tls_channel&&) noexcept;
  tls_channel& operator=(tls_channel&&) noexcept;
  ~tls_channel();

  // Bytes read from the socket in; the plaintext they complete is appended
  // to `plaintext` (also on error: what came before the fault). Fails when
  // the handshake or a record fails (a plaintext or non-TLS client, a
  // client certificate the CA did not sign, none when one is required).
  result<void> receive(std::string_view ciphertext, std::string& plaintext);
  // Encrypted into the outgoing bytes, or queued until the handshake is
  // done. Fails after close().
  result<void> send(std::string_view plaintext);
  // The ciphertext to write to the socket now (handshake, records, alerts).
  std::string take_outgoing();
  // The same, appended to `out` (a socket's write buffer): no copy between.
  void take_outgoing(std::vector<char>& out);

  bool established() const;
  // The peer sent close_notify: it sends nothing more.
  bool closed() const;
  // Queues our close_notify (once the handshake is done; before, there is
  // nothing to say and the door just closes the socket).
  void close();
  // The common name of the peer's certificate, verified under the CA;
  // none without one, or when the name holds no or several CNs.
  std::optional<std::string> peer_common_name() const;

private:
  struct ssl_free {
    void operator()(ssl_st* ssl) const;
  };

  // Memory BIOs under ssl_ (set up, or failed_ says why).
  void attach_buffers();
  result<void> expect_server(const std::string& server_name);
  result<void> buffer_input(std::string_view ciphertext);
  result<void> handshake();
  result<void> read_plaintext(std::string& plaintext);
  result<void> write(std::string_view plaintext);
  strom::error fail(const std::string& what, int ssl_error);

  std::unique_ptr<ssl_st, ssl_free> ssl_;
  // What send() was given before the handshake was done.
  std::string queued_;
  // Where SSL_read puts a record before it is appended to the caller's
  // plaintext: a string grown for each read would be zeroed each time.
  std::string scratch_;
  strom::error failed_;
};

} // namespace strom
