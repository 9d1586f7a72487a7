// The console as scripts and people use it: one command with -e, commands
// piped in, and a person typing on a terminal with completion and history.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include "tests/integration/support/cluster_view.hpp"
#include "tests/support/process.hpp"
#include "tests/integration/support/pty_session.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

class console : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    cluster_ = new test_cluster{3};
    cluster_->start_all();
    cluster_view view{*cluster_};
    ASSERT_TRUE(eventually([&] {
      for (int a = 1; a <= 3; ++a)
        for (int b = 1; b <= 3; ++b)
          if (!view.sees(node_id{a}, node_id{b}, true))
            return false;
      return true;
    }, 15s)) << cluster_->logs();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  static run_result console_run(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv{STROM_BINARY, "console"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, input, 20s);
  }

  static std::string bootstrap() { return cluster_->endpoint_of(node_id{2}).to_string(); }

  static test_cluster* cluster_;
};

test_cluster* console::cluster_ = nullptr;

TEST_F(console, cluster_lists_every_node_up_as_the_node_asked_sees_it) {
  auto r = console_run({"--bootstrap", bootstrap(), "-e", "cluster"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("ID  ADDRESS"), std::string::npos) << r.out;
  for (int n = 1; n <= 3; ++n) {
    auto address = cluster_->endpoint_of(node_id{n}).to_string();
    auto line_at = r.out.find(std::to_string(n) + "   " + address);
    ASSERT_NE(line_at, std::string::npos) << r.out;
    auto line = r.out.substr(line_at, r.out.find('\n', line_at) - line_at);
    EXPECT_NE(line.find(" up "), std::string::npos) << line;
  }
  EXPECT_NE(r.out.find("the node asked"), std::string::npos);
}

TEST_F(console, the_manifest_works_as_well_as_a_bootstrap_list) {
  auto r = console_run({"--manifest", cluster_->manifest_path(), "-e", "cluster"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
}

TEST_F(console, an_unknown_command_is_one_line_and_a_usage_status) {
  auto r = console_run({"--bootstrap", bootstrap(), "-e", "frobnicate now"});
  EXPECT_EQ(r.exit_status, 64);
  EXPECT_EQ(r.err, "unknown command 'frobnicate'; `help` lists the commands\n");
  auto wrong = console_run({"--bootstrap", bootstrap(), "-e", "cluster extra"});
  EXPECT_EQ(wrong.exit_status, 64);
  EXPECT_NE(wrong.err.find("usage: cluster"), std::string::npos) << wrong.err;
}

TEST_F(console, help_lists_the_commands_and_describes_one) {
  auto all = console_run({"--bootstrap", bootstrap(), "-e", "help"});
  EXPECT_EQ(all.exit_status, 0);
  for (auto cmd : {"help", "cluster", "quit"})
    EXPECT_NE(all.out.find(cmd), std::string::npos) << all.out;
  auto one = console_run({"--bootstrap", bootstrap(), "-e", "help cluster"});
  EXPECT_EQ(one.exit_status, 0);
  EXPECT_NE(one.out.find("up or down"), std::string::npos) << one.out;
}

TEST_F(console, piped_commands_go_on_after_an_error) {
  auto r = console_run({"--bootstrap", bootstrap()}, "help\nnonsense\ncluster\nquit\n");
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("unknown command 'nonsense'"), std::string::npos);
  EXPECT_NE(r.out.find(cluster_->endpoint_of(node_id{3}).to_string()), std::string::npos) << r.out;
}

TEST_F(console, an_unreachable_node_is_reported_as_such) {
  auto dead = "127.0.0.1:" + std::to_string(free_port());
  auto r = console_run({"--bootstrap", dead, "--timeout-ms", "1000", "-e", "cluster"});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_NE(r.err.find("no node answered"), std::string::npos) << r.err;
}

TEST_F(console, bad_arguments_give_usage) {
  for (auto args : std::vector<std::vector<std::string>>{
         {}, {"--bootstrap", "nohost"}, {"--bootstrap", "a:1", "--manifest", "m.yaml"},
         {"--bootstrap", "a:0"}, {"--frob"}}) {
    auto r = console_run(args);
    EXPECT_EQ(r.exit_status, 64) << r.err;
    EXPECT_NE(r.err.find("usage: strom console"), std::string::npos) << r.err;
  }
}

TEST_F(console, a_person_types_with_completion_and_history) {
  auto home = make_temp_dir("strom-home");
  {
    pty_session term{{STROM_BINARY, "console", "--bootstrap", bootstrap()},
                     {"HOME=" + home, "TERM=xterm"}};
    ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
    EXPECT_NE(term.output().find("connected to " + bootstrap()), std::string::npos);
    term.clear();
    term.type("clu\t\r"); // tab completes the command name
    ASSERT_TRUE(term.wait_for("the node asked", 10s)) << term.output();
    term.clear();
    term.type("bogus\r");
    ASSERT_TRUE(term.wait_for("unknown command 'bogus'", 10s)) << term.output();
    ASSERT_TRUE(term.wait_for("strom> ", 10s)) << "the console did not go on";
    term.clear();
    term.type("\x1b[A\x1b[A\r"); // two lines up in history: cluster again
    ASSERT_TRUE(term.wait_for("the node asked", 10s)) << term.output();
    term.type("quit\r");
    EXPECT_EQ(term.wait_exit(10s), 0) << term.output();
  }
  auto history = read_file(home + "/.strom_history");
  EXPECT_NE(history.find("cluster"), std::string::npos) << history;
  std::filesystem::remove_all(home);
}

// The console's watch views on a terminal: a group's lag refreshed in place
// as records come, q ends it; a topic's follower lag, Ctrl-C ends it; the
// nodes once with --count.
TEST_F(console, watch_views_refresh_in_place_until_a_key) {
  auto b = bootstrap();
  auto lines = [](int from, int to) {
    std::string out;
    for (int i = from; i < to; ++i)
      out += "r" + std::to_string(i) + "\n";
    return out;
  };
  // The controller may still be settling: the create is tried until it lands.
  // A try that timed out may have landed all the same: then the topic exists.
  ASSERT_TRUE(eventually([&] {
    auto made = run_command({STROM_BINARY, "topic", "-b", b, "create", "t-watch", "--partitions",
                             "1", "--replication", "3"});
    return made.exit_status == 0 || made.err.find("topic_exists") != std::string::npos;
  }, 30s));
  ASSERT_EQ(run_command({STROM_BINARY, "produce", "-b", b, "-t", "t-watch"}, lines(0, 10))
              .exit_status, 0);
  auto read = run_command({STROM_BINARY, "consume", "-b", b, "-t", "t-watch", "-g", "g-watch",
                           "-o", "beginning", "-c", "10"});
  ASSERT_EQ(read.exit_status, 0) << read.err;

  auto home = make_temp_dir("strom-home");
  pty_session term{{STROM_BINARY, "console", "--bootstrap", b}, {"HOME=" + home, "TERM=xterm"}};
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.type("watch group g-watch --interval-ms 200\r");
  ASSERT_TRUE(term.wait_for("LAG", 10s)) << term.output();
  ASSERT_TRUE(run_command({STROM_BINARY, "produce", "-b", b, "-t", "t-watch"}, lines(10, 47))
                .exit_status == 0);
  term.clear();
  // Log end 47, committed 10: the same screen, redrawn, shows a lag of 37.
  ASSERT_TRUE(term.wait_for("47", 20s)) << term.output();
  ASSERT_TRUE(term.wait_for("37", 20s)) << term.output();
  EXPECT_NE(term.output().find("\x1b[H\x1b[2J"), std::string::npos) << "not redrawn in place";
  term.type("q");
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << "q did not end the watch\n" << term.output();

  term.clear();
  term.type("watch topic t-watch -n 200\r");
  ASSERT_TRUE(term.wait_for("FOLLOWER LAG", 10s)) << term.output();
  term.type("\x03");
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << "Ctrl-C did not end the watch\n"
                                             << term.output();
  term.clear();
  term.type("watch cluster --count 1\r");
  ASSERT_TRUE(term.wait_for("the node asked", 10s)) << term.output();
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.type("quit\r");
  EXPECT_EQ(term.wait_exit(10s), 0) << term.output();
  std::filesystem::remove_all(home);
}

// Last: it stops node 3.
TEST_F(console, when_its_node_goes_away_the_console_says_so_and_asks_the_next) {
  auto first = cluster_->endpoint_of(node_id{3}).to_string();
  auto second = cluster_->endpoint_of(node_id{1}).to_string();
  auto home = make_temp_dir("strom-home");
  pty_session term{{STROM_BINARY, "console", "--bootstrap", first + "," + second},
                   {"HOME=" + home, "TERM=xterm"}};
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  EXPECT_NE(term.output().find("connected to " + first), std::string::npos) << term.output();
  cluster_->signal(node_id{3}, SIGKILL);
  cluster_->reap(node_id{3});
  term.clear();
  term.type("cluster\r");
  ASSERT_TRUE(term.wait_for("reconnected to " + second, 20s)) << term.output();
  EXPECT_NE(term.output().find("the node asked"), std::string::npos) << term.output();
  term.type("quit\r");
  EXPECT_EQ(term.wait_exit(10s), 0) << term.output();
  std::filesystem::remove_all(home);
}

} // namespace
} // namespace strom::testing
