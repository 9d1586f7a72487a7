// InitProducerId: the classic v0-v1 request, the flexible v2 and v3 (which
// names the producer's current id and epoch), and the answer at each.

#include <gtest/gtest.h>

#include "net/kafka/init_producer_id_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

std::string init_body(int16_t version) {
  bool flexible = version >= 2;
  wire_writer w{flexible};
  w.nullable_string(std::nullopt); // transactional_id: an idempotent producer
  w.int32(60000);
  if (version >= 3) {
    w.int64(41);
    w.int16(2);
  }
  w.tagged_fields();
  return w.take();
}

TEST(kafka_init_producer_id, requests_read_at_every_version) {
  for (int16_t version : {0, 1, 2, 3}) {
    auto body = init_body(version);
    auto r = read_init_producer_id(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->transactional_id, std::nullopt);
    EXPECT_EQ(r->transaction_timeout_ms, 60000);
    EXPECT_FALSE(read_init_producer_id(version, body.substr(0, body.size() - 1)))
      << "version " << version;
  }
}

TEST(kafka_init_producer_id, answers_carry_tagged_fields_from_v2) {
  for (int16_t version : {1, 2, 3}) {
    bool flexible = version >= 2;
    auto body = write_init_producer_id(version, error_code::none, 42, 0);
    wire_reader r{body, flexible};
    EXPECT_EQ(r.int32(), 0);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.int64(), 42);
    EXPECT_EQ(r.int16(), 0);
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u);
    }
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

} // namespace
} // namespace strom::kafka
