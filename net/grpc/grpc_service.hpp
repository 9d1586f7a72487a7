#pragma once
// The Strom gRPC service (messages/strom_api.proto) on gRPC's own server
// threads: each RPC is translated into the typed messages the CAF client
// sends, to the node's broker, through the door's producer_actor, and to a
// consumer_actor per held consumer or stream, and waits for the answer
// (gRPC's threads may wait; CAF's workers never do). It decides nothing of
// its own beyond checking requests and holding consumers.

#include <caf/actor_system.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"
#include "net/door/door_client.hpp"
#include "net/door/node_readiness.hpp"
#include "net/door/slot_limit.hpp"
#include "net/grpc/grpc_auth.hpp"
#include "net/grpc/grpc_door_config.hpp"
#include "strom_api.grpc.pb.h"

namespace strom {

struct grpc_door_settings {
  grpc_door_config config;
  broker_actor broker;      // the node's own
  endpoint broker_endpoint; // where the node's broker listens
  std::optional<door_security> security; // nothing: plaintext, open to all
};

class grpc_service final : public api::Strom::Service {
public:
  grpc_service(caf::actor_system& sys, grpc_door_settings settings);

  using context = grpc::ServerContext;
  grpc::Status CreateTopic(context*, const api::CreateTopicRequest*, api::Topic*) override;
  grpc::Status DeleteTopic(context*, const api::TopicName*, api::Topic*) override;
  grpc::Status ListTopics(context*, const api::ListTopicsRequest*, api::TopicList*) override;
  grpc::Status DescribeTopic(context*, const api::TopicName*, api::Topic*) override;
  grpc::Status AlterTopicConfig(context*, const api::AlterTopicConfigRequest*,
                                api::Topic*) override;
  grpc::Status Produce(context*, const api::ProduceRequest*, api::ProduceReply*) override;
  grpc::Status CreateConsumer(context*, const api::CreateConsumerRequest*,
                              api::Consumer*) override;
  grpc::Status FetchRecords(context*, const api::FetchRequest*, api::RecordList*) override;
  grpc::Status CommitOffsets(context*, const api::ConsumerRef*, api::CommitReply*) override;
  grpc::Status CloseConsumer(context*, const api::ConsumerRef*, api::CloseReply*) override;
  grpc::Status ReadPartition(context*, const api::ReadPartitionRequest*,
                             api::RecordList*) override;
  grpc::Status Consume(context*, const api::ConsumeRequest*,
                       grpc::ServerWriter<api::ConsumeEvent>*) override;
  grpc::Status ClusterStatus(context*, const api::ClusterStatusRequest*, api::Cluster*) override;
  grpc::Status ListGroups(context*, const api::ListGroupsRequest*, api::GroupList*) override;
  grpc::Status DescribeGroup(context*, const api::GroupName*, api::Group*) override;

  // From the door actor's timer: closes consumers idle past their timeout.
  void sweep_idle() { client_.sweep_idle(); }
  // At shutdown: streams end at their next poll, held consumers close.
  void stop() { client_.stop(); }
  // Whether the node is ready (blocks: the door actor's own thread).
  node_readiness readiness() { return check_readiness(client_); }

private:
  // Read on the group (when one is named) and on each topic: what a
  // consumer needs, as Kafka's.
  grpc::Status check_reader(context* ctx, const std::string& group,
                            const std::vector<std::string>& topics);

  grpc_door_config config_;
  door_client client_;
  slot_limit streams_;
  grpc_auth auth_;
};

} // namespace strom
