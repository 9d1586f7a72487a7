// SaslHandshake (classic at both versions) and SaslAuthenticate (classic
// v0-v1, compact with tagged fields at v2, session lifetime from v1): each
// request read and each answer written at every version, some to the byte,
// and a body cut short refused.

#include <gtest/gtest.h>

#include "net/kafka/sasl_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

// A literal's bytes, NULs included, without its terminating one.
template <size_t N>
std::string raw(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

const std::vector<std::string> offered{"PLAIN", "SCRAM-SHA-256"};

std::string handshake_body(const std::string& mechanism) {
  wire_writer w{false};
  w.string(mechanism);
  return w.take();
}

std::string authenticate_body(int16_t version, const std::string& auth_bytes) {
  wire_writer w{version >= 2};
  w.bytes(auth_bytes);
  w.tagged_fields();
  return w.take();
}

TEST(kafka_sasl_handshake, the_request_is_a_classic_string_at_every_version) {
  EXPECT_EQ(handshake_body("PLAIN"), raw("\0\x05" "PLAIN"));
  for (int16_t version : {0, 1}) {
    auto body = handshake_body("SCRAM-SHA-512");
    auto r = read_sasl_handshake(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(*r, "SCRAM-SHA-512");
    EXPECT_FALSE(read_sasl_handshake(version, body.substr(0, body.size() - 1)))
      << "version " << version;
    EXPECT_FALSE(read_sasl_handshake(version, "")) << "version " << version;
  }
}

TEST(kafka_sasl_handshake, the_answer_lists_the_mechanisms_to_the_byte) {
  auto expected = raw("\0\x21" "\0\0\0\x02" "\0\x05" "PLAIN" "\0\x0d" "SCRAM-SHA-256");
  for (int16_t version : {0, 1})
    EXPECT_EQ(write_sasl_handshake(version, error_code::unsupported_sasl_mechanism, offered),
              expected)
      << "version " << version;
}

TEST(kafka_sasl_handshake, answers_read_back_at_every_version) {
  for (int16_t version : {0, 1}) {
    auto body = write_sasl_handshake(version, error_code::none, offered);
    wire_reader r{body, false};
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.string_array(), offered);
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_sasl_authenticate, requests_read_at_every_version) {
  auto message = raw("\0alice\0pw");
  for (int16_t version : {0, 1, 2}) {
    auto body = authenticate_body(version, message);
    auto r = read_sasl_authenticate(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(*r, message);
    EXPECT_FALSE(read_sasl_authenticate(version, body.substr(0, body.size() - 1)))
      << "version " << version;
  }
}

TEST(kafka_sasl_authenticate, requests_read_to_the_byte) {
  auto classic = read_sasl_authenticate(1, raw("\0\0\0\x03" "abc"));
  ASSERT_TRUE(classic);
  EXPECT_EQ(*classic, "abc");
  auto compact = read_sasl_authenticate(2, raw("\x04" "abc" "\0"));
  ASSERT_TRUE(compact);
  EXPECT_EQ(*compact, "abc");
  auto empty = read_sasl_authenticate(2, raw("\x01" "\0"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(kafka_sasl_authenticate, null_auth_bytes_are_refused) {
  EXPECT_FALSE(read_sasl_authenticate(0, raw("\xff\xff\xff\xff")));
  EXPECT_FALSE(read_sasl_authenticate(2, raw("\0" "\0")));
}

TEST(kafka_sasl_authenticate, answers_read_back_at_every_version) {
  sasl_authenticate_answer answer{error_code::sasl_authentication_failed, "no", "reply", 3600000};
  for (int16_t version : {0, 1, 2}) {
    auto body = write_sasl_authenticate(version, answer);
    wire_reader r{body, version >= 2};
    EXPECT_EQ(r.int16(), wire(error_code::sasl_authentication_failed));
    EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"no"});
    EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>{"reply"});
    if (version >= 1) {
      EXPECT_EQ(r.int64(), 3600000);
    }
    r.tagged_fields();
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_sasl_authenticate, answers_written_to_the_byte) {
  sasl_authenticate_answer refused{error_code::sasl_authentication_failed, "no", "", 0};
  EXPECT_EQ(write_sasl_authenticate(0, refused), raw("\0\x3a" "\0\x02" "no" "\0\0\0\0"));
  sasl_authenticate_answer ok{error_code::none, std::nullopt, "v=x", 1000};
  EXPECT_EQ(write_sasl_authenticate(1, ok),
            raw("\0\0" "\xff\xff" "\0\0\0\x03" "v=x" "\0\0\0\0\0\0\x03\xe8"));
  EXPECT_EQ(write_sasl_authenticate(2, ok),
            raw("\0\0" "\0" "\x04" "v=x" "\0\0\0\0\0\0\x03\xe8" "\0"));
}

} // namespace
} // namespace strom::kafka
