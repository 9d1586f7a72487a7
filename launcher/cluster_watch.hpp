#pragma once
// Waits until every local node sees every node of the manifest up, asking
// each through the admin interface, so that `strom launch` can say when the
// cluster has formed.

#include <atomic>
#include <chrono>
#include <vector>

#include <caf/actor_system.hpp>

#include "launcher/manifest.hpp"

namespace strom {

// True once connected; false if `cancel` was set or `deadline_ms` passed.
bool wait_until_connected(caf::actor_system& sys, const manifest& m,
                          const std::vector<node_id>& local_nodes,
                          const std::atomic<bool>& cancel, std::chrono::milliseconds deadline_ms);

} // namespace strom
