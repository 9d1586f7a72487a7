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

#include "net/http/base64.hpp"
#include "strom_api.grpc.pb.h"
#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string security_yaml = security_section("    grpc: [mtls, basic]");

run_result strom(const std::vector<std::string>& args, const std::string& input = "") {
  return run_strom(args, input);
}

// Retried while the node starts and its controller settles.
void admin(const test_cluster& cluster, std::vector<std::string> args,
           const std::string& input = "") {
  args.insert(args.end(), {"--manifest", cluster.manifest_path()});
  run_result r;
  ASSERT_TRUE(eventually(
    [&] {
      r = strom(args, input);
      return r.exit_status == 0;
    },
    30s))
    << r.err << cluster.logs();
}

// How a client comes: its TLS files (none: plaintext) and password.
struct caller {
  std::string ca, cert, key;
  std::string user, password;
  bool plaintext = false;
};

class grpc_security_test : public ::testing::Test {
protected:
  void SetUp() override {
    cluster_ = std::make_unique<test_cluster>(1, security_yaml);
    cluster_->open_door_ports(test_cluster::door::grpc);
    ASSERT_EQ(strom({"tls", "init", cluster_->manifest_path()}).exit_status, 0);
    stranger_ = std::make_unique<test_cluster>(1, security_yaml);
    ASSERT_EQ(strom({"tls", "init", stranger_->manifest_path()}).exit_status, 0);
    cluster_->start_all();
    admin(*cluster_, {"user", "create", "alice"}, "alice-pw\n");
    admin(*cluster_, {"user", "create", "bob"}, "bob-pw\n");
  }

  std::string tls(const std::string& file) const { return cluster_->dir() + "/tls/" + file; }
  caller user(const std::string& name, const std::string& password) const {
    return {tls("ca.crt"), "", "", name, password};
  }
  caller admin_certificate() const {
    return {tls("ca.crt"), tls("admin.crt"), tls("admin.key"), "", ""};
  }
  caller other_ca_certificate() const {
    auto dir = stranger_->dir() + "/tls/";
    return {tls("ca.crt"), dir + "admin.crt", dir + "admin.key", "", ""};
  }

  std::unique_ptr<api::Strom::Stub> stub(const caller& c) const {
    auto target = "127.0.0.1:" + std::to_string(
                                   cluster_->door_port_of(test_cluster::door::grpc, node_id{1}));
    if (c.plaintext)
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

  std::unique_ptr<test_cluster> cluster_;
  std::unique_ptr<test_cluster> stranger_;
};

std::vector<grpc::StatusCode> all(grpc::StatusCode code) {
  return std::vector<grpc::StatusCode>(5, code);
}

TEST_F(grpc_security_test, only_a_principal_with_the_acl_gets_through) {
  auto super = admin_certificate();
  for (auto topic : {"orders", "doomed-alice", "doomed-bob", "doomed-none", "doomed-wrong"})
    ASSERT_TRUE(eventually([&] { return create(super, topic) == grpc::StatusCode::OK; }, 30s))
      << cluster_->logs();
  for (auto args : std::vector<std::vector<std::string>>{
         {"--topic", "orders", "--operation", "write"},
         {"--topic", "orders", "--operation", "read"},
         {"--group", "billing", "--operation", "read"},
         {"--topic", "made-", "--prefixed", "--operation", "create"},
         {"--topic", "doomed-", "--prefixed", "--operation", "delete"}}) {
    args.insert(args.begin(), {"acl", "add", "--principal", "alice"});
    admin(*cluster_, args);
  }
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"), all(grpc::StatusCode::OK));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"),
            all(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(every_operation(user("alice", "wrong"), "wrong"),
            all(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(every_operation(caller{tls("ca.crt"), "", "", "", ""}, "none"),
            all(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(every_operation(other_ca_certificate(), "stranger"),
            all(grpc::StatusCode::UNAVAILABLE));
  caller plaintext;
  plaintext.plaintext = true;
  EXPECT_EQ(every_operation(plaintext, "plain"), all(grpc::StatusCode::UNAVAILABLE));
  // The node went on through all of that.
  EXPECT_EQ(produce(super, "orders"), grpc::StatusCode::OK) << cluster_->logs();
}

TEST_F(grpc_security_test, an_acl_removed_takes_effect_without_a_restart) {
  auto super = admin_certificate();
  ASSERT_TRUE(eventually([&] { return create(super, "orders") == grpc::StatusCode::OK; }, 30s))
    << cluster_->logs();
  admin(*cluster_, {"acl", "add", "--principal", "alice", "--topic", "orders", "--operation",
                    "write"});
  auto alice = user("alice", "alice-pw");
  EXPECT_TRUE(eventually([&] { return produce(alice, "orders") == grpc::StatusCode::OK; }, 20s));
  admin(*cluster_, {"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually(
    [&] { return produce(alice, "orders") == grpc::StatusCode::PERMISSION_DENIED; }, 20s));
  admin(*cluster_, {"acl", "add", "--principal", "alice", "--topic", "orders", "--operation",
                    "all", "--deny"});
  admin(*cluster_, {"acl", "add", "--principal", "User:*", "--topic", "*", "--operation",
                    "all"});
  EXPECT_TRUE(eventually(
    [&] { return produce(user("bob", "bob-pw"), "orders") == grpc::StatusCode::OK; }, 20s));
  EXPECT_EQ(produce(alice, "orders"), grpc::StatusCode::PERMISSION_DENIED);
}

} // namespace
} // namespace strom::testing
