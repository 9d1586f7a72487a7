#pragma once
// A node's durable state: its LMDB environment in the data dir and the one
// writer thread, configured from the manifest.

#include <memory>

#include "launcher/manifest.hpp"
#include "messages/result.hpp"
#include "storage/env.hpp"
#include "storage/writer.hpp"

namespace strom {

struct node_storage {
  std::unique_ptr<storage::env> environment;
  std::unique_ptr<storage::writer> writer;
};

storage::storage_config storage_config_for(const manifest& m, const node_spec& self);

result<node_storage> open_node_storage(const manifest& m, const node_spec& self);

} // namespace strom
