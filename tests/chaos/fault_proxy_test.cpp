// The fault proxy itself, between two sockets of this test: what each fault
// does to bytes, FINs and connections.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/chaos/fault_proxy.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Bytes that arrive on `fd` within `timeout`: up to `want` of them, fewer on
// EOF ("" then) or a reset (nothing).
std::optional<std::string> receive(int fd, size_t want, std::chrono::milliseconds timeout) {
  std::string out;
  auto until = clock_type::now() + timeout;
  while (out.size() < want) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      return out;
    char buffer[4096];
    auto n = ::recv(fd, buffer, std::min(sizeof buffer, want - out.size()), 0);
    if (n < 0)
      return std::nullopt;
    if (n == 0)
      return out;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

void send_all(int fd, const std::string& bytes) {
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
}

class fault_proxy_test : public ::testing::Test {
protected:
  fault_proxy_test() : proxy_{7} {
    target_ = ::socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback_address(0);
    ::bind(target_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(target_, 16);
    socklen_t size = sizeof a;
    ::getsockname(target_, reinterpret_cast<sockaddr*>(&a), &size);
    listen_port_ = free_port();
    proxy_.add_link("l", listen_port_, ntohs(a.sin_port));
  }

  ~fault_proxy_test() override {
    for (int fd : fds_)
      ::close(fd);
    ::close(target_);
  }

  // A connection through the proxy: the dialler's socket and the listener's.
  std::pair<int, int> open() {
    int dialler = ::socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback_address(listen_port_);
    EXPECT_EQ(::connect(dialler, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    fds_.push_back(dialler);
    pollfd p{target_, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1)
      return {dialler, -1};
    int listener = ::accept(target_, nullptr, nullptr);
    fds_.push_back(listener);
    return {dialler, listener};
  }

  fault_proxy proxy_;
  int target_ = -1;
  uint16_t listen_port_ = 0;
  std::vector<int> fds_;
};

TEST_F(fault_proxy_test, a_healthy_link_passes_bytes_both_ways_and_the_fin) {
  auto [dialler, listener] = open();
  ASSERT_GE(listener, 0);
  send_all(dialler, "ping");
  EXPECT_EQ(receive(listener, 4, 5s), "ping");
  send_all(listener, "pong");
  EXPECT_EQ(receive(dialler, 4, 5s), "pong");
  ::shutdown(dialler, SHUT_WR);
  EXPECT_EQ(receive(listener, 1, 5s), "");
}

TEST_F(fault_proxy_test, a_stalled_way_holds_its_bytes_until_lifted_while_the_other_flows) {
  auto [dialler, listener] = open();
  ASSERT_GE(listener, 0);
  link_fault fault;
  fault.to_listener.stalled = true;
  proxy_.set("l", fault);
  send_all(dialler, "held");
  send_all(listener, "flows");
  EXPECT_EQ(receive(dialler, 5, 5s), "flows");
  // Bytes that must not come: a bounded look, then they must come.
  EXPECT_EQ(receive(listener, 4, 300ms), "");
  proxy_.set("l", link_fault::healthy());
  EXPECT_EQ(receive(listener, 4, 5s), "held");
}

TEST_F(fault_proxy_test, a_blackhole_holds_both_ways_without_a_reset) {
  auto [dialler, listener] = open();
  ASSERT_GE(listener, 0);
  proxy_.set("l", link_fault::blackhole());
  send_all(dialler, "a");
  send_all(listener, "b");
  EXPECT_EQ(receive(listener, 1, 300ms), "");
  EXPECT_EQ(receive(dialler, 1, 300ms), "");
  EXPECT_EQ(proxy_.connections("l"), 1u);
  proxy_.set("l", link_fault::healthy());
  EXPECT_EQ(receive(listener, 1, 5s), "a");
  EXPECT_EQ(receive(dialler, 1, 5s), "b");
}

TEST_F(fault_proxy_test, a_cut_resets_connections_and_refuses_new_ones_until_healed) {
  auto [dialler, listener] = open();
  ASSERT_GE(listener, 0);
  proxy_.set("l", link_fault::reset());
  EXPECT_EQ(receive(dialler, 1, 5s), std::nullopt) << "no reset";
  EXPECT_EQ(receive(listener, 1, 5s), std::nullopt) << "no reset";

  int refused = ::socket(AF_INET, SOCK_STREAM, 0);
  fds_.push_back(refused);
  auto a = loopback_address(listen_port_);
  ASSERT_EQ(::connect(refused, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(receive(refused, 1, 5s), std::nullopt) << "a new connection was not reset";

  proxy_.set("l", link_fault::healthy());
  auto [again, other_end] = open();
  ASSERT_GE(other_end, 0);
  send_all(again, "back");
  EXPECT_EQ(receive(other_end, 4, 5s), "back");
}

TEST_F(fault_proxy_test, a_delay_with_jitter_waits_and_keeps_the_order) {
  auto [dialler, listener] = open();
  ASSERT_GE(listener, 0);
  link_fault fault;
  fault.to_listener.delay_ms = 100ms;
  fault.to_listener.jitter_ms = 50ms;
  proxy_.set("l", fault);
  std::string sent;
  auto start = clock_type::now();
  for (int i = 0; i < 50; ++i) {
    std::string piece(1, static_cast<char>('A' + i % 26));
    send_all(dialler, piece);
    sent += piece;
  }
  auto first = receive(listener, 1, 5s);
  EXPECT_GE(clock_type::now() - start, 100ms);
  auto rest = receive(listener, sent.size() - 1, 10s);
  ASSERT_TRUE(first && rest);
  EXPECT_EQ(*first + *rest, sent);
}

} // namespace
} // namespace strom::testing
