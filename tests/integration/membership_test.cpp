// A cluster forms from real processes, notices a node that dies or freezes,
// and takes it back when it returns.

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "messages/error_category.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const node_id n1{1}, n2{2}, n3{3};

bool everyone_sees_everyone(cluster_view& view) {
  for (auto a : {n1, n2, n3})
    for (auto b : {n1, n2, n3})
      if (!view.sees(a, b, true))
        return false;
  return true;
}

TEST(membership, three_nodes_find_each_other_and_follow_a_killed_node) {
  test_cluster cluster{3};
  cluster_view view{cluster};
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return everyone_sees_everyone(view); }, 10s)) << cluster.logs();

  cluster.signal(n3, SIGKILL);
  cluster.reap(n3);
  EXPECT_TRUE(eventually([&] { return view.sees(n1, n3, false) && view.sees(n2, n3, false); },
                         5s))
    << cluster.logs();
  EXPECT_TRUE(view.sees(n1, n2, true)) << "a survivor lost sight of the other survivor";

  cluster.start(n3);
  EXPECT_TRUE(eventually([&] { return everyone_sees_everyone(view); }, 10s))
    << "node 3 did not rejoin\n" << cluster.logs();
}

TEST(membership, a_frozen_node_is_marked_down_by_missed_pings_and_up_when_it_thaws) {
  test_cluster cluster{3};
  cluster_view view{cluster};
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return everyone_sees_everyone(view); }, 10s)) << cluster.logs();

  // SIGSTOP keeps the TCP connection open: only the pings can tell.
  cluster.signal(n2, SIGSTOP);
  EXPECT_TRUE(eventually([&] { return view.sees(n1, n2, false) && view.sees(n3, n2, false); },
                         8s))
    << cluster.logs();
  cluster.signal(n2, SIGCONT);
  EXPECT_TRUE(eventually([&] { return everyone_sees_everyone(view); }, 10s)) << cluster.logs();
}

TEST(membership, a_node_stops_cleanly_on_sigterm_within_five_seconds) {
  test_cluster cluster{3};
  cluster_view view{cluster};
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return everyone_sees_everyone(view); }, 10s)) << cluster.logs();
  for (auto id : {n1, n2, n3}) {
    auto status = cluster.stop(id, 5s);
    ASSERT_TRUE(status.has_value()) << "node " << id << " took over 5 s\n" << cluster.logs();
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "node " << id << " ended with wait status " << *status << "\n" << cluster.logs();
  }
}

// A listening socket on a port of 127.0.0.1 that counts who connects.
class counting_listener {
public:
  explicit counting_listener(uint16_t port)
    : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int yes = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0
             && ::listen(fd_, 16) == 0;
  }
  ~counting_listener() { ::close(fd_); }
  bool bound() const { return bound_; }
  // Connections accepted so far (the kernel queues them while nobody calls).
  int accepted() {
    for (int c; (c = ::accept(fd_, nullptr, nullptr)) >= 0; ++accepted_)
      ::close(c);
    return accepted_;
  }

private:
  int fd_;
  bool bound_ = false;
  int accepted_ = 0;
};

// Of each pair of nodes only the lower id dials: two dials racing left a
// pair whose messages went one way only (issue 24, finding C). Nodes 2 and
// 3 run; a socket listens where node 1 would: neither ever dials it, and
// both say why node 1 is down.
TEST(membership, of_two_nodes_only_the_lower_id_dials) {
  test_cluster cluster{3};
  cluster_view view{cluster};
  counting_listener node_1{cluster.endpoint_of(n1).port};
  ASSERT_TRUE(node_1.bound());
  cluster.start(n2);
  cluster.start(n3);
  ASSERT_TRUE(eventually([&] { return view.sees(n2, n3, true) && view.sees(n3, n2, true); }, 10s))
    << cluster.logs();
  // Node 3's link to node 2 waited to be dialled, and each node dials at
  // once when it starts: a dial to node 1 would be in the queue by now.
  EXPECT_EQ(node_1.accepted(), 0) << cluster.logs();
  for (auto observer : {n2, n3}) {
    admin_client client{view.system(), {cluster.endpoint_of(observer)}, 1000ms};
    auto members = client.members();
    ASSERT_TRUE(members) << describe(members.error());
    for (const auto& m : *members)
      if (m.address.id == n1) {
        EXPECT_FALSE(m.up);
        EXPECT_NE(m.down_reason.find("waiting to be dialled by node 1"), std::string::npos)
          << "node " << observer << " says: " << m.down_reason;
      }
  }
}

TEST(membership, a_node_alone_reports_its_peers_down_with_a_reason) {
  test_cluster cluster{3};
  cluster_view view{cluster};
  cluster.start(n1);
  ASSERT_TRUE(eventually([&] { return view.sees(n1, n1, true); }, 10s)) << cluster.logs();
  admin_client client{view.system(), {cluster.endpoint_of(n1)}, 1000ms};
  auto members = client.members();
  ASSERT_TRUE(members) << describe(members.error());
  ASSERT_EQ(members->size(), 3u);
  for (const auto& m : *members) {
    EXPECT_EQ(m.up, m.address.id == n1);
    if (!m.up) {
      EXPECT_FALSE(m.down_reason.empty()) << "node " << m.address.id << " is down without a reason";
    }
  }
}

} // namespace
} // namespace strom::testing
