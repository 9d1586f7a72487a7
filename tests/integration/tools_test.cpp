// The one-shot commands as a script uses them, against three real nodes:
// records in on stdin, out on stdout, with kcat's flags; exit statuses that
// tell success from failure; --json for machines; a usage line for every
// wrong argument. Also the README's client library examples, a consumer
// in push mode, and the console's `tail` typed on a pseudo-terminal.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/pty_session.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

class tools_test : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    cluster_ = new test_cluster{3};
    cluster_->start_all();
    view_ = new cluster_view{*cluster_};
    ASSERT_TRUE(view_->brokers_alive(30s)) << cluster_->logs();
  }
  static void TearDownTestSuite() {
    delete view_;
    delete cluster_;
    view_ = nullptr;
    cluster_ = nullptr;
  }

  static std::string bootstrap() {
    std::string out;
    for (const auto& e : view_->endpoints())
      out += (out.empty() ? "" : ",") + e.to_string();
    return out;
  }

  // `strom ARGS... -b BOOTSTRAP` with `input` on stdin.
  static run_result strom(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), STROM_BINARY);
    args.push_back("-b");
    args.push_back(bootstrap());
    return run_command(args, input, 60s);
  }

  // A topic made for one test, with its leaders elected (the controller
  // may still be settling when the suite starts).
  static void create_topic(const std::string& name, int32_t partitions) {
    auto failed = view_->create_topic(topic_spec{name, partitions, 3}, 30s);
    ASSERT_FALSE(failed) << describe(failed) << "\n" << cluster_->logs();
  }

  // Records k<i>:v<i> for i below `count`, keyed; the exit status.
  static int produce_numbered(const std::string& topic, int count) {
    std::string input;
    for (int i = 0; i < count; ++i)
      input += "k" + std::to_string(i) + ":v" + std::to_string(i) + "\n";
    return strom({"produce", "-t", topic, "-K", ":"}, input).exit_status;
  }

  static test_cluster* cluster_;
  static cluster_view* view_;
};

test_cluster* tools_test::cluster_ = nullptr;
cluster_view* tools_test::view_ = nullptr;

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(json::parse(line));
  return out;
}

TEST_F(tools_test, topic_commands_answer_text_or_json_and_say_what_failed) {
  auto created = strom({"topic", "create", "tool-topics", "--partitions", "2", "--replication",
                         "3", "--json"});
  ASSERT_EQ(created.exit_status, 0) << created.err;
  auto doc = json::parse(created.out);
  EXPECT_EQ(doc["name"], "tool-topics");
  EXPECT_EQ(doc["partitions"].size(), 2u);
  EXPECT_EQ(doc["replication_factor"], 3);

  auto again = strom({"topic", "create", "tool-topics"});
  EXPECT_EQ(again.exit_status, 1);
  EXPECT_NE(again.err.find("topic_exists: topic tool-topics"), std::string::npos) << again.err;

  auto listed = strom({"topic", "list", "--json"});
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  auto topics = json::parse(listed.out);
  EXPECT_TRUE(std::any_of(topics.begin(), topics.end(),
                          [](const json& t) { return t["name"] == "tool-topics"; }))
    << listed.out;

  auto grown = strom({"topic", "alter", "tool-topics", "--partitions", "4", "--json"});
  ASSERT_EQ(grown.exit_status, 0) << grown.err;
  EXPECT_EQ(json::parse(grown.out)["partitions"].size(), 4u) << grown.out;
  auto shrink = strom({"topic", "alter", "tool-topics", "--partitions", "2"});
  EXPECT_EQ(shrink.exit_status, 1) << shrink.err; // a topic never shrinks
  EXPECT_EQ(std::count(shrink.err.begin(), shrink.err.end(), '\n'), 1) << shrink.err;

  auto unknown = strom({"topic", "describe", "no-such-topic"});
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_NE(unknown.err.find("unknown_topic"), std::string::npos) << unknown.err;

  auto cluster = strom({"cluster", "--json"});
  ASSERT_EQ(cluster.exit_status, 0) << cluster.err;
  EXPECT_EQ(json::parse(cluster.out)["nodes"].size(), 3u);
}

