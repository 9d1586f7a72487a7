#pragma once
// The disk's own limit for what the store does under fsync=always: sequential
// writes, each followed by fdatasync, with no database in the way.

#include <cstdint>
#include <string>

namespace strom::storage {

// MB/s of sequential writes of `chunk_bytes`, each followed by fdatasync, for
// `duration_ms`, into a fresh file under `scratch_dir`.
double raw_fdatasync_mb_per_s(const std::string& scratch_dir, uint64_t chunk_bytes,
                              uint32_t duration_ms);

} // namespace strom::storage
