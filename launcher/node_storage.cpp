#include "launcher/node_storage.hpp"

namespace strom {

storage::storage_config storage_config_for(const manifest& m, const node_spec& self) {
  storage::storage_config config;
  config.data_dir = self.data_dir;
  config.map_size_bytes = m.defaults.map_size_bytes;
  config.fsync = m.defaults.fsync;
  config.fsync_interval_ms = static_cast<uint32_t>(m.defaults.fsync_interval_ms);
  // The manifest says -1 for "keep everything"; storage says 0.
  config.retention_default.retention_bytes_max =
    m.defaults.retention_bytes < 0 ? 0 : static_cast<uint64_t>(m.defaults.retention_bytes);
  config.retention_default.retention_age_ms_max =
    m.defaults.retention_ms < 0 ? 0 : m.defaults.retention_ms;
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
