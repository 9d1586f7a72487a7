#pragma once
// Checks a set of TLS files before CAF's OpenSSL module sees them: that
// module throws on a file it cannot use, on its multiplexer thread, and the
// process ends. So each file is read here first and every problem named:
// unreadable, a key others may read, a key that is not the certificate's, a
// certificate its CA did not sign or that has expired. Only paths are
// named, never what a key holds.

#include <string>
#include <vector>

#include "messages/security_config.hpp"

namespace strom {

// Empty when every file can be used. `role` names the files in messages,
// such as "peer TLS of node 2".
std::vector<std::string> check_tls_files(const tls_files& files, const std::string& role);

// The private key's own check alone: no access for others (its owner's
// group may read it).
std::string check_key_mode(const std::string& key_file);

// A PEM file's text, for a library that takes PEM in memory; empty when it
// cannot be read (the files were checked at start).
std::string read_pem_text(const std::string& path);

} // namespace strom
