#include "actors/controller/config_codec.hpp"

namespace strom {

namespace {

wire::CleanupPolicy to_wire(cleanup_policy policy) {
  switch (policy) {
    case cleanup_policy::deletion: return wire::CLEANUP_POLICY_DELETE;
    case cleanup_policy::compaction: return wire::CLEANUP_POLICY_COMPACT;
    case cleanup_policy::compaction_and_deletion: return wire::CLEANUP_POLICY_COMPACT_DELETE;
  }
  return wire::CLEANUP_POLICY_DELETE;
}

// proto3 enums keep unknown values: a newer node's policy must not be
// silently read as "delete".
result<cleanup_policy> from_wire(int policy) {
  switch (policy) {
    case wire::CLEANUP_POLICY_DELETE: return cleanup_policy::deletion;
    case wire::CLEANUP_POLICY_COMPACT: return cleanup_policy::compaction;
    case wire::CLEANUP_POLICY_COMPACT_DELETE: return cleanup_policy::compaction_and_deletion;
    default: break;
  }
  return strom::error{errc::bad_request, "unknown cleanup policy " + std::to_string(policy)};
}

} // namespace

void to_wire(const topic_config& config, wire::TopicConfig& out) {
  out.set_retention_bytes(config.retention_bytes);
  out.set_retention_ms(config.retention_ms);
  out.set_batch_bytes_max(config.batch_bytes_max);
  out.set_cleanup_policy(to_wire(config.cleanup));
  out.set_min_insync_replicas(config.min_insync_replicas);
  out.set_timestamp_type(config.timestamps == timestamp_type::log_append_time
                           ? wire::TIMESTAMP_TYPE_LOG_APPEND_TIME
                           : wire::TIMESTAMP_TYPE_CREATE_TIME);
  out.set_delete_retention_ms(config.delete_retention_ms);
}

result<topic_config> from_wire(const wire::TopicConfig& in) {
  auto cleanup = from_wire(in.cleanup_policy());
  if (!cleanup)
    return cleanup.error();
  if (in.timestamp_type() != wire::TIMESTAMP_TYPE_CREATE_TIME
      && in.timestamp_type() != wire::TIMESTAMP_TYPE_LOG_APPEND_TIME)
    return strom::error{errc::bad_request,
                        "unknown timestamp type " + std::to_string(in.timestamp_type())};
  topic_config out;
  out.retention_bytes = in.retention_bytes();
  out.retention_ms = in.retention_ms();
  out.batch_bytes_max = in.batch_bytes_max();
  out.cleanup = *cleanup;
  if (in.has_min_insync_replicas())
    out.min_insync_replicas = in.min_insync_replicas();
  out.timestamps = in.timestamp_type() == wire::TIMESTAMP_TYPE_LOG_APPEND_TIME
                     ? timestamp_type::log_append_time
                     : timestamp_type::create_time;
  if (in.has_delete_retention_ms())
    out.delete_retention_ms = in.delete_retention_ms();
  return out;
}

} // namespace strom
