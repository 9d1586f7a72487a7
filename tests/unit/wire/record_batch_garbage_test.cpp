// Garbage into every decoder gives a typed error, never a crash, and a failed
// stamp leaves the bytes as they were. Validation (a producer's batch) and
// decoding (a batch from the log) agree, but on a compacted batch, which
// only the log makes: random bytes make one now and then.

#include <random>

#include <gtest/gtest.h>

#include "messages/record_batch.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"
#include "tests/support/test_seed.hpp"

namespace strom {
namespace {

// Feeds bytes to every entry point; true when all of them agreed it is valid.
bool feed_everything(const std::string& bytes) {
  auto header = read_batch_header(bytes);
  if (!header) {
    EXPECT_EQ(header.error().code, errc::bad_request) << header.error().describe();
  }
  auto validated = validate_record_batch(bytes);
  if (!validated) {
    EXPECT_EQ(validated.error().code, errc::bad_request) << validated.error().describe();
  }
  auto decoded = decode_record_batch(bytes);
  if (!decoded) {
    EXPECT_EQ(decoded.error().code, errc::bad_request) << decoded.error().describe();
  }
  bool compacted = header && header->compacted();
  EXPECT_EQ(validated.has_value(), decoded.has_value() && !compacted);
  auto copy = bytes;
  auto stamped = stamp_record_batch(copy, {record_offset{1}, term_id{1}, int64_t{5}});
  if (!stamped) {
    EXPECT_EQ(stamped.error().code, errc::bad_request);
    EXPECT_EQ(copy, bytes) << "a failed stamp changed the bytes";
  }
  return validated.has_value();
}

TEST(record_batch_garbage, random_bytes_give_typed_errors) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937_64 random(seed);
  for (int round = 0; round < 20'000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (auto& c : bytes)
      c = static_cast<char>(random());
    feed_everything(bytes);
  }
}

TEST(record_batch_garbage, every_proper_prefix_of_a_batch_is_refused) {
  auto bytes = test::encoded(test::three_records());
  for (size_t length = 0; length < bytes.size(); ++length)
    EXPECT_FALSE(feed_everything(bytes.substr(0, length))) << "prefix of " << length << " bytes";
  EXPECT_TRUE(feed_everything(bytes));
}

TEST(record_batch_garbage, single_bit_flips_never_crash) {
  auto bytes = test::encoded(test::three_records());
  int accepted = 0;
  for (size_t i = 0; i < bytes.size() * 8; ++i) {
    auto flipped = bytes;
    flipped[i / 8] = static_cast<char>(flipped[i / 8] ^ (1 << (i % 8)));
    accepted += feed_everything(flipped) ? 1 : 0;
  }
  // Flips in the records are caught by the CRC; only header values may vary.
  EXPECT_LT(accepted, static_cast<int>(bytes.size() * 8) / 2);
}

TEST(record_batch_garbage, random_bytes_behind_a_valid_tag_give_typed_errors) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937_64 random(seed);
  const std::string tags = "\x09\x11\x7a\x45\x0a\x08\x0b\x0c\xff";
  for (int round = 0; round < 20'000; ++round) {
    std::string bytes(1, tags[random() % tags.size()]);
    bytes.resize(1 + random() % 24);
    for (size_t i = 1; i < bytes.size(); ++i)
      bytes[i] = static_cast<char>(random());
    feed_everything(bytes);
  }
}

} // namespace
} // namespace strom
