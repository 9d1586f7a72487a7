// A door's TLS over memory buffers, against an OpenSSL client driven over
// memory buffers here: the handshake and data both ways, client
// certificates of the door's CA and of another, clients that do not speak
// TLS, bytes arriving one at a time, large payloads, close_notify, and a
// failing connection that must not take another one on the same thread
// with it (OpenSSL's per-thread error queue).

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "net/tls/cert_authority.hpp"
#include "net/tls/tls_channel.hpp"
#include "tests/unit/tls/tls_test_dir.hpp"

namespace strom {
namespace {

using namespace std::string_view_literals;

constexpr int days = 30;
// Enough for any handshake and a few MiB; a bound on hangs, not a budget.
constexpr int max_pump_rounds = 10000;
constexpr size_t large_payload_bytes = 1024 * 1024;
constexpr size_t read_chunk_bytes = 16 * 1024;

struct ctx_free {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct ssl_free {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct session_free {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using session_ptr = std::unique_ptr<SSL_SESSION, session_free>;

std::string openssl_reason() {
  auto code = ERR_get_error();
  ERR_clear_error();
  char buf[256] = "no reason given";
  if (code != 0)
    ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

// Files of a client: its certificate and key, empty for none.
struct client_identity {
  std::string cert_file;
  std::string key_file;
};

// The peer a door meets: OpenSSL's client over two memory BIOs, trusting
// the door's CA. It writes what it was asked to send once its handshake is
// done, so its first data may share a flight with its Finished.
class tls_client {
public:
  tls_client(const std::string& ca_file, const client_identity& id,
             int max_version = 0) {
    ctx_.reset(SSL_CTX_new(TLS_client_method()));
    if (max_version != 0) {
      // An old version alone, whatever the system's OpenSSL configuration
      // allows (TLS 1.1 needs security level 0 in OpenSSL 3).
      SSL_CTX_set_min_proto_version(ctx_.get(), max_version);
      SSL_CTX_set_max_proto_version(ctx_.get(), max_version);
      if (max_version < TLS1_2_VERSION)
        SSL_CTX_set_security_level(ctx_.get(), 0);
    }
    EXPECT_EQ(SSL_CTX_load_verify_locations(ctx_.get(), ca_file.c_str(), nullptr), 1);
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
    if (!id.cert_file.empty()) {
      EXPECT_EQ(SSL_CTX_use_certificate_file(ctx_.get(), id.cert_file.c_str(),
                                             SSL_FILETYPE_PEM), 1);
      EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx_.get(), id.key_file.c_str(),
                                            SSL_FILETYPE_PEM), 1);
    }
    ssl_.reset(SSL_new(ctx_.get()));
    SSL_set_bio(ssl_.get(), BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    BIO_set_mem_eof_return(SSL_get_rbio(ssl_.get()), -1);
    SSL_set_connect_state(ssl_.get());
    EXPECT_EQ(SSL_set1_host(ssl_.get(), "localhost"), 1);
  }

  void resume(SSL_SESSION* session) { EXPECT_EQ(SSL_set_session(ssl_.get(), session), 1); }
  session_ptr session() const { return session_ptr{SSL_get1_session(ssl_.get())}; }
  bool reused() const { return SSL_session_reused(ssl_.get()) == 1; }

  void send(std::string_view text) { to_send_ += text; }
  void feed(std::string_view bytes) {
    BIO_write(SSL_get_rbio(ssl_.get()), bytes.data(), static_cast<int>(bytes.size()));
  }

  // Handshake, then what was asked to be sent, then what came in.
  void drive() {
    if (!error_.empty())
      return;
    if (!SSL_is_init_finished(ssl_.get()) && !step(SSL_do_handshake(ssl_.get())))
      return;
    if (!SSL_is_init_finished(ssl_.get()))
      return;
    if (!to_send_.empty()) {
      ERR_clear_error();
      if (!step(SSL_write(ssl_.get(), to_send_.data(), static_cast<int>(to_send_.size()))))
        return;
      to_send_.clear();
    }
    read_all();
  }

  std::string take_outgoing() {
    auto out_bio = SSL_get_wbio(ssl_.get());
    std::string out(BIO_ctrl_pending(out_bio), '\0');
    if (!out.empty())
      BIO_read(out_bio, out.data(), static_cast<int>(out.size()));
    return out;
  }

  void close() {
    ERR_clear_error();
    SSL_shutdown(ssl_.get());
    ERR_clear_error();
  }

  bool established() const { return SSL_is_init_finished(ssl_.get()); }
  bool peer_closed() const {
    return (SSL_get_shutdown(ssl_.get()) & SSL_RECEIVED_SHUTDOWN) != 0;
  }
  const std::string& received() const { return received_; }
  const std::string& error() const { return error_; }

private:
  void read_all() {
    char buf[read_chunk_bytes];
    for (;;) {
      ERR_clear_error();
      auto n = SSL_read(ssl_.get(), buf, sizeof buf);
      if (n <= 0) {
        step(n);
        return;
      }
      received_.append(buf, static_cast<size_t>(n));
    }
  }

  // False when the call failed for good (recorded in error_).
  bool step(int rc) {
    if (rc > 0)
      return true;
    auto code = SSL_get_error(ssl_.get(), rc);
    if (code != SSL_ERROR_WANT_READ && code != SSL_ERROR_ZERO_RETURN)
      error_ = "client: SSL error " + std::to_string(code) + ": " + openssl_reason();
    return false;
  }

  std::unique_ptr<SSL_CTX, ctx_free> ctx_;
  std::unique_ptr<SSL, ssl_free> ssl_;
  std::string to_send_;
  std::string received_;
  std::string error_;
};

// What the door side saw: its plaintext and its first error.
struct door_side {
  explicit door_side(const tls_server_context& context) : channel(context) {}
  tls_channel channel;
  std::string plaintext;
  result<void> status;
};

// Bytes back and forth until neither side has any; the client's reach the
// channel `piece_bytes` at a time (0: all at once).
void pump(tls_client& client, door_side& door, size_t piece_bytes = 0) {
  for (int round = 0; round < max_pump_rounds; ++round) {
    client.drive();
    auto to_door = client.take_outgoing();
    auto step = piece_bytes == 0 ? to_door.size() : piece_bytes;
    for (size_t at = 0; at < to_door.size() && door.status; at += step)
      door.status = door.channel.receive(std::string_view{to_door}.substr(at, step),
                                         door.plaintext);
    auto to_client = door.channel.take_outgoing();
    client.feed(to_client);
    if (to_door.empty() && to_client.empty())
      return;
  }
  ADD_FAILURE() << "the two sides did not go quiet";
}

class tls_channel_test : public ::testing::Test {
protected:
  void SetUp() override {
    auto ca = cert_authority::create("test CA", days);
    auto other_ca = cert_authority::create("other CA", days);
    ASSERT_TRUE(ca && other_ca);
    ca_file_ = write("ca.crt", ca->pem().cert, 0644);
    auto node = ca->issue(cert_request{"node-1", {"127.0.0.1", "localhost"}, true, days});
    auto alice = ca->issue(cert_request{"alice", {}, false, days});
    auto mallory = other_ca->issue(cert_request{"mallory", {}, false, days});
    ASSERT_TRUE(node && alice && mallory);
    node_ = {write("node.crt", node->cert, 0644), write("node.key", node->key, 0600)};
    alice_ = {write("alice.crt", alice->cert, 0644), write("alice.key", alice->key, 0600)};
    mallory_ = {write("mallory.crt", mallory->cert, 0644),
                write("mallory.key", mallory->key, 0600)};
  }
  std::string write(const std::string& name, const std::string& text, mode_t mode) {
    return dir_.write(name, text, mode);
  }