TEST_F(tools_test, records_from_stdin_read_back_with_kcats_format) {
  create_topic("tool-lines", 3);
  auto produced = strom({"produce", "-t", "tool-lines", "-K", ":"}, "k1:one\nk2:two\nthree\n");
  ASSERT_EQ(produced.exit_status, 0) << produced.err;

  auto all = strom({"consume", "-t", "tool-lines", "-o", "beginning", "-e", "-f", "%k=%s|%K\\n"});
  ASSERT_EQ(all.exit_status, 0) << all.err;
  EXPECT_EQ(sorted_lines(all.out),
            (std::vector<std::string>{"=three|-1", "k1=one|2", "k2=two|2"}));

  auto two = strom({"consume", "-t", "tool-lines", "-o", "beginning", "-c", "2"});
  ASSERT_EQ(two.exit_status, 0) << two.err;
  EXPECT_EQ(sorted_lines(two.out).size(), 2u) << two.out;

  // Nothing new past the end: -e with the default start (end) prints nothing.
  auto none = strom({"consume", "-t", "tool-lines", "-e"});
  ASSERT_EQ(none.exit_status, 0) << none.err;
  EXPECT_EQ(none.out, "");
}

TEST_F(tools_test, messages_headers_acks_and_json_reports) {
  create_topic("tool-json", 1);
  auto produced = strom({"produce", "-t", "tool-json", "-m", "first", "-m", "second", "-k",
                         "the-key", "-H", "trace=t1", "-H", "origin=test", "--acks", "1",
                         "--json"});
  ASSERT_EQ(produced.exit_status, 0) << produced.err;
  auto reports = json_lines(produced.out);
  ASSERT_EQ(reports.size(), 2u) << produced.out;
  for (const auto& r : reports) {
    EXPECT_EQ(r["topic"], "tool-json");
    EXPECT_EQ(r["partition"], 0);
    EXPECT_GE(r["offset"].get<int64_t>(), 0);
  }
  ASSERT_EQ(strom({"produce", "-t", "tool-json", "-m", "third", "--acks", "0"}).exit_status, 0);

  auto read = strom({"consume", "-t", "tool-json", "-o", "beginning", "-c", "3", "-J"});
  ASSERT_EQ(read.exit_status, 0) << read.err;
  auto records = json_lines(read.out);
  ASSERT_EQ(records.size(), 3u) << read.out;
  EXPECT_EQ(records[0]["payload"], "first");
  EXPECT_EQ(records[0]["key"], "the-key");
  EXPECT_EQ(records[0]["headers"]["trace"], "t1");
  EXPECT_EQ(records[0]["headers"]["origin"], "test");
  EXPECT_EQ(records[1]["offset"], 1);
  EXPECT_TRUE(records[2]["key"].is_null());

  // -N starts N before the end; s@TIME at the first record at or after it.
  auto last = strom({"consume", "-t", "tool-json", "-o", "-1", "-e"});
  ASSERT_EQ(last.exit_status, 0) << last.err;
  EXPECT_EQ(last.out, "third\n");
  auto at = records[2]["ts"].get<int64_t>();
  auto since = strom({"consume", "-t", "tool-json", "-o", "s@" + std::to_string(at), "-e",
                      "-f", "%o %T\\n"});
  ASSERT_EQ(since.exit_status, 0) << since.err;
  EXPECT_NE(since.out.find("2 " + std::to_string(at)), std::string::npos) << since.out;
  for (const auto& line : sorted_lines(since.out))
    EXPECT_GE(std::stoll(line.substr(line.find(' ') + 1)), at) << since.out;
  if (records[0]["ts"].get<int64_t>() < at) {
    EXPECT_EQ(since.out.find("0 "), std::string::npos) << since.out;
  }
}

