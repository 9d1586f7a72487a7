#pragma once
// Keeps a window of proposals in flight against one replica (or a broker that
// forwards to it) and measures each one's commit latency. Replies come back
// when the entry is committed and applied, so latency is propose-to-commit.

#include <chrono>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "launcher/bench/latency_histogram.hpp"

namespace strom::bench {

struct proposer_options {
  uint64_t proposals = 20000;
  size_t payload_bytes = 1024;
  // Payloads per proposal (one raft entry each).
  size_t batch = 1;
  size_t window = 64;
  std::chrono::milliseconds request_timeout_ms{10000};
};

struct proposer_result {
  uint64_t committed_entries = 0;
  uint64_t failed = 0;
  double seconds = 0;
  latency_histogram latency;
};

// `send` makes the request message for a batch of payloads: a replica takes
// (propose, payloads), a broker (propose, group, payloads).
using request_factory = caf::message (*)(std::vector<std::string> payloads);

proposer_result run_proposer(caf::actor_system& sys, const caf::actor& target,
                             request_factory make_request, const proposer_options& options);

} // namespace strom::bench
