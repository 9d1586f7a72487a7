// The gRPC door with security on: TLS with the node's client-facing
// certificate, principals from a client certificate or a user's password
// (per-call Basic credentials), and every RPC asking the authorizer. For
// produce, consume, group consumption, topic create and delete, only a
// principal with the ACL succeeds; no credentials, a wrong password or a
// valid user without the ACL are refused with gRPC's own codes, a client
// of another CA or a plaintext client is turned away in the handshake,
// and an ACL removed takes effect at once, without a restart.

#include <gtest/gtest.h>

#include <grpcpp/grpcpp.h>

#include "messages/base64.hpp"
#include "strom_api.grpc.pb.h"
#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string security_yaml = security_section("    grpc: [mtls, basic]");

using caller = door_caller;

class grpc_security_test : public secure_door_test {
protected:
  void SetUp() override { start(test_cluster::door::grpc, security_yaml); }

  std::unique_ptr<api::Strom::Stub> stub(const caller& c) const {
    auto target = "127.0.0.1:" + std::to_string(
                                   cluster_->door_port_of(test_cluster::door::grpc, node_id{1}));
    if (c.ca.empty())
      return api::Strom::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = read_file(c.ca);
    if (!c.cert.empty()) {
      options.pem_cert_chain = read_file(c.cert);
      options.pem_private_key = read_file(c.key);
    }
    return api::Strom::NewStub(grpc::CreateChannel(target, grpc::SslCredentials(options)));
  }

  static void prepare(grpc::ClientContext& ctx, const caller& c) {
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    if (!c.user.empty())
      ctx.AddMetadata("authorization", "Basic " + base64_encode(c.user + ":" + c.password));
  }

  grpc::StatusCode produce(const caller& c, const std::string& topic) {
    api::ProduceRequest request;
    request.set_topic(topic);
    request.add_records()->set_value("hello");
    api::ProduceReply reply;
    grpc::ClientContext ctx;
    prepare(ctx, c);
    return stub(c)->Produce(&ctx, request, &reply).error_code();
  }

  grpc::StatusCode read(const caller& c, const std::string& topic) {
    api::ReadPartitionRequest request;
    request.set_topic(topic);
    api::RecordList reply;
    grpc::ClientContext ctx;
    prepare(ctx, c);
    return stub(c)->ReadPartition(&ctx, request, &reply).error_code();
  }

  grpc::StatusCode join(const caller& c, const std::string& topic, const std::string& group) {
    api::CreateConsumerRequest request;
    request.set_group(group);
    request.add_topics(topic);
    api::Consumer reply;
    grpc::ClientContext ctx;
    prepare(ctx, c);
    auto s = stub(c)->CreateConsumer(&ctx, request, &reply);
    if (!s.ok())
      return s.error_code();
    api::ConsumerRef ref;
    ref.set_consumer_id(reply.consumer_id());
    api::CommitReply committed;
    grpc::ClientContext commit_ctx;
    prepare(commit_ctx, c);
    return stub(c)->CommitOffsets(&commit_ctx, ref, &committed).error_code();
  }

  grpc::StatusCode create(const caller& c, const std::string& topic) {
    api::CreateTopicRequest request;
    request.set_name(topic);
    request.set_partitions(1);
    api::Topic reply;
    grpc::ClientContext ctx;
    prepare(ctx, c);
    return stub(c)->CreateTopic(&ctx, request, &reply).error_code();
  }

  grpc::StatusCode remove(const caller& c, const std::string& topic) {
    api::TopicName request;
    request.set_name(topic);
    api::Topic reply;
    grpc::ClientContext ctx;
    prepare(ctx, c);
    return stub(c)->DeleteTopic(&ctx, request, &reply).error_code();
  }

  // Every operation with `c`: the codes of produce, read, join, create, delete.
  std::vector<grpc::StatusCode> every_operation(const caller& c, const std::string& suffix) {
    return {produce(c, "orders"), read(c, "orders"), join(c, "orders", "billing"),
            create(c, "made-" + suffix), remove(c, "doomed-" + suffix)};
  }

};

std::vector<grpc::StatusCode> all(grpc::StatusCode code) {
  return std::vector<grpc::StatusCode>(5, code);
}

TEST_F(grpc_security_test, only_a_principal_with_the_acl_gets_through) {
  auto super = admin_certificate();
  for (auto topic : {"orders", "doomed-alice", "doomed-bob", "doomed-none", "doomed-wrong"})
    ASSERT_TRUE(eventually([&] { return create(super, topic) == grpc::StatusCode::OK; }, 30s))
      << cluster_->logs();
  grant_alice_the_test_acls();
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"), all(grpc::StatusCode::OK));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"),
            all(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(every_operation(user("alice", "wrong"), "wrong"),
            all(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(every_operation(nobody(), "none"),
            all(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(every_operation(other_ca_certificate(), "stranger"),
            all(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(every_operation(caller{}, "plain"), all(grpc::StatusCode::UNAVAILABLE));
  // The node went on through all of that.
  EXPECT_EQ(produce(super, "orders"), grpc::StatusCode::OK) << cluster_->logs();
}

TEST_F(grpc_security_test, an_acl_removed_takes_effect_without_a_restart) {
  auto super = admin_certificate();
  ASSERT_TRUE(eventually([&] { return create(super, "orders") == grpc::StatusCode::OK; }, 30s))
    << cluster_->logs();
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation",
                    "write"});
  auto alice = user("alice", "alice-pw");
  EXPECT_TRUE(eventually([&] { return produce(alice, "orders") == grpc::StatusCode::OK; }, 20s));
  admin({"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually(
    [&] { return produce(alice, "orders") == grpc::StatusCode::PERMISSION_DENIED; }, 20s));
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation",
                    "all", "--deny"});
  admin({"acl", "add", "--principal", "User:*", "--topic", "*", "--operation",
                    "all"});
  EXPECT_TRUE(eventually(
    [&] { return produce(user("bob", "bob-pw"), "orders") == grpc::StatusCode::OK; }, 20s));
  EXPECT_EQ(produce(alice, "orders"), grpc::StatusCode::PERMISSION_DENIED);
}

} // namespace
} // namespace strom::testing
