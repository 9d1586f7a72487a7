// SSL_read, SSL_write, SSL_accept and SSL_connect of this executable, each
// clearing OpenSSL's error queue before it calls libssl's own.
//
// Why: CAF 0.17's OpenSSL module (whose contexts strom cannot reach) never
// clears that queue, and OpenSSL 3 leaves an error in it for every peer
// that goes away without a close_notify (CAF never sends one) and for every
// failed handshake. The queue is per thread, and CAF's multiplexer thread
// serves every connection: SSL_get_error after the next read on any other
// connection then reports that stale error, and CAF drops that connection
// too. So one tool disconnecting, or one plaintext client, dropped every
// link between nodes. Clearing before each call is what OpenSSL asks of
// its callers. The executable exports these four symbols (CMakeLists.txt),
// so that libssl's callers in CAF bind to them.

#include <dlfcn.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template <class F>
F libssl(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

using io_fn = int (*)(SSL*, void*, int);
using write_fn = int (*)(SSL*, const void*, int);
using handshake_fn = int (*)(SSL*);

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static const auto real = libssl<io_fn>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static const auto real = libssl<write_fn>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static const auto real = libssl<handshake_fn>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static const auto real = libssl<handshake_fn>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

} // extern "C"
