// The partition log: append, read, find by offset, truncate, drop, and
// corruption detection. Writes go straight through a write transaction here;
// writer_test covers the writer around them.

#include <gtest/gtest.h>

#include "storage/keys.hpp"
#include "storage/log_store.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::payload_for;

class log_store_test : public ::testing::Test {
protected:
  void SetUp() override { environment = testing::open_env(testing::config_for(dir)); }

  result<void> append(group_id group, std::vector<log_entry> entries) {
    return in_txn([&](MDB_txn* t) { return log_store::append(dbs(), t, group, entries); });
  }

  template <class F>
  result<void> in_txn(F&& f) {
    auto w = environment->begin_write();
    if (!w)
      return w.error();
    if (auto ok = f(w->handle()); !ok)
      return ok;
    return w->commit();
  }

  // Appends indexes [from, to] of `term`, each holding 10 records.
  void append_range(group_id group, int64_t from, int64_t to, int64_t term = 1) {
    std::vector<log_entry> entries;
    for (int64_t i = from; i <= to; ++i)
      entries.push_back(make_entry(group, i, term, 100 + i, i * 10 - 1));
    auto ok = append(group, entries);
    ASSERT_TRUE(ok) << ok.error().describe();
  }

  const databases& dbs() { return environment->dbs(); }

  testing::temp_dir dir;
  std::unique_ptr<env> environment;
  group_id g1{1}, g2{2};
};

TEST_F(log_store_test, empty_log_has_no_first_or_last_index) {
  log_store logs(*environment);
  ASSERT_TRUE(logs.first_index(g1));
  EXPECT_FALSE(*logs.first_index(g1));
  EXPECT_FALSE(*logs.last_index(g1));
  EXPECT_EQ(logs.entry(g1, raft_index{1}).error().code, errc::not_found);
}

TEST_F(log_store_test, appended_entries_read_back_exactly_as_given) {
  append_range(g1, 1, 5);
  log_store logs(*environment);
  auto got = logs.read(g1, raft_index{1}, raft_index{5}, 1 << 20);
  ASSERT_TRUE(got) << got.error().describe();
  ASSERT_EQ(got->size(), 5u);
  for (int64_t i = 1; i <= 5; ++i) {
    const auto& e = (*got)[i - 1];
    EXPECT_EQ(e.index, raft_index{i});
    EXPECT_EQ(e.term, term_id{1});
    EXPECT_EQ(e.payload, payload_for(g1, raft_index{i}, term_id{1}, 100 + i));
    EXPECT_EQ(e.last_offset, record_offset{i * 10 - 1});
    EXPECT_GT(e.timestamp_ms, 0);
  }
  EXPECT_EQ(**logs.first_index(g1), raft_index{1});
  EXPECT_EQ(**logs.last_index(g1), raft_index{5});
}

TEST_F(log_store_test, each_entry_keeps_its_kind_beside_its_last_offset) {
  std::vector<log_entry> entries;
  for (int64_t i = 1; i <= 8; ++i) {
    auto e = make_entry(g1, i, 1, 10, i);
    e.kind = static_cast<uint8_t>(i - 1); // every kind 0..entry_kind_max
    if (i % 2 == 0)
      e.last_offset.reset();
    entries.push_back(e);
  }
  ASSERT_TRUE(append(g1, entries));
  log_store logs(*environment);
  auto got = logs.read(g1, raft_index{1}, raft_index{8}, 1 << 20);
  ASSERT_TRUE(got) << got.error().describe();
  ASSERT_EQ(got->size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ((*got)[i].kind, entries[i].kind) << "index " << i + 1;
    EXPECT_EQ((*got)[i].last_offset, entries[i].last_offset) << "index " << i + 1;
  }
}

TEST_F(log_store_test, groups_share_the_environment_without_mixing) {
  // Interleaved appends: big-endian keys keep each group's entries together.
  for (int64_t i = 1; i <= 20; ++i) {
    append_range(g2, i, i, 3);
    append_range(g1, i, i, 7);
    append_range(group_id{300}, i, i, 9);
  }
  log_store logs(*environment);
  auto one = logs.read(g1, raft_index{1}, raft_index{100}, 1 << 20);
  auto two = logs.read(g2, raft_index{1}, raft_index{100}, 1 << 20);
  ASSERT_EQ(one->size(), 20u);
  ASSERT_EQ(two->size(), 20u);
  for (int64_t i = 1; i <= 20; ++i) {
    EXPECT_EQ((*one)[i - 1].term, term_id{7});
    EXPECT_EQ((*two)[i - 1].term, term_id{3});
    EXPECT_EQ((*two)[i - 1].index, raft_index{i});
  }
  EXPECT_EQ(**logs.last_index(group_id{300}), raft_index{20});
  auto groups = logs.groups();
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0], g1);
  EXPECT_EQ((*groups)[2], group_id{300});
}

