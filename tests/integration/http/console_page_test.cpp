// The web console in a real browser: headless Chromium (Debian's
// `chromium`) loads node 1's page against three real nodes and the DOM it
// built is checked: every node up, a created topic with its partitions, a
// consumer group with its lag; then a killed node shows as down. A
// screenshot of each is kept as a test artifact (STROM_ARTIFACT_DIR).

#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <regex>

#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/http/support/rest_consumer.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Bounds on waits, never claims about speed.
constexpr auto ready_wait = 60s;
constexpr auto browser_wait = 60s;
const char* const chromium = "/usr/bin/chromium";

std::string shown(const http_reply& r) {
  return std::to_string(r.status) + " " + r.text;
}

// Chromium's arguments: headless, as root (no sandbox), no GPU; the page's
// timers and fetches run to their end within the virtual time budget.
std::vector<std::string> browser(const std::vector<std::string>& args) {
  std::vector<std::string> argv{chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                "--disable-dev-shm-usage", "--virtual-time-budget=8000",
                                "--window-size=1400,900"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

class console_page_test : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(::access(chromium, X_OK), 0)
      << chromium << " is missing: `make deps` installs Debian's chromium for the tests";
    cluster_.open_door_ports(test_cluster::door::http);
    cluster_.start_all();
    for (int n = 1; n <= 3; ++n)
      ASSERT_TRUE(eventually([&] { return ready(n); }, ready_wait)) << "node " << n;
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_.logs();
  }

  uint16_t http_port(int node) const {
    return cluster_.door_port_of(test_cluster::door::http, node_id{node});
  }
  bool ready(int node) const {
    return http_call(http_port(node), "GET", "/readyz").status == 200;
  }
  std::string page_url() const { return "http://127.0.0.1:" + std::to_string(http_port(1)) + "/"; }

  // The DOM once the page's first refresh finished (it marks the body).
  std::string page_dom() const {
    std::string dom;
    eventually([&] {
      dom = run_command(browser({"--dump-dom", page_url()}), "", browser_wait).out;
      return dom.find("data-loaded=\"true\"") != std::string::npos;
    }, browser_wait);
    return dom;
  }
  void keep_screenshot(const std::string& name) const {
    auto path = std::string{STROM_ARTIFACT_DIR} + "/" + name;
    auto shot = run_command(browser({"--screenshot=" + path, page_url()}), "", browser_wait);
    EXPECT_EQ(shot.exit_status, 0) << shot.err;
    EXPECT_FALSE(read_file(path).empty()) << path;
  }

  test_cluster cluster_{3, "defaults:\n  replication_factor: 3\n"};
};

void produce(uint16_t port, int count) {
  json records = json::array();
  for (int i = 0; i < count; ++i)
    records.push_back({{"value", "v" + std::to_string(i)}, {"partition", 0}});
  auto r = http_call(port, "POST", "/v1/topics/t-page/records", json{{"records", records}});
  ASSERT_EQ(r.status, 200) << shown(r);
}

TEST_F(console_page_test, shows_nodes_topics_and_group_lag_and_a_killed_node_as_down) {
  http_reply created;
  ASSERT_TRUE(eventually([&] {
    created = http_call(http_port(1), "POST", "/v1/topics",
                        json{{"name", "t-page"}, {"partitions", 2}});
    return created.status == 201;
  }, ready_wait)) << shown(created);
  produce(http_port(1), 10);
  // The group reads and commits the ten, then seven more come: its lag is 7.
  auto base = make_rest_consumer(http_port(2), "g-page", "t-page");
  ASSERT_FALSE(base.empty());
  ASSERT_TRUE(read_and_commit(http_port(2), base, 10, ready_wait));
  ASSERT_EQ(http_call(http_port(2), "DELETE", base).status, 200);
  produce(http_port(1), 7);

  auto dom = page_dom();
  for (int n = 1; n <= 3; ++n)
    EXPECT_NE(dom.find("data-node=\"" + std::to_string(n) + "\" data-state=\"up\""),
              std::string::npos) << "node " << n << " not shown up:\n" << dom;
  EXPECT_NE(dom.find("class=\"topic\" data-topic=\"t-page\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("data-topic=\"t-page\" data-partition=\"1\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("data-group=\"g-page\" data-lag=\"7\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("<polyline id=\"produce-line\""), std::string::npos) << dom;
  keep_screenshot("console_all_up.png");

  cluster_.signal(node_id{3}, SIGKILL);
  cluster_.reap(node_id{3});
  // The page shows what node 1 knows: wait until it knows node 3 is gone.
  ASSERT_TRUE(eventually([&] {
    auto c = http_call(http_port(1), "GET", "/v1/cluster");
    for (const auto& b : c.body["brokers"])
      if (b["id"] == 3)
        return b["alive"] == false;
    return false;
  }, ready_wait));
  dom = page_dom();
  EXPECT_NE(dom.find("data-node=\"3\" data-state=\"down\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("data-node=\"1\" data-state=\"up\""), std::string::npos) << dom;
  keep_screenshot("console_node_3_down.png");
}

} // namespace
} // namespace strom::testing
