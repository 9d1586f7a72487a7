// Committed offsets: fencing through the group, simple commits, limits,
// nothing applied before it is written, fetch and deletion.

#include "actors/group/offset_table.hpp"
#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

using test::code_of;

const topic_partition t0{"t", partition_id{0}};
const topic_partition t1{"t", partition_id{1}};

offset_commit_request commit_of(const std::string& group, member_id member,
                                generation_id generation, int64_t offset,
                                std::string metadata = "") {
  return offset_commit_request{group, std::move(member), generation,
                               {{t0, record_offset{offset}, std::move(metadata)}}};
}

// prepare, then apply as the actor does once the records are written.
result<void> commit(offset_table& table, const group_state* group,
                    const offset_commit_request& request, int64_t now_ms) {
  auto prepared = table.prepare_commit(group, request, now_ms);
  if (!prepared)
    return prepared.error();
  for (const auto& c : *prepared)
    table.apply(c);
  return {};
}

TEST(offset_table, nothing_committed_is_said_so) {
  offset_table table;
  EXPECT_FALSE(table.fetch("g", t0));
  EXPECT_TRUE(table.fetch_group("g").empty());
}

TEST(offset_table, a_client_outside_any_group_commits_simply) {
  offset_table table;
  ASSERT_TRUE(commit(table, nullptr, commit_of("g", member_id{}, no_generation, 42, "why"), 5));
  auto fetched = table.fetch("g", t0);
  ASSERT_TRUE(fetched);
  EXPECT_EQ(*fetched, (committed_offset{record_offset{42}, "why", 5}));
  EXPECT_FALSE(table.fetch("g", t1));
  EXPECT_EQ(code_of(table.prepare_commit(nullptr, commit_of("g", member_id{"m"}, generation_id{3}, 1), 5)),
            errc::unknown_member);
}

TEST(offset_table, members_commit_in_their_generation_only) {
  test::group_driver d;
  auto a = d.stable_group({"a"}, 2)[0];
  offset_table table;
  ASSERT_TRUE(commit(table, &d.group, commit_of("g", a, generation_id{1}, 10), d.now));
  EXPECT_EQ(code_of(commit(table, &d.group, commit_of("g", a, generation_id{0}, 11), d.now)),
            errc::illegal_generation);
  EXPECT_EQ(code_of(commit(table, &d.group, commit_of("g", member_id{"x"}, generation_id{1}, 11),
                           d.now)),
            errc::unknown_member);
  EXPECT_EQ(code_of(commit(table, &d.group, commit_of("g", member_id{}, no_generation, 11), d.now)),
            errc::unknown_member)
    << "a group with members takes no simple commits";
  EXPECT_EQ(table.fetch("g", t0)->offset, record_offset{10}) << "refused commits changed nothing";
}

TEST(offset_table, a_prepared_commit_is_not_visible_until_applied) {
  offset_table table;
  auto prepared = table.prepare_commit(nullptr, commit_of("g", member_id{}, no_generation, 7), 9);
  ASSERT_TRUE(prepared);
  ASSERT_EQ(prepared->size(), 1u);
  EXPECT_FALSE(table.fetch("g", t0));
  table.apply(prepared->front());
  EXPECT_EQ(table.fetch("g", t0)->offset, record_offset{7});
}

TEST(offset_table, bad_offsets_and_oversized_metadata_are_refused) {
  offset_limits limits;
  limits.metadata_bytes_max = 4;
  offset_table table(limits);
  EXPECT_EQ(code_of(table.prepare_commit(nullptr, commit_of("g", member_id{}, no_generation, -1), 0)),
            errc::bad_request);
  EXPECT_EQ(code_of(table.prepare_commit(
              nullptr, commit_of("g", member_id{}, no_generation, 1, "12345"), 0)),
            errc::bad_request);
  EXPECT_TRUE(table.prepare_commit(nullptr, commit_of("g", member_id{}, no_generation, 1, "1234"), 0));
}

TEST(offset_table, deleting_a_group_erases_each_of_its_offsets) {
  offset_table table;
  auto request = commit_of("g", member_id{}, no_generation, 1);
  request.partitions.push_back({t1, record_offset{2}, ""});
  ASSERT_TRUE(commit(table, nullptr, request, 0));
  ASSERT_TRUE(commit(table, nullptr, commit_of("other", member_id{}, no_generation, 3), 0));
  auto keys = table.group_keys("g");
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& key : keys)
    table.erase(key);
  EXPECT_TRUE(table.fetch_group("g").empty());
  EXPECT_EQ(table.groups(), std::vector<std::string>{"other"});
}

} // namespace
} // namespace strom
