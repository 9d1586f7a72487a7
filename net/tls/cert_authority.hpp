#pragma once
// A development certificate authority, for `strom tls init`: an EC P-256
// key and a self-signed CA certificate, and certificates it issues for
// nodes (server and client use, with the node's host as subject
// alternative name) and for clients. Production clusters bring their own
// PKI; this one makes turning security on locally a single command.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "messages/result.hpp"

struct evp_pkey_st;
struct x509_st;

namespace strom {

struct issued_pem {
  std::string cert;
  std::string key;
};

struct cert_request {
  std::string common_name;
  // DNS names or IP addresses; empty for a client certificate.
  std::vector<std::string> hosts;
  bool server = false;
  int days = 0;
};

class cert_authority {
public:
  static result<cert_authority> create(const std::string& common_name, int days);
  static result<cert_authority> load(const std::string& cert_pem, const std::string& key_pem);

  result<issued_pem> issue(const cert_request& request) const;
  issued_pem pem() const;

  cert_authority(cert_authority&&) noexcept;
  cert_authority& operator=(cert_authority&&) noexcept;
  ~cert_authority();

private:
  cert_authority();
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace strom
