#include "net/tls/tls_check.hpp"

#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace strom {

namespace {

using ssl_ctx_ptr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using store_ctx_ptr = std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)>;
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

std::string openssl_reason() {
  auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return "not PEM";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

std::string unreadable(const std::string& file) {
  auto f = std::fopen(file.c_str(), "r");
  if (!f)
    return "cannot read " + file + ": " + std::strerror(errno);
  std::fclose(f);
  return {};
}

EVP_PKEY* read_key(const std::string& file) {
  auto bio = BIO_new_file(file.c_str(), "r");
  if (!bio)
    return nullptr;
  // No passphrase: OpenSSL's default would ask for one on the terminal.
  auto no_passphrase = [](char*, int, int, void*) { return 0; };
  auto key = PEM_read_bio_PrivateKey(bio, nullptr, no_passphrase, nullptr);
  BIO_free(bio);
  return key;
}

// The certificate against the CA file, as a TLS peer would check it.
std::string verify_chain(SSL_CTX* ctx) {
  auto cert = SSL_CTX_get0_certificate(ctx);
  STACK_OF(X509)* chain = nullptr;
  SSL_CTX_get0_chain_certs(ctx, &chain);
  store_ctx_ptr store{X509_STORE_CTX_new(), X509_STORE_CTX_free};
  if (!store || X509_STORE_CTX_init(store.get(), SSL_CTX_get_cert_store(ctx), cert, chain) != 1)
    return "cannot set up certificate verification: " + openssl_reason();
  if (X509_verify_cert(store.get()) == 1)
    return {};
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(store.get()));
}

} // namespace

std::string check_key_mode(const std::string& key_file) {
  struct stat st {};
  if (::stat(key_file.c_str(), &st) != 0)
    return "cannot read " + key_file + ": " + std::strerror(errno);
  // Others' bits only: a group may need to read it (Kubernetes' fsGroup
  // gives a secret's files to the pod's group, and systemd's UMask=0027
  // keeps others out).
  if ((st.st_mode & S_IRWXO) == 0)
    return {};
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return "private key " + key_file + " may be read by others (mode " + mode +
         "): chmod 600 it, owned by the user strom runs as";
}

std::vector<std::string> check_tls_files(const tls_files& files, const std::string& role) {
  std::vector<std::string> out;
  for (const auto* file : {&files.ca_file, &files.cert_file, &files.key_file})
    if (auto problem = unreadable(*file); !problem.empty())
      out.push_back(role + ": " + problem);
  if (!out.empty())
    return out;
  if (auto problem = check_key_mode(files.key_file); !problem.empty())
    out.push_back(role + ": " + problem);
  ssl_ctx_ptr ctx{SSL_CTX_new(TLS_method()), SSL_CTX_free};
  if (!ctx)
    return {role + ": cannot create a TLS context: " + openssl_reason()};
  if (SSL_CTX_load_verify_locations(ctx.get(), files.ca_file.c_str(), nullptr) != 1)
    out.push_back(role + ": CA file " + files.ca_file + " holds no certificate: " +
                  openssl_reason());
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), files.cert_file.c_str()) != 1) {
    out.push_back(role + ": certificate " + files.cert_file + " cannot be used: " +
                  openssl_reason());
    return out;
  }
  key_ptr key{read_key(files.key_file), EVP_PKEY_free};
  if (!key) {
    out.push_back(role + ": private key " + files.key_file +
                  " cannot be used (an unencrypted PEM key is needed): " + openssl_reason());
    return out;
  }
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx.get()), key.get()) != 1) {
    ERR_clear_error();
    out.push_back(role + ": private key " + files.key_file + " is not the key of " +
                  files.cert_file);
  }
  if (out.empty())
    if (auto problem = verify_chain(ctx.get()); !problem.empty())
      out.push_back(role + ": certificate " + files.cert_file + " is not valid under CA " +
                    files.ca_file + ": " + problem);
  return out;
}

std::string read_pem_text(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace strom
