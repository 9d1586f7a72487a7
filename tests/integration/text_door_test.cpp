// The line door of three real nodes, driven over raw TCP as telnet would:
// topics are created, records published with and without keys and read
// back with CONS, members of a group share a topic's partitions and get
// what is published after they joined, malformed lines get ERR and the
// connection goes on, and a client that stops reading is cut off.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

#include "tests/integration/support/door_suite.hpp"
#include "tests/integration/support/line_client.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

// A bound on every wait for an answer, never a claim about speed.
constexpr std::chrono::milliseconds answer_wait_ms{30000};

bool starts_with(const std::optional<std::string>& line, const std::string& prefix) {
  return line && line->rfind(prefix, 0) == 0;
}

std::string shown(const std::optional<std::string>& line) {
  return line ? "'" + *line + "'" : "nothing";
}

class text_door_test : public door_suite<test_cluster::door::text> {
protected:
  static std::unique_ptr<line_client> connect(int node, int receive_buffer_bytes = 0) {
    auto client = std::make_unique<line_client>(door_port(node), receive_buffer_bytes);
    EXPECT_TRUE(client->connected()) << "the door of node " << node << " is open";
    return client;
  }

  // CRTP, retried while the controller settles; the answer.
  static std::optional<std::string> create(line_client& c, const std::string& line) {
    std::optional<std::string> answer;
    eventually([&] {
      answer = c.ask(line, answer_wait_ms);
      return !starts_with(answer, "ERR no_controller") && !starts_with(answer, "ERR timeout");
    }, 30s);
    return answer;
  }
};

TEST_F(text_door_test, help_lists_the_commands_and_gives_the_syntax_of_one) {
  auto c = connect(1);
  auto all = c->ask("HELP", answer_wait_ms);
  EXPECT_TRUE(starts_with(all, "OK HELP commands: CRTP PUBS SUBS CONS STOP QUIT HELP"))
    << shown(all);
  auto one = c->ask("help cons", answer_wait_ms);
  EXPECT_TRUE(starts_with(one, "OK HELP CONS topic partition offset")) << shown(one);
  auto unknown = c->ask("HELP FROB", answer_wait_ms);
  EXPECT_TRUE(starts_with(unknown, "ERR bad_request: no command 'FROB'")) << shown(unknown);
}