TEST_F(tools_test, kcats_flags_combine_and_take_attached_values) {
  create_topic("tool-flags", 1);
  auto produced = strom({"produce", "-ttool-flags", "-mone", "-mtwo", "-m", "three"});
  ASSERT_EQ(produced.exit_status, 0) << produced.err;

  auto all = strom({"consume", "-ttool-flags", "-eJo", "beginning"});
  ASSERT_EQ(all.exit_status, 0) << all.err;
  auto records = json_lines(all.out);
  ASSERT_EQ(records.size(), 3u) << all.out;
  EXPECT_EQ(records[0]["payload"], "one");

  auto last_two = strom({"consume", "-ttool-flags", "-o-2", "-e", "-f%s\\n"});
  ASSERT_EQ(last_two.exit_status, 0) << last_two.err;
  EXPECT_EQ(last_two.out, "two\nthree\n");

  auto counted = strom({"consume", "-ttool-flags", "-obeginning", "-Jc2"});
  ASSERT_EQ(counted.exit_status, 0) << counted.err;
  EXPECT_EQ(json_lines(counted.out).size(), 2u) << counted.out;
}

TEST_F(tools_test, a_group_consumer_commits_so_the_next_run_starts_after_it) {
  create_topic("tool-group", 3);
  ASSERT_EQ(produce_numbered("tool-group", 30), 0);

  auto first = strom({"consume", "-t", "tool-group", "-g", "tool-readers", "-o", "beginning",
                      "-e"});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_EQ(sorted_lines(first.out).size(), 30u) << first.out;

  ASSERT_EQ(strom({"produce", "-t", "tool-group", "-m", "late"}).exit_status, 0);
  auto second = strom({"consume", "-t", "tool-group", "-g", "tool-readers", "-e"});
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_EQ(second.out, "late\n");

  auto described = strom({"group", "describe", "tool-readers", "--json"});
  ASSERT_EQ(described.exit_status, 0) << described.err;
  auto group = json::parse(described.out);
  int64_t committed = 0;
  for (const auto& o : group["offsets"]) {
    committed += o["committed"].get<int64_t>();
    EXPECT_EQ(o["lag"], 0) << described.out;
  }
  EXPECT_EQ(committed, 31) << described.out;
  EXPECT_TRUE(group["members"].empty()) << described.out; // the runs left the group
}

// The group commits what was printed, not what the consumer fetched: a
// run that stops after a count leaves the rest to the next run, exactly.
TEST_F(tools_test, a_counted_group_run_commits_what_it_printed_and_the_next_reads_the_rest) {
  create_topic("tool-count", 3);
  ASSERT_EQ(produce_numbered("tool-count", 1000), 0);

  auto first = strom({"consume", "-t", "tool-count", "-g", "tool-counted", "-o", "beginning",
                      "-c", "400"});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  auto printed = sorted_lines(first.out);
  ASSERT_EQ(printed.size(), 400u);
  auto described = strom({"group", "describe", "tool-counted", "--json"});
  ASSERT_EQ(described.exit_status, 0) << described.err;
  auto group = json::parse(described.out);
  int64_t committed = 0;
  for (const auto& o : group["offsets"])
    committed += o["committed"].get<int64_t>();
  EXPECT_EQ(committed, 400) << "the group committed what the first run printed\n"
                            << described.out << first.err;
  auto rest = strom({"consume", "-t", "tool-count", "-g", "tool-counted", "-e"});
  ASSERT_EQ(rest.exit_status, 0) << rest.err;
  auto after = sorted_lines(rest.out);
  EXPECT_EQ(after.size(), 600u) << "the second run read what the first did not print\n"
                               << rest.err;
  std::vector<std::string> all;
  std::merge(printed.begin(), printed.end(), after.begin(), after.end(), std::back_inserter(all));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 1000u)
    << "every record once, in one run or the other";
}

