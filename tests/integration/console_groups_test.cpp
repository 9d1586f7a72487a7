// The console's group commands against three real nodes: an admin moves a
// stopped group's offsets to the earliest, the latest, a given offset or a
// point in time, sees them committed with the lag behind each partition's
// log end, lists and deletes groups, and is refused with one clear line for
// a group whose consumers still run.

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <sstream>

#include "launcher/console_session.hpp"
#include "messages/error_category.hpp"
#include "net/client/blocking_request.hpp"
#include "net/client/broker_connect.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using row = std::vector<std::string>;

// Records of `clicks`: partition 0 holds five, partition 1 three, the i-th
// of each stamped base + i seconds.
constexpr int64_t base_time_ms = 1'700'000'000'000;
constexpr int records_in_0 = 5;
constexpr int records_in_1 = 3;

class console_groups : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    cluster_ = new test_cluster{3};
    cluster_->start_all();
    view_ = new cluster_view{*cluster_};
    ASSERT_TRUE(view_->brokers_alive(30s)) << cluster_->logs();
    admin_ = new admin_client{view_->system(), bootstrap_list(), 5000ms};
    // The controller creates __consumer_offsets once the brokers are alive;
    // its leaders then load their groups.
    ASSERT_TRUE(eventually([] { return static_cast<bool>(admin_->fetch_offsets("probe")); }, 30s))
      << cluster_->logs();
    create_clicks();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete view_;
    delete cluster_;
    admin_ = nullptr;
    view_ = nullptr;
    cluster_ = nullptr;
  }

  static std::vector<endpoint> bootstrap_list() {
    return {cluster_->endpoint_of(node_id{1}), cluster_->endpoint_of(node_id{2}),
            cluster_->endpoint_of(node_id{3})};
  }

  static void create_clicks() {
    topic_spec spec{"clicks", 2, 3};
    spec.retention_ms = -1; // the records are stamped in the past
    ASSERT_TRUE(admin_->create_topic(spec));
    producer p{view_->system(), bootstrap_list()};
    for (int p0 = 0; p0 < records_in_0; ++p0)
      ASSERT_TRUE(produce(p, partition_id{0}, p0));
    for (int p1 = 0; p1 < records_in_1; ++p1)
      ASSERT_TRUE(produce(p, partition_id{1}, p1));
  }

  static bool produce(producer& p, partition_id partition, int i) {
    record r{std::string{"k"}, "v" + std::to_string(i), {}, base_time_ms + i * 1000};
    auto report = p.send("clicks", r, partition).get();
    return report.ok();
  }

public:
  static run_result console(const std::string& command) {
    return run_command({STROM_BINARY, "console", "--bootstrap",
                        cluster_->endpoint_of(node_id{2}).to_string(), "-e", command},
                       "", 60s);
  }

protected:
  static test_cluster* cluster_;
  static cluster_view* view_;
  static admin_client* admin_;
};

test_cluster* console_groups::cluster_ = nullptr;
cluster_view* console_groups::view_ = nullptr;
admin_client* console_groups::admin_ = nullptr;

// The blank-separated words of every line of `text` whose first word is `first`.
std::vector<row> rows_of(const std::string& text, const std::string& first) {
  std::vector<row> out;
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words{line};
    row r{std::istream_iterator<std::string>{words}, {}};
    if (!r.empty() && r.front() == first)
      out.push_back(r);
  }
  return out;
}

// Resets group `group` of clicks as `options` say and expects the console to
// report the new offsets of partitions 0 and 1 (-1: not reset).
void expect_reset(const std::string& group, const std::string& options, int64_t in_0,
                  int64_t in_1) {
  auto r = console_groups::console("group reset " + group + " clicks " + options);
  ASSERT_EQ(r.exit_status, 0) << options << ": " << r.err;
  std::vector<row> expected;
  if (in_0 >= 0)
    expected.push_back({"clicks", "0", std::to_string(in_0)});
  if (in_1 >= 0)
    expected.push_back({"clicks", "1", std::to_string(in_1)});
  EXPECT_EQ(rows_of(r.out, "clicks"), expected) << options << ":\n" << r.out;
}

