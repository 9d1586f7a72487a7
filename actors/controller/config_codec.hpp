#pragma once
// topic_config to and from its Protobuf form, shared by the command codec and
// the snapshot. Internal to actors/controller: includes generated code.

#include "actors/controller/metadata.hpp"
#include "messages/controller.pb.h"
#include "messages/result.hpp"

namespace strom {

void to_wire(const topic_config& config, wire::TopicConfig& out);

// bad_request for a cleanup policy this version does not know.
result<topic_config> from_wire(const wire::TopicConfig& in);

} // namespace strom
