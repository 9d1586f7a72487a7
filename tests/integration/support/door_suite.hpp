#pragma once
// A test suite's one cluster for a front door's tests: three real nodes
// (replication 3) with the door's port open on each, started once for the
// whole suite, its logs printed after a failing test.

#include <gtest/gtest.h>

#include <iostream>

#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {

template <test_cluster::door Door>
class door_suite : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    using namespace std::chrono_literals;
    cluster_ = new test_cluster{3, "defaults:\n  replication_factor: 3\n"};
    cluster_->open_door_ports(Door);
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

  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_->logs();
  }

  static uint16_t door_port(int node) { return cluster_->door_port_of(Door, node_id{node}); }

  static inline test_cluster* cluster_ = nullptr;
  static inline cluster_view* view_ = nullptr;
};

} // namespace strom::testing
