// Reads COUNT records as a member of GROUP, then commits and leaves:
// strom_example_consumer BOOTSTRAP TOPIC GROUP COUNT
#include <chrono>
#include <iostream>
#include <string>

#include "net/client/strom_client.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  if (argc != 5) {
    std::cerr << "usage: strom_example_consumer HOST:PORT[,...] TOPIC GROUP COUNT\n";
    return 64;
  }
  auto bootstrap = strom::parse_bootstrap(argv[1]);
  if (!bootstrap) {
    std::cerr << bootstrap.error().message << "\n";
    return 64;
  }
  size_t wanted = std::stoul(argv[4]);

  strom::client_runtime runtime;
  strom::consumer_config config;
  config.group_id = argv[3];
  config.auto_offset_reset = strom::reset_policy::earliest;
  config.enable_auto_commit = false; // commit by hand below
  strom::consumer consumer{runtime.system(), *bootstrap, config};
  consumer.subscribe({argv[2]});

  size_t seen = 0;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (seen < wanted && std::chrono::steady_clock::now() < deadline) {
    for (const auto& r : consumer.poll(500ms)) {
      std::cout << r.topic << "/" << r.partition.value() << "@" << r.record.offset.value()
                << " " << r.record.key.value_or("") << "=" << r.record.value.value_or("")
                << "\n";
      ++seen;
    }
  }
  if (auto committed = consumer.commit(); !committed)
    std::cerr << "commit: " << strom::describe(committed.error()) << "\n";
  consumer.close(); // leaves the group
  return seen >= wanted ? 0 : 1;
}
