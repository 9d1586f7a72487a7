// The console's topic and data commands against three real nodes: a person
// or a script creates, lists, describes and deletes topics, gets one clear
// line and status 1 for what the controller refuses, and sends and reads a
// record.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <sstream>

#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/pty_session.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

class console_topics : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    cluster_ = new test_cluster{3};
    cluster_->start_all();
    view_ = new cluster_view{*cluster_};
    // Topic creation places replicas on registered live brokers only.
    ASSERT_TRUE(view_->brokers_alive(30s)) << cluster_->logs();
  }
  static void TearDownTestSuite() {
    delete view_;
    delete cluster_;
    view_ = nullptr;
    cluster_ = nullptr;
  }

public:
  static run_result console(const std::string& command) {
    return run_command({STROM_BINARY, "console", "--bootstrap", bootstrap(), "-e", command}, "",
                       60s);
  }

protected:
  static std::string bootstrap() { return cluster_->endpoint_of(node_id{2}).to_string(); }

  static test_cluster* cluster_;
  static cluster_view* view_;
};

test_cluster* console_topics::cluster_ = nullptr;
cluster_view* console_topics::view_ = nullptr;

// The blank-separated words of the line of `text` whose first word is
// `first`; none when there is no such line.
std::vector<std::string> row_of(const std::string& text, const std::string& first) {
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words{line};
    std::vector<std::string> row{std::istream_iterator<std::string>{words}, {}};
    if (!row.empty() && row.front() == first)
      return row;
  }
  return {};
}