  tls_server_context context(bool require_client_cert = false) {
    auto ctx = tls_server_context::create(
      {{ca_file_, node_.cert_file, node_.key_file}, require_client_cert});
    EXPECT_TRUE(ctx) << ctx.error().message;
    return *std::move(ctx);
  }

  // A channel established with `client`, its plaintext so far read.
  void establish(tls_client& client, door_side& door) {
    pump(client, door);
    ASSERT_TRUE(door.status) << door.status.error().message;
    ASSERT_EQ(client.error(), "");
    ASSERT_TRUE(door.channel.established());
    ASSERT_TRUE(client.established());
  }

  // A client that speaks no TLS is refused with an error, and any answer
  // is an alert record (content type 21), never a crash or a wait.
  void expect_refused(std::string_view bytes) {
    door_side door{context()};
    auto r = door.channel.receive(bytes, door.plaintext);
    ASSERT_FALSE(r) << "accepted " << bytes;
    EXPECT_EQ(r.error().code, errc::bad_request);
    EXPECT_NE(r.error().message.find("TLS handshake failed"), std::string::npos)
      << r.error().message;
    EXPECT_EQ(door.plaintext, "");
    EXPECT_FALSE(door.channel.established());
    auto alert = door.channel.take_outgoing();
    if (!alert.empty()) {
      EXPECT_EQ(alert[0], '\x15');
    }
    // The channel stays failed: more bytes get the same error.
    EXPECT_FALSE(door.channel.receive(bytes, door.plaintext));
  }

