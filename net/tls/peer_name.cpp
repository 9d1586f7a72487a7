#include "net/tls/peer_name.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace strom {

namespace {

// The only CN of a certificate's subject: with none or several, the name
// is not one a door can map to a principal.
std::optional<std::string> common_name_of(X509* cert) {
  auto name = X509_get_subject_name(cert);
  auto at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (at < 0 || X509_NAME_get_index_by_NID(name, NID_commonName, at) >= 0)
    return std::nullopt;
  unsigned char* utf8 = nullptr;
  auto size = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at)));
  if (size < 0)
    return std::nullopt;
  std::string out{reinterpret_cast<char*>(utf8), static_cast<size_t>(size)};
  OPENSSL_free(utf8);
  // A NUL inside would let "admin\0.evil" pass as "admin" further on.
  if (out.find('\0') != std::string::npos)
    return std::nullopt;
  return out;
}

} // namespace

std::optional<std::string> verified_peer_name(const ssl_st* ssl) {
  if (!ssl || SSL_get_verify_result(ssl) != X509_V_OK)
    return std::nullopt;
  auto cert = SSL_get0_peer_certificate(ssl);
  if (!cert)
    return std::nullopt;
  return common_name_of(cert);
}

} // namespace strom
