#include "net/kafka/init_producer_id_api.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

result<init_producer_id_request> read_init_producer_id(std::string_view body) {
  wire_reader r{body, false};
  init_producer_id_request out;
  out.transactional_id = r.nullable_string();
  out.transaction_timeout_ms = r.int32();
  if (r.failed())
    return error{errc::bad_request, "InitProducerId: " + r.failure()};
  return out;
}

std::string write_init_producer_id(error_code error, int64_t producer_id, int16_t epoch) {
  wire_writer w{false};
  w.int32(0); // throttle_time_ms
  w.int16(wire(error));
  w.int64(producer_id);
  w.int16(epoch);
  return w.take();
}

} // namespace strom::kafka
