#include "net/tls/scram.hpp"

#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace strom {

namespace {

const EVP_MD* digest_of(scram_mechanism m) {
  return m == scram_mechanism::sha_512 ? EVP_sha512() : EVP_sha256();
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

// SASLprep is left out: passwords are taken as the UTF-8 the user typed,
// as Kafka's are.
std::string scram_salted_password(std::string_view password, scram_mechanism m,
                                  int32_t iterations, std::string_view salt) {
  std::string out(digest_size_bytes(m), '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes_of(salt),
                    static_cast<int>(salt.size()), iterations, digest_of(m),
                    static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string scram_hash(scram_mechanism m, std::string_view data) {
  std::string out(digest_size_bytes(m), '\0');
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &size,
             digest_of(m), nullptr);
  return out;
}

std::string scram_hmac(scram_mechanism m, std::string_view key, std::string_view data) {
  std::string out(digest_size_bytes(m), '\0');
  unsigned int size = 0;
  HMAC(digest_of(m), key.data(), static_cast<int>(key.size()), bytes_of(data), data.size(),
       reinterpret_cast<unsigned char*>(out.data()), &size);
  return out;
}

scram_credential scram_credential_with_salt(std::string_view password, scram_mechanism m,
                                            int32_t iterations, std::string salt) {
  auto salted = scram_salted_password(password, m, iterations, salt);
  auto client_key = scram_hmac(m, salted, "Client Key");
  return scram_credential{m, std::move(salt), scram_hash(m, client_key),
                          scram_hmac(m, salted, "Server Key"), iterations};
}

scram_credential make_scram_credential(std::string_view password, scram_mechanism m,
                                       int32_t iterations) {
  return scram_credential_with_salt(password, m, iterations, random_bytes(scram_salt_bytes));
}

std::string random_bytes(size_t size) {
  std::string out(size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) != 1)
    throw std::runtime_error("OpenSSL's random generator failed");
  return out;
}

} // namespace strom