TEST_F(text_door_test, records_published_with_and_without_a_key_are_read_back_with_cons) {
  auto writer = connect(1);
  auto created = create(*writer, "CRTP readback 1");
  ASSERT_EQ(created, std::optional<std::string>{"OK CRTP readback partitions=1 replication=3"});
  EXPECT_EQ(writer->ask("PUBS readback \"hello world\"", answer_wait_ms),
            std::optional<std::string>{"OK PUBS readback 0 0"});
  EXPECT_EQ(writer->ask("PUBS readback key=user-7 \"line one\\nline two\"", answer_wait_ms),
            std::optional<std::string>{"OK PUBS readback 0 1"});
  EXPECT_EQ(writer->ask(R"(PUBS readback key="two words" "a \" and a \\")", answer_wait_ms),
            std::optional<std::string>{"OK PUBS readback 0 2"});

  // Through another node's door: the records are the cluster's, not the door's.
  auto reader = connect(2);
  EXPECT_EQ(reader->ask("CONS readback 0 0", answer_wait_ms),
            std::optional<std::string>{"OK CONS readback 0 0"});
  EXPECT_EQ(reader->read_line(answer_wait_ms),
            std::optional<std::string>{R"(MSG readback 0 0 "hello world")"});
  EXPECT_EQ(reader->read_line(answer_wait_ms),
            std::optional<std::string>{R"(MSG readback 0 1 key="user-7" "line one\nline two")"});
  EXPECT_EQ(reader->read_line(answer_wait_ms),
            std::optional<std::string>{R"(MSG readback 0 2 key="two words" "a \" and a \\")"});
  EXPECT_EQ(reader->ask("STOP", answer_wait_ms), std::optional<std::string>{"OK STOP"});

  auto from_one = connect(3);
  EXPECT_EQ(from_one->ask("CONS readback 0 2", answer_wait_ms),
            std::optional<std::string>{"OK CONS readback 0 2"});
  auto first = from_one->read_line(answer_wait_ms);
  EXPECT_TRUE(starts_with(first, "MSG readback 0 2 ")) << "starts at the offset asked: "
                                                       << shown(first);
  // The stream goes on with what is published after it started.
  EXPECT_EQ(writer->ask("PUBS readback \"later\"", answer_wait_ms),
            std::optional<std::string>{"OK PUBS readback 0 3"});
  EXPECT_EQ(from_one->read_line(answer_wait_ms),
            std::optional<std::string>{R"(MSG readback 0 3 "later")"});
  EXPECT_EQ(from_one->ask("STOP", answer_wait_ms), std::optional<std::string>{"OK STOP"});
  EXPECT_TRUE(starts_with(from_one->ask("HELP", answer_wait_ms), "OK HELP"))
    << "the connection goes on after its stream";
}

// What one SUBS connection owns, from its ASSIGNED / REVOKED / LOST lines,
// and the records it was sent.
struct member_view {
  std::set<int> owned;
  std::vector<std::string> records;

  void take(const std::string& line) {
    auto words = line.substr(0, line.find(' '));
    if (words == "MSG") {
      records.push_back(line);
      return;
    }
    auto list = line.substr(line.rfind(' ') + 1);
    for (size_t from = 0; list != "-" && from <= list.size();) {
      auto comma = list.find(',', from);
      auto p = std::stoi(list.substr(from, comma - from));
      if (words == "ASSIGNED")
        owned.insert(p);
      else
        owned.erase(p);
      from = comma == std::string::npos ? list.size() + 1 : comma + 1;
    }
  }
};

// Reads what both members were sent until `done` holds or the bound passes.
bool follow(line_client& a, member_view& va, line_client& b, member_view& vb,
            const std::function<bool()>& done) {
  return eventually([&] {
    while (auto line = a.read_line(20ms))
      va.take(*line);
    while (auto line = b.read_line(20ms))
      vb.take(*line);
    return done();
  }, 60s);
}

// The partition of a MSG line.
int partition_of(const std::string& msg_line) {
  auto after_topic = msg_line.find(' ', 4) + 1;
  return std::stoi(msg_line.substr(after_topic, msg_line.find(' ', after_topic) - after_topic));
}

TEST_F(text_door_test, members_of_a_group_share_the_partitions_and_get_what_is_published_after) {
  auto admin = connect(2);
  ASSERT_TRUE(starts_with(create(*admin, "CRTP shared 2"), "OK CRTP shared partitions=2"));
  auto a = connect(1);
  auto b = connect(3);
  ASSERT_EQ(a->ask("SUBS shared billing", answer_wait_ms),
            std::optional<std::string>{"OK SUBS shared billing group"});
  ASSERT_EQ(b->ask("SUBS shared billing", answer_wait_ms),
            std::optional<std::string>{"OK SUBS shared billing group"});
  member_view va, vb;
  bool split = follow(*a, va, *b, vb, [&] {
    return va.owned.size() == 1 && vb.owned.size() == 1 && va.owned != vb.owned;
  });
  ASSERT_TRUE(split) << "each member owns one partition; a owns " << va.owned.size()
                     << ", b owns " << vb.owned.size();

  std::set<std::string> published;
  for (int i = 0; i < 12; ++i) {
    auto answer = admin->ask("PUBS shared key=k" + std::to_string(i) + " \"v" +
                               std::to_string(i) + "\"",
                             answer_wait_ms);
    ASSERT_TRUE(starts_with(answer, "OK PUBS shared ")) << shown(answer);
    auto where = answer->substr(std::string{"OK PUBS shared "}.size());
    auto space = where.find(' ');
    published.insert("MSG shared " + where.substr(0, space) + " " + where.substr(space + 1) +
                     " key=\"k" + std::to_string(i) + "\" \"v" + std::to_string(i) + "\"");
  }
  ASSERT_TRUE(follow(*a, va, *b, vb,
                     [&] { return va.records.size() + vb.records.size() >= published.size(); }))
    << "a got " << va.records.size() << ", b got " << vb.records.size();
  std::set<std::string> received;
  for (const auto& [view, name] : {std::pair{&va, "a"}, std::pair{&vb, "b"}})
    for (const auto& r : view->records) {
      EXPECT_TRUE(received.insert(r).second) << "sent once: " << r;
      EXPECT_EQ(view->owned.count(partition_of(r)), 1u) << name << " got " << r
                                                        << " of a partition it does not own";
    }
  EXPECT_EQ(received, published);
}

TEST_F(text_door_test, a_subscriber_closed_right_after_joining_leaves_its_group_at_once) {
  auto admin = connect(2);
  ASSERT_TRUE(starts_with(create(*admin, "CRTP ghosts 3"), "OK CRTP ghosts"));
  std::unique_ptr<line_client> member;
  auto failure = view_->leaves_when_closed(
    "ghost-text",
    [&] {
      member = connect(1);
      EXPECT_EQ(member->ask("SUBS ghosts ghost-text", answer_wait_ms),
                std::optional<std::string>{"OK SUBS ghosts ghost-text group"});
    },
    [&] { member.reset(); });
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST_F(text_door_test, malformed_lines_get_err_in_their_place_and_the_connection_goes_on) {
  auto c = connect(1);
  c->send("FROB x\nCRTP t -3\nPUBS t hello\nPUBS t \"open\n\x01\x02garbage\xff\n\n" +
          std::string(70000, 'x') + "\nCONS t 0 soon\nHELP\n");
  std::vector<std::string> expected{
    "ERR bad_request: unknown command 'FROB'",
    "ERR bad_request: partitions must be a whole number",
    "ERR bad_request: the message must be in double quotes",
    "ERR bad_request: unterminated quote",
    "ERR bad_request: control byte 0x01",
    "ERR bad_request: empty line",
    "ERR line_too_long: a line may hold at most 65536 bytes",
    "ERR bad_request: the offset (or earliest, latest) must be a whole number",
    "OK HELP commands:",
  };
  for (const auto& prefix : expected) {
    auto answer = c->read_line(answer_wait_ms);
    EXPECT_TRUE(starts_with(answer, prefix)) << "expected " << prefix << "..., got " << shown(answer);
  }
}

// Each bad line is the last thing the client sends before it waits: its
// ERR must come without a later line to push it out.
TEST_F(text_door_test, a_bad_line_alone_is_answered_without_waiting_for_another) {
  auto c = connect(3);
  const std::vector<std::pair<std::string, std::string>> cases{
    {"FOO", "ERR bad_request: unknown command 'FOO'"},
    {"nonsense words", "ERR bad_request: unknown command 'nonsense'"},
    {"\x01", "ERR bad_request: control byte 0x01"},
    {"", "ERR bad_request: empty line"},
    {std::string(70000, 'x'), "ERR line_too_long: a line may hold at most 65536 bytes"},
  };
  for (const auto& [line, prefix] : cases) {
    auto answer = c->ask(line, answer_wait_ms);
    EXPECT_TRUE(starts_with(answer, prefix))
      << "to '" << line.substr(0, 20) << "' alone: expected " << prefix << "..., got "
      << shown(answer);
  }
}

TEST_F(text_door_test, requests_the_cluster_refuses_get_typed_errors_and_change_nothing) {
  auto c = connect(2);
  auto unknown_publish = c->ask("PUBS no-such-topic \"x\"", answer_wait_ms);
  EXPECT_TRUE(starts_with(unknown_publish, "ERR unknown_topic")) << shown(unknown_publish);
  auto unknown_read = c->ask("CONS no-such-topic 0 0", answer_wait_ms);
  EXPECT_TRUE(starts_with(unknown_read, "ERR unknown_topic")) << shown(unknown_read);
  ASSERT_TRUE(starts_with(create(*c, "CRTP refusals 1"), "OK CRTP refusals partitions=1"));
  auto again = c->ask("CRTP refusals 1", answer_wait_ms);
  EXPECT_TRUE(starts_with(again, "ERR topic_exists")) << shown(again);
  auto bad_name = c->ask("CRTP bad/name", answer_wait_ms);
  EXPECT_TRUE(starts_with(bad_name, "ERR ")) << shown(bad_name);
  auto no_partition = c->ask("CONS refusals 5 0", answer_wait_ms);
  EXPECT_TRUE(starts_with(no_partition, "ERR unknown_partition")) << shown(no_partition);
  auto no_member_partition = c->ask("SUBS refusals g 0,3", answer_wait_ms);
  EXPECT_TRUE(starts_with(no_member_partition, "ERR unknown_partition"))
    << shown(no_member_partition);
  auto no_stream = c->ask("STOP", answer_wait_ms);
  EXPECT_TRUE(starts_with(no_stream, "ERR bad_request: no stream")) << shown(no_stream);
  EXPECT_TRUE(starts_with(c->ask("CONS refusals 0 earliest", answer_wait_ms), "OK CONS"));
  auto second_stream = c->ask("SUBS refusals g", answer_wait_ms);
  EXPECT_TRUE(starts_with(second_stream, "ERR bad_request: a stream runs already"))
    << shown(second_stream);
  EXPECT_EQ(c->ask("STOP", answer_wait_ms), std::optional<std::string>{"OK STOP"});
  EXPECT_TRUE(starts_with(c->ask("HELP", answer_wait_ms), "OK HELP"));
}

TEST_F(text_door_test, pipelined_publishes_are_answered_in_line_order) {
  auto c = connect(3);
  ASSERT_TRUE(starts_with(create(*c, "CRTP piped 1"), "OK CRTP piped"));
  std::string lines;
  for (int i = 0; i < 50; ++i)
    lines += "PUBS piped \"" + std::to_string(i) + "\"\n";
  c->send(lines);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(c->read_line(answer_wait_ms),
              std::optional<std::string>{"OK PUBS piped 0 " + std::to_string(i)});
  // A publish right behind a CRTP waits for it: the topic is there.
  c->send("CRTP piped-too 1\nPUBS piped-too \"first\"\n");
  EXPECT_EQ(c->read_line(answer_wait_ms),
            std::optional<std::string>{"OK CRTP piped-too partitions=1 replication=3"});
  EXPECT_EQ(c->read_line(answer_wait_ms), std::optional<std::string>{"OK PUBS piped-too 0 0"});
}

TEST_F(text_door_test, a_client_that_stops_reading_is_cut_off) {
  auto publisher = connect(2);
  ASSERT_TRUE(starts_with(create(*publisher, "CRTP flood 1"), "OK CRTP flood"));
  auto idle = connect(1, 4096);
  ASSERT_EQ(idle->ask("SUBS flood idle-readers", answer_wait_ms),
            std::optional<std::string>{"OK SUBS flood idle-readers group"});
  // About 12 MB: far more than the door's output bound (1 MiB) and the
  // socket buffers between it and the idle client together.
  std::string value(60000, 'v');
  std::string lines;
  for (int i = 0; i < 200; ++i)
    lines += "PUBS flood \"" + value + "\"\n";
  publisher->send(lines);
  for (int i = 0; i < 200; ++i) {
    auto answer = publisher->read_line(answer_wait_ms);
    ASSERT_TRUE(starts_with(answer, "OK PUBS flood 0 ")) << shown(answer);
  }
  EXPECT_TRUE(eventually([&] { return idle->ended_by_peer(); }, 60s))
    << "the idle client's connection was never ended";
  auto after = connect(1);
  EXPECT_TRUE(starts_with(after->ask("HELP", answer_wait_ms), "OK HELP"))
    << "the door goes on for other clients";
}

TEST_F(text_door_test, a_stream_started_and_stopped_in_one_write_answers_both_in_order) {
  auto c = connect(2);
  ASSERT_TRUE(starts_with(create(*c, "CRTP brief 1"), "OK CRTP brief"));
  c->send("CONS brief 0 earliest\nSTOP\nSUBS brief quick\nSTOP\nHELP\n");
  for (const char* expected : {"OK CONS brief 0 earliest", "OK STOP", "OK SUBS brief quick group"})
    EXPECT_EQ(c->read_line(answer_wait_ms), std::optional<std::string>{expected});
  // The group may announce its assignment before it is stopped.
  auto next = c->read_line(answer_wait_ms);
  while (starts_with(next, "ASSIGNED brief") || starts_with(next, "REVOKED brief"))
    next = c->read_line(answer_wait_ms);
  EXPECT_EQ(next, std::optional<std::string>{"OK STOP"});
  EXPECT_TRUE(starts_with(c->read_line(answer_wait_ms), "OK HELP"));
}

TEST_F(text_door_test, quit_answers_then_closes_the_connection) {
  auto c = connect(1);
  EXPECT_EQ(c->ask("QUIT", answer_wait_ms), std::optional<std::string>{"OK QUIT"});
  EXPECT_EQ(c->read_line(answer_wait_ms), std::nullopt);
  EXPECT_TRUE(c->ended_by_peer());
}

} // namespace
} // namespace strom::testing
