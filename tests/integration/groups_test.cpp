// Consumer groups against three real nodes through the client library:
// members share a topic's partitions, a consumer resumes from its group's
// commit, a member that leaves or whose client dies is rebalanced away at
// once, stale generations are fenced, and seek/pause work on pushed records.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int32_t partition_count = 6;

class groups_test : public ::testing::Test {
protected:
  groups_test() : cluster_{3}, view_{cluster_} {}

  std::vector<endpoint> bootstrap() const { return view_.endpoints(); }

  void SetUp() override {
    cluster_.start_all();
    ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
    auto failed = view_.create_topic(topic_spec{"events", partition_count, 3}, 30s);
    ASSERT_FALSE(failed) << describe(failed) << "\n" << cluster_.logs();
  }

  // Sends values first..first+count-1 ("v<i>"), keyed, and waits for them.
  void produce(int first, int count) {
    producer p{view_.system(), bootstrap()};
    std::atomic<int> failed{0};
    for (int i = first; i < first + count; ++i) {
      record r;
      r.key = "k" + std::to_string(i % 17);
      r.value = "v" + std::to_string(i);
      p.send("events", std::move(r), [&](const delivery_report& d) {
        if (!d.ok())
          ++failed;
      });
    }
    ASSERT_TRUE(p.flush());
    ASSERT_EQ(failed.load(), 0);
  }

  consumer_config config(const std::string& group) const {
    consumer_config c;
    c.group_id = group;
    c.auto_offset_reset = reset_policy::earliest;
    c.enable_auto_commit = false;
    c.session_timeout_ms = 30s;
    c.heartbeat_interval_ms = 500ms;
    return c;
  }

  // Polls until `count` values arrived or the time is up; their values.
  static std::vector<std::string> poll_values(consumer& c, size_t count,
                                              std::chrono::milliseconds timeout) {
    std::vector<std::string> out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline)
      for (auto& r : c.poll(200ms))
        out.push_back(r.record.value.value_or(""));
    return out;
  }

  // The group as its coordinator (whichever node answers) describes it.
  // Asked until one node answers: the coordinator's partition may be
  // moving to its preferred leader, which loads the group before it answers.
  std::optional<group_description> describe_group(const std::string& group) {
    std::optional<group_description> out;
    eventually([&] { return (out = describe_group_once(group)).has_value(); }, 15s);
    return out;
  }

  std::optional<group_description> describe_group_once(const std::string& group) {
    for (int n = 1; n <= 3; ++n) {
      admin_client admin{view_.system(), {cluster_.endpoint_of(node_id{n})}, 2000ms};
      auto broker = admin.broker();
      if (!broker)
        continue;
      caf::scoped_actor self{view_.system()};
      std::optional<group_description> out;
      self->request(*broker, 2s, describe_group_atom::value, group)
        .receive([&](group_description& d) { out = std::move(d); }, [](caf::error&) {});
      if (out)
        return out;
    }
    return std::nullopt;
  }

  test_cluster cluster_;
  cluster_view view_;
};

std::set<topic_partition> as_set(const std::vector<topic_partition>& v) {
  return {v.begin(), v.end()};
}

TEST_F(groups_test, a_consumer_reads_history_then_resumes_from_its_groups_commit) {
  produce(0, 300);
  {
    consumer c{view_.system(), bootstrap(), config("billing")};
    c.subscribe({"events"});
    auto got = poll_values(c, 300, 60s);
    ASSERT_EQ(got.size(), 300u) << cluster_.logs();
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), 300u) << "duplicates";
    auto committed = c.commit();
    ASSERT_TRUE(committed) << describe(committed.error());
    c.close();
  }
  auto described = describe_group("billing");
  ASSERT_TRUE(described);
  int64_t committed = 0;
  for (const auto& o : described->offsets)
    committed += o.offset.value();
  EXPECT_EQ(committed, 300) << "the committed offsets add up to what was read";
  EXPECT_TRUE(described->members.empty()) << "close() left the group";

  produce(300, 50);
  consumer again{view_.system(), bootstrap(), config("billing")};
  again.subscribe({"events"});
  auto got = poll_values(again, 50, 60s);
  ASSERT_EQ(got.size(), 50u);
  for (const auto& v : got)
    EXPECT_GE(std::stoi(v.substr(1)), 300) << "record " << v << " was committed before";
  EXPECT_TRUE(poll_values(again, 1, 1s).empty()) << "nothing more";
}