TEST_F(tools_test, wrong_arguments_give_a_usage_line_and_status_64) {
  const std::vector<std::vector<std::string>> wrong = {
    {"produce"},                                        // no topic
    {"produce", "-t", "x", "--acks", "2"},
    {"produce", "-t", "x", "-p", "minus"},
    {"produce", "-t", "x", "-k", "a", "-K", ":"},
    {"produce", "-t", "x", "-H", "novalue"},
    {"produce", "-t", "x", "--frobnicate"},
    {"consume", "-t", "x", "-o", "yesterday"},
    {"consume", "-t", "x", "-g", "g", "-p", "0"},
    {"consume", "-t", "x", "-g", "g", "-o", "5"},
    {"consume", "-t", "x", "-o", "stored"},
    {"consume", "-t", "x", "-c", "0"},
    {"consume", "-t", "x", "-f", "%q"},
    {"consume", "-t", "x", "extra"},
    {"topic", "frobnicate"},
    {"topic", "create"},
    {"topic", "alter", "tool-topics"},
    {"topic", "alter", "tool-topics", "--partitions", "many"},
    {"group", "describe"},
  };
  for (const auto& args : wrong) {
    auto r = strom(args);
    std::string line;
    for (const auto& a : args)
      line += a + " ";
    EXPECT_EQ(r.exit_status, 64) << line << "\n" << r.err;
    EXPECT_NE(r.err.find("usage: "), std::string::npos) << line << "\n" << r.err;
    EXPECT_EQ(r.out, "") << line;
  }
  auto neither = run_command({STROM_BINARY, "consume", "-t", "x"}, "", 30s);
  EXPECT_EQ(neither.exit_status, 64);
  EXPECT_NE(neither.err.find("--manifest"), std::string::npos) << neither.err;
  auto help = run_command({STROM_BINARY, "produce", "--help"}, "", 30s);
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("--key-delimiter"), std::string::npos) << help.out;
}

TEST_F(tools_test, unknown_topics_and_unreachable_nodes_are_one_clear_line) {
  auto produce = strom({"produce", "-t", "no-such-topic", "-m", "x"});
  EXPECT_EQ(produce.exit_status, 1);
  EXPECT_NE(produce.err.find("unknown_topic"), std::string::npos) << produce.err;
  auto consume = strom({"consume", "-t", "no-such-topic", "-e"});
  EXPECT_EQ(consume.exit_status, 1);
  EXPECT_NE(consume.err.find("unknown_topic"), std::string::npos) << consume.err;

  auto nobody = "127.0.0.1:" + std::to_string(free_port());
  for (auto args : std::vector<std::vector<std::string>>{
         {"produce", "-t", "x", "-m", "y"}, {"consume", "-t", "x"}, {"topic", "list"}}) {
    args.insert(args.begin(), STROM_BINARY);
    args.insert(args.end(), {"-b", nobody, "--timeout-ms", "1000"});
    auto r = run_command(args, "", 30s);
    EXPECT_EQ(r.exit_status, 3) << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find("unreachable"), std::string::npos) << args[1] << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(tools_test, the_readmes_client_examples_run_against_the_cluster) {
  auto admin = run_command({STROM_EXAMPLES "/strom_example_admin", bootstrap(), "tool-examples"},
                           "", 60s);
  ASSERT_EQ(admin.exit_status, 0) << admin.err;
  EXPECT_NE(admin.out.find("tool-examples/2 replicas"), std::string::npos) << admin.out;
  ASSERT_TRUE(eventually([] {
    return strom({"topic", "describe", "tool-examples"}).out.find("none") == std::string::npos;
  }, 30s)) << "no leaders for tool-examples";

  auto produced = run_command(
    {STROM_EXAMPLES "/strom_example_producer", bootstrap(), "tool-examples", "50"}, "", 60s);
  ASSERT_EQ(produced.exit_status, 0) << produced.err;
  EXPECT_NE(produced.out.find("delivered 50 records"), std::string::npos) << produced.out;

  auto consumed = run_command({STROM_EXAMPLES "/strom_example_consumer", bootstrap(),
                               "tool-examples", "example-readers", "50"},
                              "", 90s);
  ASSERT_EQ(consumed.exit_status, 0) << consumed.err;
  EXPECT_EQ(sorted_lines(consumed.out).size(), 50u) << consumed.out;
  auto lag = strom({"group", "describe", "example-readers", "--json"});
  auto group = json::parse(lag.out);
  int64_t committed = 0;
  for (const auto& o : group["offsets"])
    committed += o["committed"].get<int64_t>();
  EXPECT_EQ(committed, 50) << lag.out;
}

TEST_F(tools_test, a_push_consumer_gets_every_record_through_its_handler) {
  create_topic("tool-push", 2);
  std::mutex mutex;
  std::vector<std::string> seen;
  consumer_config config;
  config.auto_offset_reset = reset_policy::earliest;
  config.on_records = [&](std::vector<consumer_record>& records) {
    std::lock_guard<std::mutex> lock{mutex};
    for (auto& r : records)
      seen.push_back(r.record.value.value_or(""));
    return true;
  };
  consumer pushed{view_->system(), view_->endpoints(), config};
  pushed.assign({{"tool-push", partition_id{0}}, {"tool-push", partition_id{1}}});
  std::string input;
  for (int i = 0; i < 40; ++i)
    input += "k" + std::to_string(i) + ":v" + std::to_string(i) + "\n";
  ASSERT_EQ(strom({"produce", "-t", "tool-push", "-K", ":"}, input).exit_status, 0);
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock{mutex};
    return seen.size() >= 40;
  }, 30s)) << seen.size() << " records pushed";
  EXPECT_TRUE(pushed.poll(200ms).empty()); // the handler took them all
  pushed.close();
  std::lock_guard<std::mutex> lock{mutex};
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "a record came twice";
  EXPECT_EQ(seen.size(), 40u);
}

