#pragma once
// strom's types as the messages of strom_api.proto and back: the door's
// whole vocabulary, pure (no I/O, no actors).

#include "messages/group_messages.hpp"
#include "messages/metadata_types.hpp"
#include "messages/record_batch.hpp"
#include "net/client/consumer_config.hpp"
#include "strom_api.pb.h"

namespace strom {

record to_record(const api::Record& in);

void to_api(const topic_metadata& in, api::Topic& out);
void to_api(const consumer_record& in, api::ConsumedRecord& out);
void to_api(const std::vector<consumer_record>& in, api::RecordList& out);
void to_api(const cluster_metadata& in, api::Cluster& out);
void to_api(const group_overview& in, api::GroupSummary& out);
void to_api(const group_description& in, api::Group& out);
void to_api(const rebalance_event& in, api::Rebalance& out);
void to_api(const partition_offset& in, api::PartitionOffset& out);

} // namespace strom
