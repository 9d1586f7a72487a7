// Raft hard state and snapshots per group.

#include <gtest/gtest.h>

#include "storage/keys.hpp"
#include "storage/raft_state.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

class raft_state_test : public ::testing::Test {
protected:
  void SetUp() override { environment = testing::open_env(testing::config_for(dir)); }

  template <class F>
  void in_txn(F&& f) {
    auto w = environment->begin_write();
    ASSERT_TRUE(w);
    auto ok = f(w->handle());
    ASSERT_TRUE(ok) << ok.error().describe();
    ASSERT_TRUE(w->commit());
  }

  testing::temp_dir dir;
  std::unique_ptr<env> environment;
};

TEST_F(raft_state_test, a_fresh_group_has_no_state) {
  raft_state_store states(*environment);
  EXPECT_FALSE(*states.load_hard_state(group_id{4}));
  EXPECT_FALSE(*states.load_snapshot(group_id{4}));
}

TEST_F(raft_state_test, hard_state_round_trips_per_group_with_and_without_vote) {
  hard_state voted{term_id{7}, node_id{3}, raft_index{41}};
  hard_state unvoted{term_id{9}, std::nullopt, raft_index{0}};
  in_txn([&](MDB_txn* t) {
    return raft_state_store::save_hard_state(environment->dbs(), t, group_id{1}, voted);
  });
  in_txn([&](MDB_txn* t) {
    return raft_state_store::save_hard_state(environment->dbs(), t, group_id{2}, unvoted);
  });
  environment.reset();
  environment = testing::open_env(testing::config_for(dir));
  raft_state_store states(*environment);
  EXPECT_EQ(**states.load_hard_state(group_id{1}), voted);
  EXPECT_EQ(**states.load_hard_state(group_id{2}), unvoted);
  // Overwrite: the newest wins.
  hard_state later{term_id{8}, node_id{5}, raft_index{50}};
  in_txn([&](MDB_txn* t) {
    return raft_state_store::save_hard_state(environment->dbs(), t, group_id{1}, later);
  });
  EXPECT_EQ(**states.load_hard_state(group_id{1}), later);
}

TEST_F(raft_state_test, snapshot_round_trips_exactly) {
  std::string data = testing::payload_for(group_id{1}, raft_index{1}, term_id{1}, 300000);
  snapshot_record snap{raft_index{1000}, term_id{4}, data};
  in_txn([&](MDB_txn* t) {
    return raft_state_store::save_snapshot(environment->dbs(), t, group_id{1}, snap);
  });
  auto loaded = raft_state_store(*environment).load_snapshot(group_id{1});
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->last_included_index, raft_index{1000});
  EXPECT_EQ((*loaded)->last_included_term, term_id{4});
  EXPECT_EQ((*loaded)->data, data);
}

TEST_F(raft_state_test, corrupted_state_is_reported_not_returned) {
  hard_state state{term_id{7}, node_id{3}, raft_index{41}};
  snapshot_record snap{raft_index{10}, term_id{2}, "state machine bytes"};
  in_txn([&](MDB_txn* t) {
    auto ok = raft_state_store::save_hard_state(environment->dbs(), t, group_id{1}, state);
    return ok ? raft_state_store::save_snapshot(environment->dbs(), t, group_id{1}, snap) : ok;
  });
  in_txn([&](MDB_txn* t) -> result<void> {
    for (MDB_dbi db : {environment->dbs().hard_state, environment->dbs().snapshot}) {
      auto key = make_group_key(group_id{1});
      MDB_val k{key.size(), key.data()}, v;
      if (int rc = mdb_get(t, db, &k, &v); rc != 0)
        return mdb_error(rc, "raw get");
      std::string raw(static_cast<const char*>(v.mv_data), v.mv_size);
      raw.back() ^= 0x10;
      MDB_val nv{raw.size(), raw.data()};
      if (int rc = mdb_put(t, db, &k, &nv, 0); rc != 0)
        return mdb_error(rc, "raw put");
    }
    return {};
  });
  raft_state_store states(*environment);
  EXPECT_EQ(states.load_hard_state(group_id{1}).error().code, errc::storage_corrupt);
  EXPECT_EQ(states.load_snapshot(group_id{1}).error().code, errc::storage_corrupt);
}

} // namespace
} // namespace strom::storage
