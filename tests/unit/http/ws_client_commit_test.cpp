// What a ?commit=client WebSocket client sends to commit: parsed, or
// refused naming the field; and the commit query parameter itself.

#include <gtest/gtest.h>

#include "net/http/ws_client_commit.hpp"
#include "net/http/ws_request.hpp"

namespace strom {
namespace {

std::string refusal(const std::string& text) {
  auto parsed = parse_ws_client_commit(text, "t");
  auto* bad = std::get_if<request_error>(&parsed);
  return bad != nullptr ? bad->message() : "accepted";
}

TEST(ws_client_commit, offsets_per_partition_of_the_sockets_topic_newest_wins) {
  auto parsed = parse_ws_client_commit(
    R"({"commit": [{"partition": 0, "offset": 5}, {"partition": 1, "offset": 0},
                   {"partition": 0, "offset": 9}, {"partition": 0, "offset": 7}]})",
    "orders");
  ASSERT_TRUE(std::holds_alternative<consumer_positions>(parsed)) << refusal("");
  auto offsets = std::get<consumer_positions>(parsed);
  EXPECT_EQ(offsets, (consumer_positions{{{"orders", partition_id{0}}, record_offset{9}},
                                         {{"orders", partition_id{1}}, record_offset{0}}}));
}

TEST(ws_client_commit, malformed_commits_name_what_is_wrong) {
  EXPECT_EQ(refusal("not json"), "message: must be a JSON object");
  EXPECT_EQ(refusal("[1]"), "message: must be a JSON object");
  EXPECT_EQ(refusal("{}"), "commit: must be a non-empty array of {partition, offset}");
  EXPECT_EQ(refusal(R"({"commit": []})"), "commit: must be a non-empty array of {partition, offset}");
  EXPECT_EQ(refusal(R"({"commit": [7]})"), "commit[0]: must be an object {partition, offset}");
  EXPECT_EQ(refusal(R"({"commit": [{"offset": 1}]})"), "commit[0].partition: must be a partition number");
  EXPECT_EQ(refusal(R"({"commit": [{"partition": 0, "offset": 1}, {"partition": -1, "offset": 1}]})"),
            "commit[1].partition: must be a partition number");
  EXPECT_EQ(refusal(R"({"commit": [{"partition": 0, "offset": "5"}]})"),
            "commit[0].offset: must be a whole number, the next offset to read");
  EXPECT_EQ(refusal(R"({"commit": [{"partition": 0, "offset": -2}]})"),
            "commit[0].offset: must be a whole number, the next offset to read");
}

TEST(ws_client_commit, the_answers_are_json_events) {
  EXPECT_EQ(ws_committed_text({{{"t", partition_id{2}}, record_offset{10}}}),
            R"({"offsets":[{"offset":10,"partition":2}],"type":"committed"})");
  EXPECT_EQ(ws_error_text("bad_request", "commit: x"),
            R"({"error":"bad_request","message":"commit: x","type":"error"})");
}

TEST(ws_request, commit_is_client_or_written_and_only_for_a_group) {
  route r;
  r.topic = "t";
  ws_request out;
  r.query = {{"group", "g"}, {"commit", "client"}};
  EXPECT_FALSE(parse_ws_request(r, out));
  EXPECT_TRUE(out.client_commits);
  ws_request written;
  r.query = {{"group", "g"}, {"commit", "written"}};
  EXPECT_FALSE(parse_ws_request(r, written));
  EXPECT_FALSE(written.client_commits);
  r.query = {{"group", "g"}, {"commit", "later"}};
  EXPECT_EQ(parse_ws_request(r, out)->message(), "commit: must be client or written");
  r.query = {{"partition", "0"}, {"commit", "client"}};
  EXPECT_EQ(parse_ws_request(r, out)->message(), "commit: only a group commits");
}

} // namespace
} // namespace strom
