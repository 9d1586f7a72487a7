#include "net/tls/cert_authority.hpp"

#include <arpa/inet.h>

#include <ctime>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace strom {

namespace {

constexpr int serial_bits = 120;
// A certificate is valid from an hour ago: clocks of a cluster differ.
constexpr long backdate_s = 3600;
constexpr long day_s = 24 * 3600;

using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using cert_ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;

error openssl_error(const std::string& what) {
  auto code = ERR_get_error();
  ERR_clear_error();
  char buf[256] = "unknown reason";
  if (code != 0)
    ERR_error_string_n(code, buf, sizeof buf);
  return {errc::bad_request, what + ": " + buf};
}

key_ptr new_key() { return {EVP_EC_gen("P-256"), EVP_PKEY_free}; }

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  auto n = BIO_get_mem_data(bio, &data);
  return {data, static_cast<size_t>(n)};
}

std::string cert_pem(X509* cert) {
  bio_ptr bio{BIO_new(BIO_s_mem()), BIO_free};
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

std::string key_pem(EVP_PKEY* key) {
  bio_ptr bio{BIO_new(BIO_s_mem()), BIO_free};
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(bio.get());
}

bool is_ip(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string alt_names(const std::vector<std::string>& hosts) {
  std::string out;
  for (const auto& h : hosts)
    out += (out.empty() ? "" : ",") + std::string{is_ip(h) ? "IP:" : "DNS:"} + h;
  return out;
}

bool add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  auto ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext)
    return false;
  auto ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// Subject, key, validity and a random serial: what every certificate has.
cert_ptr new_cert(const std::string& common_name, EVP_PKEY* key, int days) {
  cert_ptr cert{X509_new(), X509_free};
  X509_set_version(cert.get(), 2);
  auto serial = BN_new();
  BN_rand(serial, serial_bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get()));
  BN_free(serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -backdate_s);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * day_s);
  auto name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("strom"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_pubkey(cert.get(), key);
  return cert;
}

} // namespace

struct cert_authority::impl {
  key_ptr key{nullptr, EVP_PKEY_free};
  cert_ptr cert{nullptr, X509_free};
};

cert_authority::cert_authority() : impl_(std::make_unique<impl>()) {}
cert_authority::cert_authority(cert_authority&&) noexcept = default;
cert_authority& cert_authority::operator=(cert_authority&&) noexcept = default;
cert_authority::~cert_authority() = default;

result<cert_authority> cert_authority::create(const std::string& common_name, int days) {
  cert_authority ca;
  ca.impl_->key = new_key();
  if (!ca.impl_->key)
    return openssl_error("cannot make a key");
  ca.impl_->cert = new_cert(common_name, ca.impl_->key.get(), days);
  auto cert = ca.impl_->cert.get();
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  bool ok = add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE") &&
            add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
            add_extension(cert, cert, NID_subject_key_identifier, "hash");
  if (!ok || X509_sign(cert, ca.impl_->key.get(), EVP_sha256()) == 0)
    return openssl_error("cannot sign the CA certificate");
  return ca;
}

result<cert_authority> cert_authority::load(const std::string& cert_text,
                                            const std::string& key_text) {
  cert_authority ca;
  bio_ptr cert_bio{BIO_new_mem_buf(cert_text.data(), static_cast<int>(cert_text.size())),
                   BIO_free};
  bio_ptr key_bio{BIO_new_mem_buf(key_text.data(), static_cast<int>(key_text.size())),
                  BIO_free};
  ca.impl_->cert.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  ca.impl_->key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!ca.impl_->cert || !ca.impl_->key)
    return openssl_error("cannot read the CA's certificate and key");
  if (X509_check_private_key(ca.impl_->cert.get(), ca.impl_->key.get()) != 1)
    return openssl_error("the CA's key is not its certificate's");
  return ca;
}

result<issued_pem> cert_authority::issue(const cert_request& request) const {
  auto key = new_key();
  if (!key)
    return openssl_error("cannot make a key");
  auto cert = new_cert(request.common_name, key.get(), request.days);
  auto issuer = impl_->cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer));
  bool ok = add_extension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE") &&
            add_extension(cert.get(), issuer, NID_key_usage,
                          "critical,digitalSignature,keyEncipherment") &&
            add_extension(cert.get(), issuer, NID_ext_key_usage,
                          request.server ? "serverAuth,clientAuth" : "clientAuth") &&
            add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid");
  if (ok && !request.hosts.empty())
    ok = add_extension(cert.get(), issuer, NID_subject_alt_name, alt_names(request.hosts));
  if (!ok || X509_sign(cert.get(), impl_->key.get(), EVP_sha256()) == 0)
    return openssl_error("cannot sign the certificate of " + request.common_name);
  return issued_pem{cert_pem(cert.get()), key_pem(key.get())};
}

issued_pem cert_authority::pem() const {
  return {cert_pem(impl_->cert.get()), key_pem(impl_->key.get())};
}

} // namespace strom
