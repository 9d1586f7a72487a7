#pragma once
// The bytes of a batch of write requests, as the commit log (commit_log.hpp)
// keeps them until LMDB holds the commit. Node-local: fixed-width fields in
// the machine's byte order. decode_requests never trusts its input: a short
// or inconsistent record is an error, never a crash.

#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "storage/write_request.hpp"

namespace strom::storage {

// Appends the encoding of `requests` to `out`.
void encode_requests(const std::vector<const write_request*>& requests, std::string& out);
result<std::vector<write_request>> decode_requests(std::string_view bytes);

} // namespace strom::storage