TEST_F(console_topics, a_topic_is_created_listed_described_and_deleted) {
  auto created = console("topic create orders --partitions 3 --replication 3 --retention-ms 60000");
  ASSERT_EQ(created.exit_status, 0) << created.err;
  EXPECT_EQ(created.out, "created topic orders: 3 partitions, replication 3\n");

  auto listed = console("topic list");
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  EXPECT_EQ(row_of(listed.out, "NAME"),
            (std::vector<std::string>{"NAME", "PARTITIONS", "REPLICATION"}));
  EXPECT_EQ(row_of(listed.out, "orders"), (std::vector<std::string>{"orders", "3", "3"}))
    << listed.out;

  auto described = console("topic describe orders");
  ASSERT_EQ(described.exit_status, 0) << described.err;
  EXPECT_NE(described.out.find("retention.ms 60000"), std::string::npos) << described.out;
  EXPECT_NE(described.out.find("PARTITION  GROUP  LEADER  REPLICAS"), std::string::npos)
    << described.out;
  for (auto p : {"0", "1", "2"}) {
    auto row = row_of(described.out, p);
    ASSERT_EQ(row.size(), 4u) << "no row for partition " << p << " in\n" << described.out;
    EXPECT_EQ(row[3].size(), 5u) << "three replicas, as 1,2,3 in some order: " << row[3];
  }

  auto deleted = console("topic delete orders");
  ASSERT_EQ(deleted.exit_status, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted topic orders\n");
  auto gone = console("topic describe orders");
  EXPECT_EQ(gone.exit_status, 1);
}

TEST_F(console_topics, what_the_controller_refuses_is_one_line_and_status_1) {
  ASSERT_EQ(console("topic create payments").exit_status, 0);
  auto again = console("topic create payments");
  EXPECT_EQ(again.exit_status, 1);
  EXPECT_EQ(again.err, "topic_exists: topic payments\n");

  auto unknown = console("topic describe nowhere");
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_EQ(unknown.err, "unknown_topic: topic nowhere\n");

  auto too_many = console("topic create wide --replication 4");
  EXPECT_EQ(too_many.exit_status, 1);
  EXPECT_EQ(too_many.err.rfind("invalid_replication_factor", 0), 0u) << too_many.err;
  EXPECT_EQ(std::count(too_many.err.begin(), too_many.err.end(), '\n'), 1) << too_many.err;

  auto deleted_twice = console("topic delete nowhere");
  EXPECT_EQ(deleted_twice.exit_status, 1);
  EXPECT_EQ(deleted_twice.err, "unknown_topic: topic nowhere\n");
}

TEST_F(console_topics, bad_topic_arguments_are_usage_errors) {
  for (auto line : {"topic", "topic frob", "topic create", "topic create a b",
                    "topic create x --partitions 0", "topic create x --replication many",
                    "topic create x --colour red", "topic list extra", "produce onlytopic",
                    "consume", "consume t --offset middle", "consume t --count 0"}) {
    auto r = console(line);
    EXPECT_EQ(r.exit_status, 64) << line << ": " << r.err;
    EXPECT_NE(r.err.find("usage: "), std::string::npos) << line << ": " << r.err;
  }
}

TEST_F(console_topics, a_topics_config_is_set_at_creation_and_altered_later) {
  auto created = console("topic create ledger --partitions 1 --replication 3 --config "
                         "message.timestamp.type=LogAppendTime --config retention.ms=60000");
  ASSERT_EQ(created.exit_status, 0) << created.err;
  auto altered = console("topic alter ledger --config retention.bytes=1048576 "
                         "--config min.insync.replicas=2 --delete-config retention.ms");
  ASSERT_EQ(altered.exit_status, 0) << altered.err;
  EXPECT_EQ(altered.out, "topic ledger now has 1 partitions, retention.bytes=1048576, "
                         "min.insync.replicas=2, retention.ms default\n");
  auto described = console("topic describe ledger");
  ASSERT_EQ(described.exit_status, 0) << described.err;
  for (auto line : {"  retention.bytes 1048576\n", "  min.insync.replicas 2\n",
                    "  message.timestamp.type LogAppendTime\n", "  retention.ms 604800000\n"})
    EXPECT_NE(described.out.find(line), std::string::npos) << line << " not in\n" << described.out;
  auto unknown = console("topic alter ledger --config retention.hours=5");
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_EQ(unknown.err.rfind("invalid_config: unknown topic config retention.hours", 0), 0u)
    << unknown.err;
  auto bare = console("topic alter ledger --config retention.ms");
  EXPECT_EQ(bare.exit_status, 64) << bare.err;
  auto nothing = console("topic alter ledger");
  EXPECT_EQ(nothing.exit_status, 64) << nothing.err;
}

TEST_F(console_topics, cluster_shows_the_controller_and_which_brokers_it_counts_alive) {
  auto r = console("cluster");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("controller: node "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(", term "), std::string::npos) << r.out;
  for (int n = 1; n <= 3; ++n) {
    auto row = row_of(r.out, std::to_string(n));
    ASSERT_GE(row.size(), 4u) << r.out;
    EXPECT_EQ(row[2], "up") << r.out;
    EXPECT_EQ(row[3], "yes") << r.out;
  }
}

// Produces `record` (as typed) to the one-partition topic `events`, expects
// it at `offset`, and reads it back from `start` (beginning or an offset).
void expect_round_trip(const std::string& record, int offset, const std::string& start,
                       const std::string& printed) {
  auto sent = console_topics::console("produce events " + record);
  ASSERT_EQ(sent.exit_status, 0) << sent.err;
  auto where = "partition 0 offset " + std::to_string(offset);
  EXPECT_EQ(sent.out, where + "\n");
  auto read = console_topics::console("consume events --offset " + start + " --count 1");
  ASSERT_EQ(read.exit_status, 0) << read.err;
  EXPECT_EQ(read.out, where + "  " + printed + "\n");
}

TEST_F(console_topics, a_produced_record_is_consumed_from_the_beginning) {
  ASSERT_EQ(console("topic create events --partitions 1 --replication 3").exit_status, 0);
  expect_round_trip("'user-7:signed up'", 0, "beginning", "user-7:signed up");
  // A leading ':' sends a value without a key, and reads back the same way.
  expect_round_trip(":at:12:00", 1, "1", ":at:12:00");
}

TEST_F(console_topics, producing_to_an_unknown_topic_fails_with_its_name) {
  auto r = console("produce ghost value");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err.rfind("unknown_topic", 0), 0u) << r.err;
}

TEST_F(console_topics, a_person_completes_topic_names_and_tails_until_ctrl_c) {
  ASSERT_EQ(console("topic create metrics --partitions 1 --replication 3").exit_status, 0);
  auto home = make_temp_dir("strom-home");
  pty_session term{{STROM_BINARY, "console", "--bootstrap", bootstrap()},
                   {"HOME=" + home, "TERM=xterm"}};
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.clear();
  term.type("topic desc\tmetr\t\r"); // both words complete
  ASSERT_TRUE(term.wait_for("PARTITION  GROUP", 10s)) << term.output();
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.clear();
  term.type("consume metrics --offset end\r");
  ASSERT_TRUE(term.wait_for("from offset 0; Ctrl-C stops", 20s)) << term.output();
  ASSERT_EQ(console("produce metrics cpu:93").exit_status, 0);
  ASSERT_TRUE(term.wait_for("offset 0  cpu:93", 20s)) << term.output();
  term.type("\x03"); // Ctrl-C ends the tail, not the console
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.type("quit\r");
  EXPECT_EQ(term.wait_exit(10s), 0) << term.output();
  std::filesystem::remove_all(home);
}

} // namespace
} // namespace strom::testing
