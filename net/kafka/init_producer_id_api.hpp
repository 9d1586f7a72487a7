#pragma once
// InitProducerId (key 22), v0-v3 (flexible from v2): an idempotent
// producer's identity, the producer id from the controller's counter and
// epoch 0. v3's producer id and epoch (a producer that asks to go on after
// an epoch error) get a new id all the same: the client starts its
// sequences again, as it does after a bumped epoch. Its batches then
// carry id, epoch and sequences, which each partition's producer table
// checks (duplicates answered with the first write's offset, gaps with
// OUT_OF_ORDER_SEQUENCE_NUMBER). A transactional id is refused: strom has
// no transaction coordinator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct init_producer_id_request {
  std::optional<std::string> transactional_id;
  int32_t transaction_timeout_ms = 0;
};

result<init_producer_id_request> read_init_producer_id(int16_t version, std::string_view body);
std::string write_init_producer_id(int16_t version, error_code error, int64_t producer_id,
                                   int16_t epoch);

} // namespace strom::kafka
