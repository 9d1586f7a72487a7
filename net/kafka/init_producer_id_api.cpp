#include "net/kafka/init_producer_id_api.hpp"

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t resume_from = 3; // the producer's current id and epoch

} // namespace

result<init_producer_id_request> read_init_producer_id(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::init_producer_id, version)};
  init_producer_id_request out;
  out.transactional_id = r.nullable_string();
  out.transaction_timeout_ms = r.int32();
  if (version >= resume_from) {
    r.int64(); // producer_id
    r.int16(); // producer_epoch
  }
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "InitProducerId: " + r.failure()};
  return out;
}

std::string write_init_producer_id(int16_t version, error_code error, int64_t producer_id,
                                   int16_t epoch) {
  wire_writer w{is_flexible(api_key::init_producer_id, version)};
  w.int32(0); // throttle_time_ms
  w.int16(wire(error));
  w.int64(producer_id);
  w.int16(epoch);
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
