// InitProducerId through the Kafka door: a producer id from the controller's
// counter (the same strom's own idempotent producers get), epoch 0.

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/init_producer_id_api.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"

namespace strom::kafka_session_detail {

void init_producer_id(kafka_session_ptr self, response_slot slot,
                      const kafka::parsed_request& r) {
  auto request = kafka::read_init_producer_id(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  if (request->transactional_id)
    return deliver(self, slot, header,
                   kafka::write_init_producer_id(header.api_version,
                                                 kafka::error_code::invalid_request, -1, -1));
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                producer_id_atom::value)
    .then(
      [self, slot, header](int64_t id) {
        deliver(self, slot, header,
                kafka::write_init_producer_id(header.api_version, kafka::error_code::none, id, 0));
      },
      [self, slot, header](const caf::error& err) {
        deliver(self, slot, header,
                kafka::write_init_producer_id(header.api_version, kafka::kafka_code_of(err), -1,
                                              -1));
      });
}

} // namespace strom::kafka_session_detail