TEST_F(log_store_test, read_honours_the_range_and_the_byte_bound) {
  append_range(g1, 1, 10);
  log_store logs(*environment);
  auto middle = logs.read(g1, raft_index{4}, raft_index{6}, 1 << 20);
  ASSERT_EQ(middle->size(), 3u);
  EXPECT_EQ(middle->front().index, raft_index{4});
  // Payloads are 104, 105, 106 bytes: 215 bytes fit two entries only.
  auto bounded = logs.read(g1, raft_index{4}, raft_index{10}, 215);
  EXPECT_EQ(bounded->size(), 2u);
  // A bound smaller than one entry still returns that entry.
  auto tiny = logs.read(g1, raft_index{4}, raft_index{10}, 1);
  ASSERT_EQ(tiny->size(), 1u);
  EXPECT_EQ(tiny->front().index, raft_index{4});
  EXPECT_TRUE(logs.read(g1, raft_index{11}, raft_index{20}, 1 << 20)->empty());
}

TEST_F(log_store_test, find_offset_names_the_entry_holding_it) {
  // Entry i holds offsets [i*10-10, i*10-1]; entry 3 is a no-op without records.
  append_range(g1, 1, 2);
  ASSERT_TRUE(append(g1, {make_entry(g1, 3, 1)}));
  append_range(g1, 4, 5);
  log_store logs(*environment);
  EXPECT_EQ(*logs.find_offset(g1, record_offset{0}), raft_index{1});
  EXPECT_EQ(*logs.find_offset(g1, record_offset{9}), raft_index{1});
  EXPECT_EQ(*logs.find_offset(g1, record_offset{10}), raft_index{2});
  EXPECT_EQ(*logs.find_offset(g1, record_offset{19}), raft_index{2});
  EXPECT_EQ(*logs.find_offset(g1, record_offset{20}), raft_index{4});
  EXPECT_EQ(*logs.find_offset(g1, record_offset{49}), raft_index{5});
  EXPECT_EQ(logs.find_offset(g1, record_offset{50}).error().code, errc::not_found);
  EXPECT_EQ(logs.find_offset(g2, record_offset{0}).error().code, errc::not_found);
}

TEST_F(log_store_test, truncate_suffix_removes_entries_and_their_offsets) {
  append_range(g1, 1, 10);
  append_range(g2, 1, 3);
  ASSERT_TRUE(in_txn([&](MDB_txn* t) {
    return log_store::truncate_suffix(dbs(), t, g1, raft_index{6});
  }));
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(g1), raft_index{5});
  EXPECT_EQ(**logs.last_index(g2), raft_index{3});
  EXPECT_EQ(logs.find_offset(g1, record_offset{50}).error().code, errc::not_found);
  EXPECT_EQ(logs.stats(g1)->entries, 5u);
  EXPECT_EQ(logs.stats(g1)->payload_bytes, 101u + 102 + 103 + 104 + 105);
}

TEST_F(log_store_test, append_over_a_conflict_replaces_the_suffix) {
  append_range(g1, 1, 10, 1);
  append_range(g1, 7, 8, 2);
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(g1), raft_index{8});
  auto e7 = logs.entry(g1, raft_index{7});
  ASSERT_TRUE(e7);
  EXPECT_EQ(e7->term, term_id{2});
  EXPECT_EQ(e7->payload, payload_for(g1, raft_index{7}, term_id{2}, 107));
  EXPECT_EQ(logs.entry(g1, raft_index{9}).error().code, errc::not_found);
  EXPECT_EQ(logs.stats(g1)->entries, 8u);
}

TEST_F(log_store_test, gaps_and_bad_batches_are_refused_and_change_nothing) {
  append_range(g1, 1, 3);
  EXPECT_EQ(append(g1, {make_entry(g1, 5, 1)}).error().code, errc::bad_request);
  EXPECT_EQ(append(g1, {make_entry(g1, 4, 1), make_entry(g1, 6, 1)}).error().code,
            errc::bad_request);
  EXPECT_EQ(append(g2, {make_entry(g2, 0, 1)}).error().code, errc::bad_request);
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(g1), raft_index{3});
}

