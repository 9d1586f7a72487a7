#pragma once
// Exit statuses every subcommand shares, so that scripts can tell them apart.

namespace strom::exit_code {

inline constexpr int ok = 0;
inline constexpr int failure = 1;        // the operation ran and failed
inline constexpr int invalid_manifest = 2;
inline constexpr int unreachable = 3;    // no node answered within the timeout
inline constexpr int tls_unusable = 4;   // a TLS file is missing, exposed or invalid
inline constexpr int usage = 64;         // wrong arguments (sysexits' EX_USAGE)

} // namespace strom::exit_code