TEST_F(groups_test, members_share_partitions_and_a_dead_client_is_rebalanced_away_at_once) {
  auto cfg = config("shared");
  cfg.assignors = {"cooperative_sticky"};
  consumer a{view_.system(), bootstrap(), cfg};
  consumer b{view_.system(), bootstrap(), cfg};
  a.subscribe({"events"});
  b.subscribe({"events"});
  std::set<topic_partition> all;
  for (int32_t p = 0; p < partition_count; ++p)
    all.insert({"events", partition_id{p}});
  bool shared = eventually([&] {
    a.poll(10ms);
    b.poll(10ms);
    auto sa = as_set(a.assignment());
    auto sb = as_set(b.assignment());
    std::set<topic_partition> both = sa;
    both.insert(sb.begin(), sb.end());
    return !sa.empty() && !sb.empty() && sa.size() + sb.size() == both.size() && both == all;
  }, 60s);
  ASSERT_TRUE(shared) << cluster_.logs();

  // b's actor dies without leaving: its session ends the membership, so
  // the group rebalances long before the 30 s session timeout.
  caf::scoped_actor killer{view_.system()};
  killer->send_exit(b.handle(), caf::exit_reason::kill);
  bool took_over = eventually([&] {
    a.poll(10ms);
    return as_set(a.assignment()) == all;
  }, 20s);
  if (!took_over) {
    auto d = describe_group("shared");
    std::string members;
    if (d)
      for (const auto& m : d->members)
        members += m.member + "(" + std::to_string(m.assignment.size()) + ") ";
    FAIL() << "a owns " << a.assignment().size() << " in generation " << a.generation()
           << "; the group: " << (d ? d->overview.state + " generation " + std::to_string(d->generation) + " members " + members : "?")
           << "\n" << cluster_.logs();
  }

  produce(0, 120);
  EXPECT_EQ(poll_values(a, 120, 30s).size(), 120u) << "the survivor reads every partition";
}

TEST_F(groups_test, a_commit_from_a_stale_generation_is_refused) {
  consumer a{view_.system(), bootstrap(), config("fenced")};
  a.subscribe({"events"});
  ASSERT_TRUE(eventually([&] { a.poll(10ms); return !a.assignment().empty(); }, 60s));
  auto described = describe_group("fenced");
  ASSERT_TRUE(described);
  ASSERT_EQ(described->members.size(), 1u);
  auto member = described->members.front().member;
  int32_t generation = described->generation;

  // Find the coordinator again and commit as the member's previous generation.
  // Asked again until the coordinator gave both verdicts: meanwhile every node
  // may answer only transiently, while the group rebalances or while its
  // coordinator's partition moves to its preferred leader (then no node
  // coordinates it until the new one has loaded it).
  bool fenced = false, unknown = false, brokers = true;
  auto ask_every_node = [&] {
    brokers = true; // of this round
    auto note = [&](bool& flag, errc wanted) {
      return [&flag, wanted](caf::error& e) { flag |= code_of(e) == wanted; };
    };
    for (int n = 1; n <= 3; ++n) {
      admin_client admin{view_.system(), {cluster_.endpoint_of(node_id{n})}, 2000ms};
      auto broker = admin.broker();
      brokers = brokers && broker;
      if (!broker)
        continue;
      caf::scoped_actor self{view_.system()};
      partition_offset one;
      one.partition = {"events", partition_id{0}};
      one.offset = record_offset{1};
      commit_offsets_request stale;
      stale.member = {"fenced", member, generation - 1, ""};
      stale.offsets.push_back(one);
      self->request(*broker, 5s, commit_offsets_atom::value, stale)
        .receive([] {}, note(fenced, errc::illegal_generation));
      auto stranger = stale;
      stranger.member = {"fenced", "nobody", generation, ""};
      self->request(*broker, 5s, commit_offsets_atom::value, stranger)
        .receive([] {}, note(unknown, errc::unknown_member));
    }
    return fenced && unknown;
  };
  EXPECT_TRUE(eventually(ask_every_node, 30s)) << "no coordinator gave both verdicts";
  EXPECT_TRUE(brokers) << "every node answered for its broker";
  EXPECT_TRUE(fenced) << "the coordinator refused the old generation with illegal_generation";
  EXPECT_TRUE(unknown) << "and an unknown member with unknown_member";
}

