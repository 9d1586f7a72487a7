#pragma once
// The producer's side of stamping: a batch sealed under one producer epoch
// is sent again under the next, with new sequences, when a batch before it
// was given up on (net/client/partition_batcher.hpp). The fields are fixed
// width, so the records and their CRC stay as they are. Apart from
// record_batch.hpp because only the producer needs it.

#include <string>

#include "messages/record_batch.hpp"

namespace strom {

// Writes producer id, epoch and base sequence into the batch in place;
// bad_request on bytes that are not a batch (left unchanged then).
result<void> restamp_record_batch_producer(std::string& batch, const producer_identity& producer);

} // namespace strom