  tls_test_dir dir_;
  std::string ca_file_;
  client_identity node_;
  client_identity alice_;
  client_identity mallory_;
};

TEST_F(tls_channel_test, handshake_and_data_both_ways) {
  door_side door{context()};
  // Sent before the handshake: queued, then first on the wire.
  ASSERT_TRUE(door.channel.send("welcome\n"));
  tls_client client{ca_file_, {}};
  client.send("PING\r\n");
  establish(client, door);
  EXPECT_EQ(door.plaintext, "PING\r\n");
  EXPECT_EQ(client.received(), "welcome\n");
  ASSERT_TRUE(door.channel.send("PONG\r\n"));
  client.send("again\n");
  pump(client, door);
  EXPECT_TRUE(door.status) << door.status.error().message;
  EXPECT_EQ(door.plaintext, "PING\r\nagain\n");
  EXPECT_EQ(client.received(), "welcome\nPONG\r\n");
  // No client certificate asked for was sent: no name.
  EXPECT_EQ(door.channel.peer_common_name(), std::nullopt);
}

TEST_F(tls_channel_test, tls_1_2_is_spoken_and_tls_1_1_refused) {
  door_side door{context()};
  tls_client client{ca_file_, alice_, TLS1_2_VERSION};
  client.send("hello");
  establish(client, door);
  EXPECT_EQ(door.plaintext, "hello");
  EXPECT_EQ(door.channel.peer_common_name(), "alice");

  door_side old_door{context()};
  tls_client old_client{ca_file_, {}, TLS1_1_VERSION};
  pump(old_client, old_door);
  ASSERT_FALSE(old_door.status);
  EXPECT_NE(old_door.status.error().message.find("unsupported protocol"), std::string::npos)
    << old_door.status.error().message;
}

// TLS 1.3: the client's first data goes out right behind its Finished, and
// the door returns it from the very receive that ends the handshake.
TEST_F(tls_channel_test, data_in_the_flight_of_the_finished_is_returned) {
  door_side door{context()};
  tls_client client{ca_file_, {}};
  client.drive(); // ClientHello
  ASSERT_TRUE(door.channel.receive(client.take_outgoing(), door.plaintext));
  client.feed(door.channel.take_outgoing());
  client.send("first request");
  client.drive(); // Finished and the request
  ASSERT_TRUE(client.established()) << client.error();
  ASSERT_FALSE(door.channel.established());
  auto r = door.channel.receive(client.take_outgoing(), door.plaintext);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(door.channel.established());
  EXPECT_EQ(door.plaintext, "first request");
}

TEST_F(tls_channel_test, a_client_certificate_of_the_ca_names_the_peer) {
  door_side door{context(true)};
  tls_client client{ca_file_, alice_};
  client.send("hello");
  establish(client, door);
  EXPECT_EQ(door.plaintext, "hello");
  EXPECT_EQ(door.channel.peer_common_name(), "alice");
}

TEST_F(tls_channel_test, a_client_certificate_of_another_ca_is_refused) {
  door_side door{context()};
  tls_client client{ca_file_, mallory_};
  client.send("hello");
  pump(client, door);
  ASSERT_FALSE(door.status);
  EXPECT_EQ(door.status.error().code, errc::bad_request);
  EXPECT_NE(door.status.error().message.find("certificate verify failed"), std::string::npos)
    << door.status.error().message;
  EXPECT_NE(door.status.error().message.find("client certificate: "), std::string::npos)
    << door.status.error().message;
  EXPECT_EQ(door.plaintext, "");
  EXPECT_EQ(door.channel.peer_common_name(), std::nullopt);
  // The client heard why (an alert), not silence.
  EXPECT_NE(client.error(), "");
}

TEST_F(tls_channel_test, no_client_certificate_when_one_is_required_is_refused) {
  door_side door{context(true)};
  tls_client client{ca_file_, {}};
  client.send("hello");
  pump(client, door);
  ASSERT_FALSE(door.status);
  EXPECT_NE(door.status.error().message.find("certificate"), std::string::npos)
    << door.status.error().message;
  EXPECT_EQ(door.plaintext, "");
  EXPECT_NE(client.error(), "");
}

TEST_F(tls_channel_test, clients_that_speak_no_tls_are_refused) {
  expect_refused("PING\r\n");
  expect_refused("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i)
    garbage[i] = static_cast<char>((i * 7919 + 13) % 251);
  expect_refused(garbage);
}

TEST_F(tls_channel_test, a_plaintext_client_sending_a_byte_at_a_time_is_refused) {
  door_side door{context()};
  result<void> r;
  for (char c : std::string{"PING\r\n"})
    if (r)
      r = door.channel.receive(std::string_view{&c, 1}, door.plaintext);
  EXPECT_FALSE(r);
}

TEST_F(tls_channel_test, bytes_fed_one_at_a_time) {
  door_side door{context(true)};
  tls_client client{ca_file_, alice_};
  client.send("one byte at a time");
  pump(client, door, 1);
  ASSERT_TRUE(door.status) << door.status.error().message;
  EXPECT_TRUE(door.channel.established());
  EXPECT_EQ(door.plaintext, "one byte at a time");
  EXPECT_EQ(door.channel.peer_common_name(), "alice");
  ASSERT_TRUE(door.channel.send("and back"));
  pump(client, door, 1);
  EXPECT_EQ(client.received(), "and back");
}

TEST_F(tls_channel_test, a_mebibyte_each_way) {
  door_side door{context()};
  tls_client client{ca_file_, {}};
  establish(client, door);
  std::string payload(large_payload_bytes, '\0');
  for (size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>(i * 31 % 256);
  ASSERT_TRUE(door.channel.send(payload));
  client.send(payload);
  // The door gets the client's records in pieces that split them.
  pump(client, door, 1000);
  ASSERT_TRUE(door.status) << door.status.error().message;
  EXPECT_EQ(client.error(), "");
  EXPECT_TRUE(door.plaintext == payload) << door.plaintext.size() << " bytes";
  EXPECT_TRUE(client.received() == payload) << client.received().size() << " bytes";
}

TEST_F(tls_channel_test, close_notify_both_ways) {
  door_side door{context()};
  tls_client client{ca_file_, {}};
  client.send("last words");
  establish(client, door);
  EXPECT_FALSE(door.channel.closed());
  client.close();
  pump(client, door);
  ASSERT_TRUE(door.status) << door.status.error().message;
  EXPECT_EQ(door.plaintext, "last words");
  EXPECT_TRUE(door.channel.closed());
  // The door answers with its own and sends nothing after it.
  door.channel.close();
  door.channel.close();
  pump(client, door);
  EXPECT_TRUE(client.peer_closed());
  auto r = door.channel.send("too late");
  ASSERT_FALSE(r);
  EXPECT_EQ(door.channel.take_outgoing(), "");
}

TEST_F(tls_channel_test, close_before_the_handshake_queues_nothing) {
  door_side door{context()};
  door.channel.close();
  EXPECT_EQ(door.channel.take_outgoing(), "");
  EXPECT_FALSE(door.channel.established());
}

// One thread serves many connections: one failing, with a stale error left
// in the thread's OpenSSL queue besides, must not fail another.
TEST_F(tls_channel_test, a_failing_channel_leaves_another_on_the_thread_working) {
  auto ctx = context();
  door_side good{ctx};
  tls_client good_client{ca_file_, {}};
  establish(good_client, good);

  door_side bad{ctx};
  tls_client bad_client{ca_file_, {}};
  bad_client.drive(); // ClientHello: the bad one is mid-handshake
  ASSERT_TRUE(bad.channel.receive(bad_client.take_outgoing(), bad.plaintext));
  ASSERT_FALSE(bad.channel.take_outgoing().empty());
  good_client.send("between");
  pump(good_client, good);
  ASSERT_TRUE(good.status) << good.status.error().message;

  // A handshake record of 5 bytes that is no handshake message.
  auto r = bad.channel.receive("\x16\x03\x03\x00\x05garbage"sv, bad.plaintext);
  ASSERT_FALSE(r);
  // Its failure is not left for the next caller on the thread to find.
  EXPECT_EQ(ERR_peek_error(), 0u);

  // What other code on the thread (CAF's OpenSSL module) may leave behind,
  // right before the good channel's next bytes arrive.
  good_client.send("still here");
  good_client.drive();
  auto bytes = good_client.take_outgoing();
  ERR_raise(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER);
  auto still = good.channel.receive(bytes, good.plaintext);
  ASSERT_TRUE(still) << still.error().message;
  EXPECT_EQ(good.plaintext, "betweenstill here");
  ASSERT_TRUE(good.channel.send("and so am I"));
  pump(good_client, good);
  ASSERT_TRUE(good.status) << good.status.error().message;
  EXPECT_EQ(good_client.received(), "and so am I");
  ERR_clear_error();
}

// OpenSSL fails a resumed handshake that asks for a client certificate
// when the server set no session context; and a resumed session still
// names its client.
TEST_F(tls_channel_test, a_resumed_session_keeps_its_client_name) {
  auto ctx = context();
  door_side first{ctx};
  tls_client first_client{ca_file_, alice_};
  first_client.send("hello");
  establish(first_client, first);
  auto session = first_client.session();
  ASSERT_NE(session, nullptr);

  door_side second{ctx};
  tls_client second_client{ca_file_, alice_};
  second_client.resume(session.get());
  second_client.send("again");
  establish(second_client, second);
  EXPECT_TRUE(second_client.reused());
  EXPECT_EQ(second.plaintext, "again");
  EXPECT_EQ(second.channel.peer_common_name(), "alice");
}

TEST_F(tls_channel_test, files_that_cannot_be_used_are_named) {
  auto missing = tls_server_context::create(
    {{ca_file_, dir_.path() + "/nothing.crt", node_.key_file}, false});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::manifest_invalid);
  EXPECT_NE(missing.error().message.find(dir_.path() + "/nothing.crt"), std::string::npos)
    << missing.error().message;

  auto wrong_key = tls_server_context::create(
    {{ca_file_, node_.cert_file, alice_.key_file}, false});
  ASSERT_FALSE(wrong_key);
  EXPECT_NE(wrong_key.error().message.find(alice_.key_file), std::string::npos)
    << wrong_key.error().message;
  std::ifstream key{alice_.key_file};
  for (std::string line; std::getline(key, line);) {
    if (line.find("-----") == std::string::npos) {
      EXPECT_EQ(wrong_key.error().message.find(line), std::string::npos) << "key in a message";
    }
  }

  auto no_ca = tls_server_context::create(
    {{node_.key_file, node_.cert_file, node_.key_file}, false});
  ASSERT_FALSE(no_ca);
  EXPECT_NE(no_ca.error().message.find("CA file"), std::string::npos)
    << no_ca.error().message;
}

} // namespace
} // namespace strom
