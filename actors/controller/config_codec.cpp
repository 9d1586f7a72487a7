#include "actors/controller/config_codec.hpp"

namespace strom {

void to_wire(const topic_config& config, wire::TopicConfig& out) {
  out.set_retention_bytes(config.retention_bytes);
  out.set_retention_ms(config.retention_ms);
  out.set_batch_bytes_max(config.batch_bytes_max);
  out.set_cleanup_policy(wire::CLEANUP_POLICY_DELETE);
}

result<topic_config> from_wire(const wire::TopicConfig& in) {
  // proto3 enums keep unknown values: a newer node's policy must not be
  // silently read as "delete".
  if (in.cleanup_policy() != wire::CLEANUP_POLICY_DELETE)
    return strom::error{errc::bad_request,
                        "unknown cleanup policy " + std::to_string(in.cleanup_policy())};
  topic_config out;
  out.retention_bytes = in.retention_bytes();
  out.retention_ms = in.retention_ms();
  out.batch_bytes_max = in.batch_bytes_max();
  out.cleanup = cleanup_policy::deletion;
  return out;
}

} // namespace strom