TEST_F(groups_test, seek_and_pause_on_assigned_partitions) {
  produce(0, 60);
  auto cfg = config("manual");
  consumer c{view_.system(), bootstrap(), cfg};
  topic_partition p0{"events", partition_id{0}};
  c.assign({p0});
  auto first = poll_values(c, 1, 30s);
  ASSERT_FALSE(first.empty());
  auto rest = poll_values(c, 60, 3s);
  size_t in_p0 = first.size() + rest.size();
  ASSERT_GT(in_p0, 1u);

  c.seek(p0, seek_target::to_offset(record_offset{1}));
  auto again = poll_values(c, in_p0 - 1, 30s);
  EXPECT_EQ(again.size(), in_p0 - 1) << "a seek to offset 1 reads all but the first again";

  c.pause({p0});
  produce(60, 60);
  EXPECT_TRUE(poll_values(c, 1, 2s).empty()) << "a paused partition hands out nothing";
  c.resume({p0});
  EXPECT_FALSE(poll_values(c, 1, 30s).empty()) << "resumed, it goes on";

  auto committed = c.commit();
  ASSERT_TRUE(committed) << describe(committed.error());
  auto described = describe_group("manual");
  ASSERT_TRUE(described);
  ASSERT_EQ(described->offsets.size(), 1u);
  EXPECT_EQ(described->offsets.front().partition, p0);
}

TEST_F(groups_test, a_static_member_that_comes_back_in_time_causes_no_rebalance) {
  auto cfg = config("static");
  cfg.group_instance_id = "instance-a";
  cfg.session_timeout_ms = 20s;
  std::vector<topic_partition> before;
  int32_t generation = -1;
  {
    consumer a{view_.system(), bootstrap(), cfg};
    a.subscribe({"events"});
    ASSERT_TRUE(eventually([&] { a.poll(10ms); return !a.assignment().empty(); }, 60s));
    before = a.assignment();
    generation = a.generation();
    a.close(); // a static member does not leave
  }
  auto described = describe_group("static");
  ASSERT_TRUE(described);
  EXPECT_EQ(described->members.size(), 1u) << "the static member kept its place";
  consumer back{view_.system(), bootstrap(), cfg};
  back.subscribe({"events"});
  ASSERT_TRUE(eventually([&] { back.poll(10ms); return !back.assignment().empty(); }, 30s));
  EXPECT_EQ(back.assignment(), before);
  EXPECT_EQ(back.generation(), generation) << "no rebalance: the same generation";
}

TEST_F(groups_test, a_topic_that_gains_partitions_rebalances_the_group) {
  consumer c{view_.system(), bootstrap(), config("growing")};
  c.subscribe({"events"});
  ASSERT_TRUE(eventually([&] {
    c.poll(10ms);
    return c.assignment().size() == static_cast<size_t>(partition_count);
  }, 60s));
  admin_client admin{view_.system(), bootstrap(), 5000ms};
  auto grown = admin.add_partitions("events", partition_count + 2);
  ASSERT_TRUE(grown) << describe(grown.error());
  EXPECT_TRUE(eventually([&] {
    c.poll(10ms);
    return c.assignment().size() == static_cast<size_t>(partition_count + 2);
  }, 30s)) << "the member was given the new partitions";
}

TEST_F(groups_test, a_consumer_that_does_not_poll_holds_no_more_than_its_credit) {
  constexpr int count = 2000;
  constexpr uint64_t credit = 64 << 10;
  constexpr uint64_t batch_max = 16 << 10;
  {
    producer_config pc;
    pc.batch_bytes_max = batch_max;
    producer p{view_.system(), bootstrap(), pc};
    for (int i = 0; i < count; ++i) {
      record r;
      r.value = std::string(1000, 'x');
      p.send("events", std::move(r), [](const delivery_report&) {});
    }
    ASSERT_TRUE(p.flush());
  }
  auto cfg = config("slow");
  cfg.credit_bytes = credit;
  consumer c{view_.system(), bootstrap(), cfg};
  c.subscribe({"events"});
  ASSERT_TRUE(eventually([&] { return c.buffered_bytes() > 0; }, 60s));
  // One session per leader (3 nodes), each within its credit plus one
  // batch: at every moment, watched until the sessions have pushed all the
  // credit lets them (nothing more arrives for 20 looks, a second).
  uint64_t most = 0, last = 0;
  int unchanged = 0;
  EXPECT_TRUE(eventually([&] {
    auto now = c.buffered_bytes();
    most = std::max(most, now);
    unchanged = now == last ? unchanged + 1 : 0;
    last = now;
    return unchanged >= 20;
  }, 60s)) << "the consumer kept taking more";
  EXPECT_LE(most, 3 * (credit + batch_max + 1024));
  EXPECT_EQ(poll_values(c, count, 60s).size(), static_cast<size_t>(count))
    << "polling grants the credit back, so everything arrives";
}

} // namespace
} // namespace strom::testing
