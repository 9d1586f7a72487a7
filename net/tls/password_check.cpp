#include "net/tls/password_check.hpp"

#include <openssl/crypto.h>

#include "net/tls/scram.hpp"

namespace strom {

namespace {

bool same(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

bool password_check::matches(const std::string& user, const scram_credential& c,
                             std::string_view password) {
  auto digest = scram_hash(c.mechanism, c.salt + std::string{password});
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto it = matched_.find(user);
    if (it != matched_.end() && same(it->second.stored_key, c.stored_key))
      return same(it->second.digest, digest);
  }
  auto derived = scram_credential_with_salt(password, c.mechanism, c.iterations, c.salt);
  if (!same(derived.stored_key, c.stored_key))
    return false;
  std::lock_guard<std::mutex> guard{mutex_};
  matched_[user] = remembered{c.stored_key, digest};
  return true;
}

} // namespace strom
