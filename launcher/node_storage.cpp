#include "launcher/node_storage.hpp"

namespace strom {

storage::storage_config storage_config_for(const manifest& m, const node_spec& self) {
  storage::storage_config config;
  config.data_dir = self.data_dir;
  config.map_size_bytes = m.defaults.map_size_bytes;
  config.fsync = m.defaults.fsync;
  config.fsync_interval_ms = static_cast<uint32_t>(m.defaults.fsync_interval_ms);
  // No retention by default: each partition's comes from its topic's config
  // (the manifest's defaults.retention is what a new topic gets), and the
  // controller's log must never lose a command to age.
  config.retention_default = storage::retention_policy{};
  config.compaction_bytes_per_s = static_cast<uint64_t>(m.defaults.compaction_bytes_per_s);
  return config;
}

result<node_storage> open_node_storage(const manifest& m, const node_spec& self) {
  auto environment = storage::env::open(storage_config_for(m, self));
  if (!environment)
    return environment.error();
  node_storage out;
  out.environment = std::move(*environment);
  out.writer = std::make_unique<storage::writer>(*out.environment);
  return out;
}

} // namespace strom
