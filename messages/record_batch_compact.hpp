#pragma once
// What log compaction (storage/compaction.hpp) does to one batch: keeps the
// records a predicate keeps, at the offsets they had. The batch keeps its
// header (base offset, term, timestamps, producer and sequence) and the span
// of offsets it covers (last_offset_delta), so offsets never move and an
// idempotent producer's last sequence reads the same; a consumer sees gaps,
// as in Kafka. The records are written in Kafka's encoding, compressed as
// they were when they came compressed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "messages/record_batch.hpp"

namespace strom {

using record_keep = std::function<bool(const stored_record& r)>;

// The compacted batch, or nothing when `keep` keeps every record (the batch
// stays as it is). bad_request for bytes that are not a batch.
result<std::optional<std::string>> compact_record_batch(std::string_view batch,
                                                        const record_keep& keep);

} // namespace strom
