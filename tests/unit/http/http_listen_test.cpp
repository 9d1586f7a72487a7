// The door listens where the manifest's host resolves: an address, or a
// name as Kubernetes gives its pods (strom-0.strom), as the broker and the
// other doors do. A name that resolves nowhere is refused, saying which.

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>

#include "net/cluster/system_config.hpp"
#include "net/http/http_server.hpp"
#include "tests/support/process.hpp"

namespace strom {
namespace {

class http_listen_test : public ::testing::Test {
protected:
  caf::expected<std::unique_ptr<http_server>> listen_on(const std::string& host) {
    http_door_settings settings;
    settings.config.host = host;
    settings.config.port = testing::free_port();
    return http_server::start(sys_, std::move(settings));
  }

  strom_config cfg_;
  caf::actor_system sys_{cfg_};
};

TEST_F(http_listen_test, the_door_listens_on_a_host_name) {
  auto server = listen_on("localhost");
  ASSERT_TRUE(server) << sys_.render(server.error());
  EXPECT_TRUE(testing::port_accepts((*server)->port()));
  (*server)->stop();
}

TEST_F(http_listen_test, the_door_listens_on_an_address) {
  auto server = listen_on("127.0.0.1");
  ASSERT_TRUE(server) << sys_.render(server.error());
  EXPECT_TRUE(testing::port_accepts((*server)->port()));
  (*server)->stop();
}

TEST_F(http_listen_test, a_host_that_resolves_nowhere_is_named_in_the_refusal) {
  auto server = listen_on("no-such-host.invalid");
  ASSERT_FALSE(server);
  EXPECT_NE(sys_.render(server.error()).find("no-such-host.invalid"), std::string::npos)
    << sys_.render(server.error());
}

} // namespace
} // namespace strom
