// The broker answers each situation one way, whatever the request: a group
// this node does not host is not_leader with no hint (a client refreshes its
// metadata), and a service not yet registered is "still starting" with the
// retriable code of that service.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/broker/broker.hpp"
#include "messages/error_category.hpp"

namespace strom {
namespace {

using namespace std::chrono_literals;

class lone_broker : public ::testing::Test {
protected:
  lone_broker() {
    broker_settings s;
    s.cluster_name = "answers";
    s.self = node_address{node_id{1}, "127.0.0.1", 1};
    s.all_nodes = {s.self};
    broker_ = sys_.spawn(broker, s);
  }
  ~lone_broker() override { caf::anon_send_exit(broker_, caf::exit_reason::user_shutdown); }

  // The error a request gets, or an empty one when it got an answer.
  template <class Reply, class... Ts>
  caf::error refusal(Ts&&... xs) {
    caf::scoped_actor self{sys_};
    caf::error out;
    self->request(broker_, 2s, std::forward<Ts>(xs)...)
      .receive([](const Reply&) {}, [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  void expect_not_hosted(const caf::error& err) {
    EXPECT_EQ(code_of(err), errc::not_leader) << describe(err);
    EXPECT_FALSE(leader_hint(err));
    EXPECT_NE(describe(err).find("node 1 holds no replica of group 7"), std::string::npos)
      << describe(err);
    EXPECT_TRUE(is_retriable(err));
  }

  caf::actor_system_config cfg_;
  caf::actor_system sys_{cfg_};
  local_broker_actor broker_;
};

TEST_F(lone_broker, every_request_for_a_group_not_hosted_here_gets_one_answer) {
  const group_id group{7};
  expect_not_hosted(
    refusal<raft_index>(propose_atom::value, group, std::vector<std::string>{"x"}));
  expect_not_hosted(refusal<replica_status>(status_atom::value, group));
  expect_not_hosted(refusal<produce_reply>(produce_atom::value, group, produce_request{}));
  expect_not_hosted(refusal<fetch_reply>(fetch_atom::value, group, fetch_request{}));
  expect_not_hosted(refusal<record_offset>(list_offsets_atom::value, group, int64_t{-1}));
  expect_not_hosted(refusal<timed_offset>(offset_for_time_atom::value, group, int64_t{0}));
}

TEST_F(lone_broker, services_not_yet_registered_are_still_starting) {
  auto metadata = refusal<cluster_metadata>(metadata_atom::value, std::vector<std::string>{});
  EXPECT_EQ(code_of(metadata), errc::no_controller) << describe(metadata);
  auto groups = refusal<std::vector<group_overview>>(list_groups_atom::value);
  EXPECT_EQ(code_of(groups), errc::coordinator_not_available) << describe(groups);
  for (const auto& err : {metadata, groups}) {
    EXPECT_NE(describe(err).find("node 1 is still starting"), std::string::npos)
      << describe(err);
    EXPECT_TRUE(is_retriable(err));
  }
}

} // namespace
} // namespace strom