// `group describe` shows, per partition: committed, log end, lag, owner.
void expect_described(const std::string& group, const row& partition_0, const row& partition_1) {
  auto r = console_groups::console("group describe " + group);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("group " + group + "  state empty", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("no active members"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TOPIC   PARTITION  COMMITTED  LOG-END  LAG  OWNER"), std::string::npos)
    << r.out;
  EXPECT_EQ(rows_of(r.out, "clicks"), (std::vector<row>{partition_0, partition_1})) << r.out;
}

// The command fails with status 1 and exactly `line` on stderr.
void expect_refused(const std::string& command, const std::string& line) {
  auto r = console_groups::console(command);
  EXPECT_EQ(r.exit_status, 1) << command;
  EXPECT_EQ(r.err, line) << command;
}

TEST_F(console_groups, offsets_reset_to_each_target_show_as_committed_with_their_lag) {
  expect_reset("readers", "--to earliest", 0, 0);
  expect_described("readers", {"clicks", "0", "0", "5", "5", "-"},
                   {"clicks", "1", "0", "3", "3", "-"});

  expect_reset("readers", "--to latest", records_in_0, records_in_1);
  expect_described("readers", {"clicks", "0", "5", "5", "0", "-"},
                   {"clicks", "1", "3", "3", "0", "-"});

  expect_reset("readers", "--to 2 --partition 0", 2, -1);
  // Past the log end moves to the end, as Kafka's --to-offset does.
  expect_reset("readers", "--to 99 --partition 1", -1, 3);
  expect_described("readers", {"clicks", "0", "2", "5", "3", "-"},
                   {"clicks", "1", "3", "3", "0", "-"});

  // The first record at or after the time; the log end when none is that recent.
  auto at = "--to @" + std::to_string(base_time_ms + 3500);
  expect_reset("readers", at, 4, 3);
  expect_reset("readers", "--to @" + std::to_string(base_time_ms + 1000), 1, 1);
  expect_described("readers", {"clicks", "0", "1", "5", "4", "-"},
                   {"clicks", "1", "1", "3", "2", "-"});

  auto fetched = admin_->fetch_offsets("readers");
  ASSERT_TRUE(fetched) << describe(fetched.error());
  ASSERT_EQ(fetched->size(), 2u);
  EXPECT_EQ(fetched->at(0).offset, record_offset{1});
}

TEST_F(console_groups, a_group_is_listed_by_its_coordinator_and_deleted) {
  expect_reset("auditors", "--to latest", records_in_0, records_in_1);
  auto coordinator = admin_->find_coordinator("auditors");
  ASSERT_TRUE(coordinator) << describe(coordinator.error());

  auto listed = console("group list");
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  EXPECT_EQ(rows_of(listed.out, "GROUP"),
            (std::vector<row>{{"GROUP", "STATE", "MEMBERS", "PROTOCOL", "COORDINATOR"}}));
  EXPECT_EQ(rows_of(listed.out, "auditors"),
            (std::vector<row>{{"auditors", "empty", "0", "-",
                               std::to_string(coordinator->id.value())}}))
    << listed.out;

  // Tab completion offers the groups, then the topics, then the targets.
  std::ostringstream out, err;
  console_session session{*admin_, out, err};
  auto groups = session.complete({"group", "describe"});
  EXPECT_NE(std::find(groups.begin(), groups.end(), "auditors"), groups.end());
  auto topics = session.complete({"group", "reset", "auditors"});
  EXPECT_NE(std::find(topics.begin(), topics.end(), "clicks"), topics.end());
  EXPECT_EQ(session.complete({"group", "reset", "auditors", "clicks", "--to"}),
            (std::vector<std::string>{"earliest", "latest"}));

  auto deleted = console("group delete auditors");
  ASSERT_EQ(deleted.exit_status, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted group auditors\n");
  EXPECT_TRUE(rows_of(console("group list").out, "auditors").empty());
  expect_refused("group describe auditors", "not_found: no group auditors\n");
}

TEST_F(console_groups, an_unknown_group_or_topic_is_one_clear_line) {
  expect_refused("group describe nobody", "not_found: no group nobody\n");
  expect_refused("group delete nobody", "not_found: no group nobody\n");
  expect_refused("group reset nobody ghost --to earliest", "unknown_topic: topic ghost\n");
  expect_refused("group reset nobody clicks --to earliest --partition 7",
                 "unknown_partition: topic clicks has no partition 7\n");
}

TEST_F(console_groups, bad_group_arguments_are_usage_errors) {
  for (auto line : {"group", "group frob", "group list extra", "group describe",
                    "group describe a b", "group delete", "group reset g", "group reset g clicks",
                    "group reset g clicks --to middle", "group reset g clicks --to -3",
                    "group reset g clicks --to @soon", "group reset g clicks --to latest --partition x",
                    "group reset g clicks --to latest --colour red"}) {
    auto r = console(line);
    EXPECT_EQ(r.exit_status, 64) << line << ": " << r.err;
    EXPECT_NE(r.err.find("usage: group"), std::string::npos) << line << ": " << r.err;
  }
}

struct running_member {
  std::string member;
  sync_group_reply sync;
};

// Joins `group` as a consumer of clicks through its coordinator, and syncs
// so that the member owns the partitions.
caf::expected<running_member> join_and_sync(caf::actor_system& sys, admin_client& admin,
                                               const std::string& group) {
  auto coordinator = admin.find_coordinator(group);
  if (!coordinator)
    return std::move(coordinator.error());
  auto broker = connect_broker(sys, endpoint_of(*coordinator), 5s);
  if (!broker)
    return std::move(broker.error());
  join_group_request join;
  join.group = group;
  join.client_id = "billing-7";
  join.session_timeout_ms = 60'000; // outlives the test without heartbeats
  join.protocols = {"range"};
  join.subscription = {"clicks"};
  // The first join waits out the group's initial rebalance delay.
  auto joined = request_blocking<join_group_reply>(sys, *broker, 20s, join_group_atom::value, join);
  if (joined && joined->member_id_required) {
    // A new member is given its id first, and joins with it (KIP-394).
    join.member = joined->member;
    joined = request_blocking<join_group_reply>(sys, *broker, 20s, join_group_atom::value, join);
  }
  if (!joined)
    return std::move(joined.error());
  auto synced = request_blocking<sync_group_reply>(
    sys, *broker, 20s, sync_group_atom::value,
    member_ref{group, joined->member, joined->generation, {}});
  if (!synced)
    return std::move(synced.error());
  return running_member{joined->member, *synced};
}

TEST_F(console_groups, a_group_with_running_consumers_is_described_but_not_reset) {
  // Leaders of __consumer_offsets still move soon after the cluster starts.
  caf::expected<running_member> running{caf::sec::request_timeout};
  eventually([&] {
    running = join_and_sync(view_->system(), *admin_, "billing");
    return running || !is_retriable(running.error());
  }, 30s);
  ASSERT_TRUE(running) << describe(running.error());
  ASSERT_EQ(running->sync.assignment.size(), 2u);

  auto described = console("group describe billing");
  ASSERT_EQ(described.exit_status, 0) << described.err;
  EXPECT_NE(described.out.find("state stable"), std::string::npos) << described.out;
  EXPECT_NE(described.out.find("protocol range"), std::string::npos) << described.out;
  EXPECT_EQ(rows_of(described.out, running->member),
            (std::vector<row>{{running->member, "billing-7", "-", "clicks/0,clicks/1"}}))
    << described.out;
  // Owned, nothing committed yet: no lag to tell.
  EXPECT_EQ(rows_of(described.out, "clicks"),
            (std::vector<row>{{"clicks", "0", "-", "5", "-", running->member},
                              {"clicks", "1", "-", "3", "-", running->member}}))
    << described.out;

  expect_refused("group reset billing clicks --to earliest",
                 "non_empty_group: group billing has 1 active member; stop its consumers before "
                 "resetting its offsets\n");
  auto deleted = console("group delete billing");
  EXPECT_EQ(deleted.exit_status, 1);
  EXPECT_EQ(deleted.err.rfind("non_empty_group", 0), 0u) << deleted.err;
}

} // namespace
} // namespace strom::testing