TEST_F(tools_test, a_push_handler_without_room_gets_nothing_more_until_a_resume) {
  create_topic("tool-hold", 1);
  {
    // One batch: once the handler has a record, the consumer holds all 40.
    producer_config one_batch;
    one_batch.linger_ms = 60s;
    producer p{view_->system(), view_->endpoints(), one_batch};
    for (int i = 0; i < 40; ++i) {
      record r;
      r.value = "v" + std::to_string(i);
      p.send("tool-hold", std::move(r), [](const delivery_report&) {});
    }
    ASSERT_TRUE(p.flush());
  }
  std::mutex mutex;
  std::vector<std::string> seen;
  bool room = false; // the first call fills the handler up
  consumer_config config;
  config.auto_offset_reset = reset_policy::earliest;
  config.push_records_max = 5;
  config.push_bytes_max = 4; // values are 2-3 bytes: two records a call
  size_t largest_call = 0;
  config.on_records = [&](std::vector<consumer_record>& records) {
    std::lock_guard<std::mutex> lock{mutex};
    largest_call = std::max(largest_call, records.size());
    for (auto& r : records)
      seen.push_back(r.record.value.value_or(""));
    return room;
  };
  auto count = [&] {
    std::lock_guard<std::mutex> lock{mutex};
    return seen.size();
  };
  topic_partition tp{"tool-hold", partition_id{0}};
  consumer pushed{view_->system(), view_->endpoints(), config};
  pushed.assign({tp});
  ASSERT_TRUE(eventually([&] { return count() > 0; }, 30s));
  // The one batch arrived whole: every record is in the consumer now.
  EXPECT_GT(pushed.buffered_bytes(), 0u);
  auto held = count();
  EXPECT_LE(held, 2u) << "the handler had no room, yet was handed more";
  {
    std::lock_guard<std::mutex> lock{mutex};
    room = true;
  }
  pushed.resume({tp});
  ASSERT_TRUE(eventually([&] { return count() >= 40; }, 30s)) << count() << " records pushed";
  pushed.close();
  std::lock_guard<std::mutex> lock{mutex};
  ASSERT_EQ(seen.size(), 40u);
  EXPECT_EQ(largest_call, 2u) << "push_bytes_max bounds a call";
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(seen[static_cast<size_t>(i)], "v" + std::to_string(i)) << "in offset order";
}