TEST_F(log_store_test, drop_prefix_removes_the_front_and_marks_offsets_out_of_range) {
  append_range(g1, 1, 10);
  uint64_t dropped = 0;
  ASSERT_TRUE(in_txn([&](MDB_txn* t) -> result<void> {
    auto n = log_store::drop_prefix(dbs(), t, g1, raft_index{4}, 0);
    if (!n)
      return n.error();
    dropped = *n;
    return {};
  }));
  EXPECT_EQ(dropped, 4u);
  log_store logs(*environment);
  EXPECT_EQ(**logs.first_index(g1), raft_index{5});
  EXPECT_EQ(logs.find_offset(g1, record_offset{39}).error().code, errc::offset_out_of_range);
  EXPECT_EQ(*logs.find_offset(g1, record_offset{40}), raft_index{5});
  EXPECT_EQ(logs.stats(g1)->entries, 6u);
  // Bounded: at most two more.
  ASSERT_TRUE(in_txn([&](MDB_txn* t) -> result<void> {
    auto n = log_store::drop_prefix(dbs(), t, g1, raft_index{100}, 2);
    return n ? result<void>{} : result<void>{n.error()};
  }));
  EXPECT_EQ(**logs.first_index(g1), raft_index{7});
  // Appending before the first entry is refused.
  EXPECT_EQ(append(g1, {make_entry(g1, 6, 2)}).error().code, errc::bad_request);
}

TEST_F(log_store_test, a_flipped_payload_byte_is_detected_and_names_group_and_index) {
  append_range(g1, 1, 3);
  // Rewrite entry 2's raw LMDB value with one payload byte flipped.
  ASSERT_TRUE(in_txn([&](MDB_txn* t) -> result<void> {
    auto seq = log_store::sequence_of(dbs(), t, g1, raft_index{2});
    if (!seq)
      return seq.error();
    auto key = make_sequence_key(*seq);
    MDB_val k{key.size(), key.data()}, v;
    if (int rc = mdb_get(t, dbs().entries, &k, &v); rc != 0)
      return mdb_error(rc, "raw get");
    std::string raw(static_cast<const char*>(v.mv_data), v.mv_size);
    raw[entry_header_bytes + 50] ^= 0x01;
    MDB_val nv{raw.size(), raw.data()};
    if (int rc = mdb_put(t, dbs().entries, &k, &nv, 0); rc != 0)
      return mdb_error(rc, "raw put");
    return {};
  }));
  log_store logs(*environment);
  auto bad = logs.entry(g1, raft_index{2});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::storage_corrupt);
  EXPECT_NE(bad.error().message.find("group 1 index 2"), std::string::npos)
    << bad.error().message;
  auto range = logs.read(g1, raft_index{1}, raft_index{3}, 1 << 20);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().code, errc::storage_corrupt);
  EXPECT_TRUE(logs.entry(g1, raft_index{1}));
  EXPECT_TRUE(logs.entry(g1, raft_index{3}));
}

TEST_F(log_store_test, a_flipped_header_byte_is_detected_too) {
  append_range(g1, 1, 1);
  ASSERT_TRUE(in_txn([&](MDB_txn* t) -> result<void> {
    auto seq = log_store::sequence_of(dbs(), t, g1, raft_index{1});
    if (!seq)
      return seq.error();
    auto key = make_sequence_key(*seq);
    MDB_val k{key.size(), key.data()}, v;
    if (int rc = mdb_get(t, dbs().entries, &k, &v); rc != 0)
      return mdb_error(rc, "raw get");
    std::string raw(static_cast<const char*>(v.mv_data), v.mv_size);
    raw[5] ^= 0x40; // inside the term
    MDB_val nv{raw.size(), raw.data()};
    return mdb_put(t, dbs().entries, &k, &nv, 0) == 0 ? result<void>{}
                                                  : result<void>{errc::storage_io};
  }));
  EXPECT_EQ(log_store(*environment).entry(g1, raft_index{1}).error().code,
            errc::storage_corrupt);
}

TEST_F(log_store_test, data_survives_reopening) {
  append_range(g1, 1, 4);
  environment.reset();
  environment = testing::open_env(testing::config_for(dir));
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(g1), raft_index{4});
  EXPECT_EQ(logs.entry(g1, raft_index{4})->payload, payload_for(g1, raft_index{4}, term_id{1}, 104));
}

} // namespace
} // namespace strom::storage
