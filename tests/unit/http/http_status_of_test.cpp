// strom's errors as HTTP statuses, as a client retries or gives up on them.

#include <gtest/gtest.h>

#include <caf/sec.hpp>

#include "messages/error_category.hpp"
#include "net/http/http_status_of.hpp"

namespace strom {
namespace {

TEST(http_status_of, each_kind_of_error_has_its_status) {
  EXPECT_EQ(http_status_of(errc::ok), 200);
  EXPECT_EQ(http_status_of(errc::unknown_topic), 404);
  EXPECT_EQ(http_status_of(errc::unknown_partition), 404);
  EXPECT_EQ(http_status_of(errc::not_found), 404);
  EXPECT_EQ(http_status_of(errc::topic_exists), 409);
  EXPECT_EQ(http_status_of(errc::record_too_large), 413);
  EXPECT_EQ(http_status_of(errc::bad_request), 400);
  EXPECT_EQ(http_status_of(errc::invalid_replication_factor), 400);
  EXPECT_EQ(http_status_of(errc::not_leader), 503);
  EXPECT_EQ(http_status_of(errc::no_controller), 503);
  EXPECT_EQ(http_status_of(errc::coordinator_not_available), 503);
  EXPECT_EQ(http_status_of(errc::timeout), 504);
  EXPECT_EQ(http_status_of(errc::storage_corrupt), 500);
  EXPECT_EQ(http_status_of(errc::storage_full), 507);
}

TEST(http_status_of, every_fault_of_the_node_is_an_internal_error) {
  for (auto code : {errc::manifest_invalid, errc::data_dir_unusable, errc::storage_corrupt,
                    errc::wrong_cluster}) {
    EXPECT_TRUE(is_node_fault(code)) << to_string(code);
    EXPECT_EQ(http_status_of(code), 500) << to_string(code);
  }
  // A node whose disk failed stops its replicas and its partitions move:
  // retried elsewhere, as Kafka's KAFKA_STORAGE_ERROR (replica_halt.cpp).
  EXPECT_TRUE(is_node_fault(errc::storage_io));
  EXPECT_EQ(http_status_of(errc::storage_io), 503);
  EXPECT_FALSE(is_node_fault(errc::storage_full)); // the client may free space
  EXPECT_FALSE(is_node_fault(errc::bad_request));
}

TEST(http_status_of, a_strom_error_keeps_its_name_and_context) {
  auto e = http_error_of(make_error(errc::unknown_topic, "orders"));
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.error, "unknown_topic");
  EXPECT_NE(e.message.find("orders"), std::string::npos) << e.message;
}

TEST(http_status_of, cafs_own_errors_are_timeouts_or_unavailable) {
  auto timeout = http_error_of(caf::make_error(caf::sec::request_timeout));
  EXPECT_EQ(timeout.status, 504);
  EXPECT_EQ(timeout.error, "timeout");
  auto down = http_error_of(caf::make_error(caf::sec::request_receiver_down));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.error, "unreachable");
}

} // namespace
} // namespace strom
