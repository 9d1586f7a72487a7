// strom's murmur2 gives exactly the hashes Kafka's Java client computes, so a
// keyed record lands on the partition a Kafka client would choose.

#include <string>

#include <gtest/gtest.h>

#include "actors/partitioning/murmur2.hpp"

namespace strom {
namespace {

struct vector_case {
  std::string key;
  int32_t hash;
};

void expect_hashes(const std::vector<vector_case>& cases) {
  for (const auto& c : cases)
    EXPECT_EQ(kafka_murmur2(c.key), c.hash) << "key \"" << c.key << "\"";
}

// Apache Kafka, clients/src/test/java/org/apache/kafka/common/utils/
// UtilsTest.java, testMurmur2 (the expected values of Utils.murmur2).
TEST(kafka_murmur2, matches_kafka_utils_test) {
  expect_hashes({
    {"21", -973932308},
    {"foobar", -790332482},
    {"a-little-bit-long-string", -985981536},
    {"a-little-bit-longer-string", -1486304829},
    {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
    {"abc", 479470107},
  });
}

// librdkafka, src/rdmurmur2.c, unittest_murmur2 (java_murmur2_results: the
// values of Kafka's Java murmur2, as int32). The suffixes of "1234" and of the
// long key exercise every tail length 0..3.
TEST(kafka_murmur2, matches_librdkafka_unittest) {
  const std::string short_key = "1234";
  const std::string long_key = "PreAmbleWillBeRemoved,ThePrePartThatIs";
  expect_hashes({
    {"kafka", static_cast<int32_t>(0xd067cf64u)},
    {"giberish123456789", static_cast<int32_t>(0x8f552b0cu)},
    {short_key, static_cast<int32_t>(0x9fc97b14u)},
    {short_key.substr(1), static_cast<int32_t>(0xe7c009cau)},
    {short_key.substr(2), static_cast<int32_t>(0x873930dau)},
    {short_key.substr(3), static_cast<int32_t>(0x5a4b5ca1u)},
    {long_key, static_cast<int32_t>(0x78424f1cu)},
    {long_key.substr(1), static_cast<int32_t>(0x4a62b377u)},
    {long_key.substr(2), static_cast<int32_t>(0xe0e4e09eu)},
    {long_key.substr(3), static_cast<int32_t>(0x62b8b43fu)},
    {"", static_cast<int32_t>(0x106e08d9u)},
  });
}

// Akka, akka-cluster-sharding-typed/src/test/scala/akka/cluster/sharding/
// typed/internal/Murmur2Spec.scala ("expected correct hash values from the
// kafka murmur2 impl").
TEST(kafka_murmur2, matches_akka_murmur2_spec) {
  expect_hashes({
    {"1", -1993445489},
    {"12", 126087238},
    {"123", -267702483},
    {"1234", -1614185708},
    {"12345", -1188365604},
  });
}

TEST(kafka_murmur2, hashes_bytes_not_characters) {
  // Bytes above 0x7f must be taken unsigned (Java's `& 0xff`): a key with
  // them hashes differently from the same key with them cleared.
  const std::string high{"\xff\xfe\xfd\xfc\xfb", 5};
  const std::string cleared{"\x7f\x7e\x7d\x7c\x7b", 5};
  EXPECT_NE(kafka_murmur2(high), kafka_murmur2(cleared));
  // A NUL inside a key is part of it.
  EXPECT_NE(kafka_murmur2(std::string{"a\0b", 3}), kafka_murmur2("ab"));
}

TEST(kafka_murmur2, to_positive_clears_the_sign_bit_like_kafka) {
  EXPECT_EQ(kafka_to_positive(-1), 0x7fffffff);
  EXPECT_EQ(kafka_to_positive(INT32_MIN), 0) << "not abs(): Kafka's toPositive";
  EXPECT_EQ(kafka_to_positive(5), 5);
}

TEST(kafka_murmur2, key_partition_is_to_positive_of_the_hash_modulo_the_count) {
  // "foobar": -790332482 (Kafka's UtilsTest) & 0x7fffffff = 1357151166.
  EXPECT_EQ(kafka_key_partition("foobar", 6), partition_id{1357151166 % 6});
  EXPECT_EQ(kafka_key_partition("foobar", 6), partition_id{0});
  // "21": -973932308 & 0x7fffffff = 1173551340.
  EXPECT_EQ(kafka_key_partition("21", 7), partition_id{1173551340 % 7});
  EXPECT_EQ(kafka_key_partition("abc", 1), partition_id{0});
}

} // namespace
} // namespace strom
