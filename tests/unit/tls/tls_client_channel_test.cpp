// The client's end of tls_channel (the C++ client library's link to a
// node's client door) against the door's end, both over memory buffers: the
// handshake and data both ways, the server's name and CA checked, and the
// client's certificate giving the door its principal.

#include <gtest/gtest.h>

#include "net/tls/cert_authority.hpp"
#include "net/tls/tls_channel.hpp"
#include "tests/unit/tls/tls_test_dir.hpp"

namespace strom {
namespace {

constexpr int days = 30;
// Enough for any handshake; a bound on hangs, not a budget.
constexpr int max_pump_rounds = 100;

struct pem_files {
  std::string cert_file;
  std::string key_file;
};

// One end: its channel, the plaintext it got and its first error.
struct end {
  tls_channel channel;
  std::string plaintext;
  result<void> status;
};

// Bytes back and forth until neither end has any or one failed.
void pump(end& client, end& server) {
  for (int round = 0; round < max_pump_rounds; ++round) {
    auto to_server = client.channel.take_outgoing();
    if (client.status && server.status && !to_server.empty())
      server.status = server.channel.receive(to_server, server.plaintext);
    auto to_client = server.channel.take_outgoing();
    if (client.status && !to_client.empty())
      client.status = client.channel.receive(to_client, client.plaintext);
    if (to_server.empty() && to_client.empty())
      return;
  }
  ADD_FAILURE() << "the two ends did not go quiet";
}

class tls_client_channel_test : public ::testing::Test {
protected:
  void SetUp() override {
    auto ca = cert_authority::create("test CA", days);
    auto other = cert_authority::create("other CA", days);
    ASSERT_TRUE(ca && other);
    ca_file_ = dir_.write("ca.crt", ca->pem().cert, 0644);
    other_ca_file_ = dir_.write("other.crt", other->pem().cert, 0644);
    node_ = issue(*ca, "node", {"127.0.0.1", "localhost"}, true);
    alice_ = issue(*ca, "alice", {}, false);
  }

  pem_files issue(const cert_authority& ca, const std::string& name,
                  const std::vector<std::string>& hosts, bool server) {
    auto pem = ca.issue(cert_request{name, hosts, server, days});
    EXPECT_TRUE(pem);
    return {dir_.write(name + ".crt", pem->cert, 0644), dir_.write(name + ".key", pem->key, 0600)};
  }

  end server() {
    auto ctx = tls_server_context::create({{ca_file_, node_.cert_file, node_.key_file}, false});
    EXPECT_TRUE(ctx);
    return end{tls_channel{*ctx}, {}, {}};
  }

  end client(const std::string& ca_file, const std::string& host, const pem_files& id = {}) {
    auto ctx = tls_client_context::create({ca_file, id.cert_file, id.key_file});
    EXPECT_TRUE(ctx) << ctx.error().message;
    return end{tls_channel{*ctx, host}, {}, {}};
  }

  tls_test_dir dir_;
  std::string ca_file_;
  std::string other_ca_file_;
  pem_files node_;
  pem_files alice_;
};

TEST_F(tls_client_channel_test, handshake_and_data_both_ways) {
  auto c = client(ca_file_, "127.0.0.1");
  auto s = server();
  ASSERT_TRUE(c.channel.send("hello from the client"));
  pump(c, s);
  ASSERT_TRUE(c.status) << c.status.error().message;
  ASSERT_TRUE(s.status) << s.status.error().message;
  EXPECT_TRUE(c.channel.established());
  EXPECT_EQ(s.plaintext, "hello from the client");
  ASSERT_TRUE(s.channel.send("hello from the door"));
  pump(c, s);
  EXPECT_EQ(c.plaintext, "hello from the door");
  EXPECT_EQ(s.channel.peer_common_name(), std::nullopt);
  EXPECT_EQ(c.channel.peer_common_name(), "node");
}

TEST_F(tls_client_channel_test, a_dns_name_of_the_certificate_is_accepted) {
  auto c = client(ca_file_, "localhost");
  auto s = server();
  pump(c, s);
  EXPECT_TRUE(c.status && s.status);
  EXPECT_TRUE(c.channel.established());
}

TEST_F(tls_client_channel_test, the_client_certificate_names_the_principal) {
  auto c = client(ca_file_, "127.0.0.1", alice_);
  auto s = server();
  pump(c, s);
  ASSERT_TRUE(s.status) << s.status.error().message;
  EXPECT_EQ(s.channel.peer_common_name(), "alice");
}

TEST_F(tls_client_channel_test, a_server_of_another_name_is_refused) {
  auto c = client(ca_file_, "10.1.2.3");
  auto s = server();
  pump(c, s);
  ASSERT_FALSE(c.status);
  EXPECT_NE(c.status.error().message.find("server certificate"), std::string::npos)
    << c.status.error().message;
  EXPECT_FALSE(c.channel.established());
}

TEST_F(tls_client_channel_test, a_server_of_another_ca_is_refused) {
  auto c = client(other_ca_file_, "127.0.0.1");
  auto s = server();
  ASSERT_TRUE(c.channel.send("secret"));
  pump(c, s);
  ASSERT_FALSE(c.status);
  EXPECT_NE(c.status.error().message.find("server certificate"), std::string::npos)
    << c.status.error().message;
  EXPECT_EQ(s.plaintext, "");
}

TEST_F(tls_client_channel_test, a_missing_ca_file_is_a_clear_error) {
  auto ctx = tls_client_context::create({dir_.path() + "/absent.crt", "", ""});
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().code, errc::bad_request);
  EXPECT_NE(ctx.error().message.find("absent.crt"), std::string::npos);
}

} // namespace
} // namespace strom