TEST_F(tools_test, the_console_tails_every_partition_until_ctrl_c) {
  create_topic("tool-tail", 3);
  ASSERT_EQ(strom({"produce", "-t", "tool-tail", "-m", "old"}).exit_status, 0);
  auto home = make_temp_dir("strom-tail-home");
  pty_session term{{STROM_BINARY, "console", "--bootstrap", bootstrap()},
                   {"HOME=" + home, "TERM=xterm"}};
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.clear();
  term.type("ta\t tool-tail --from beginning\r"); // the command name completes
  ASSERT_TRUE(term.wait_for("Ctrl-C stops", 20s)) << term.output();
  ASSERT_TRUE(term.wait_for("  old", 20s)) << term.output();
  std::string input;
  for (int i = 0; i < 9; ++i)
    input += "key" + std::to_string(i) + ":new" + std::to_string(i) + "\n";
  ASSERT_EQ(strom({"produce", "-t", "tool-tail", "-K", ":"}, input).exit_status, 0);
  for (int i = 0; i < 9; ++i)
    ASSERT_TRUE(term.wait_for("key" + std::to_string(i) + ":new" + std::to_string(i), 20s))
      << term.output();
  term.type("\x03"); // Ctrl-C ends the tail, not the console
  ASSERT_TRUE(term.wait_for("strom> ", 10s)) << term.output();
  term.clear();
  term.type("help tail\r");
  ASSERT_TRUE(term.wait_for("until Ctrl-C", 10s)) << term.output();
  term.type("quit\r");
  EXPECT_EQ(term.wait_exit(10s), 0) << term.output();
  std::filesystem::remove_all(home);
}

TEST_F(tools_test, bench_idle_reports_every_nodes_cpu_and_memory) {
  // A bench reports, never asserts; what it reports must be there and sane.
  auto r = strom({"bench", "idle", "-t", "idle-tool", "--partitions", "12", "--replication", "3",
                  "--seconds", "1", "--settle-seconds", "0", "--json"});
  ASSERT_EQ(r.exit_status, 0) << r.err << r.out;
  auto figures = json::parse(r.out);
  EXPECT_EQ(figures["partitions"], 12);
  for (int n = 1; n <= 3; ++n) {
    auto node = "node" + std::to_string(n) + "_";
    ASSERT_TRUE(figures.contains(node + "idle_cpu_pct")) << r.out;
    EXPECT_GE(figures[node + "idle_cpu_pct"].get<double>(), 0.0);
    EXPECT_GT(figures[node + "rss_mb"].get<double>(), 1.0);
    EXPECT_GE(figures[node + "peak_rss_mb"].get<double>(), figures[node + "rss_mb"].get<double>());
    EXPECT_GE(figures[node + "replicas"].get<double>(), 12.0) << "each node holds every partition";
  }
}

TEST_F(tools_test, bench_produce_reports_the_clients_own_cpu) {
  // make bench-compare sets this beside the peers' client CPU per record.
  auto r = strom({"bench", "produce", "-t", "cpu-tool", "-n", "2000", "-s", "100", "--json"});
  ASSERT_EQ(r.exit_status, 0) << r.err << r.out;
  auto figures = json::parse(r.out);
  ASSERT_TRUE(figures.contains("cpu_seconds")) << r.out;
  EXPECT_GE(figures["cpu_seconds"].get<double>(), 0.0);
  EXPECT_NEAR(figures["cpu_us_per_record"].get<double>(),
              figures["cpu_seconds"].get<double>() * 1e6 / 2000, 10.0)
    << r.out;
}

TEST_F(tools_test, bench_storage_json_gives_each_case_with_the_disks_raw_rate) {
  // No cluster: the store and the disk alone, one JSON object per case.
  auto r = run_command({STROM_BINARY, "bench", "storage", "--case-ms", "50", "--entry-bytes",
                        "100,1024", "--groups", "1", "--fsync", "always", "--json"},
                       "", 60s);
  ASSERT_EQ(r.exit_status, 0) << r.err << r.out;
  std::istringstream lines{r.out};
  std::vector<json> cases;
  for (std::string line; std::getline(lines, line);)
    cases.push_back(json::parse(line));
  ASSERT_EQ(cases.size(), 2u) << r.out;
  EXPECT_EQ(cases[0]["fsync"], "always");
  EXPECT_EQ(cases[1]["entry_bytes"], 1024);
  for (const auto& c : cases) {
    EXPECT_GT(c["mb_per_s"].get<double>(), 0.0) << r.out;
    EXPECT_GT(c["raw_mb_per_s"].get<double>(), 0.0) << "fsync=always measures the raw rate";
  }
}

} // namespace
} // namespace strom::testing
