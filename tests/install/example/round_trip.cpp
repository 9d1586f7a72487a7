// Writes COUNT records to partition 0 of TOPIC, then reads them back from
// its start, one "offset key=value" a line: round_trip HOST:PORT[,...] TOPIC COUNT
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "net/client/strom_client.hpp"

namespace {

// How long reading back may take before the program gives up.
constexpr std::chrono::milliseconds read_back_ms{30000};
constexpr strom::partition_id first_partition{0};

bool write(strom::producer& producer, const std::string& topic, int count) {
  std::vector<std::future<strom::delivery_report>> reports;
  for (int i = 0; i < count; ++i) {
    strom::record r;
    r.key = "key-" + std::to_string(i);
    r.value = "value-" + std::to_string(i);
    reports.push_back(producer.send(topic, r, first_partition));
  }
  producer.flush();
  bool written = true;
  for (auto& report : reports)
    if (auto d = report.get(); !d.ok()) {
      std::cerr << "write: " << strom::describe(d.error) << "\n";
      written = false;
    }
  return written;
}

int read_back(strom::consumer& consumer, const std::string& topic, int count) {
  consumer.assign({{topic, first_partition}});
  int seen = 0;
  auto until = std::chrono::steady_clock::now() + read_back_ms;
  while (seen < count && std::chrono::steady_clock::now() < until)
    for (const auto& r : consumer.poll(std::chrono::milliseconds{500})) {
      std::cout << r.record.offset.value() << " " << r.record.key.value_or("") << "="
                << r.record.value.value_or("") << "\n";
      ++seen;
    }
  return seen;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: round_trip HOST:PORT[,...] TOPIC COUNT\n";
    return 64;
  }
  auto bootstrap = strom::parse_bootstrap(argv[1]);
  if (!bootstrap) {
    std::cerr << bootstrap.error().message << "\n";
    return 64;
  }
  int count = std::stoi(argv[3]);
  strom::client_runtime runtime;
  strom::producer producer{runtime.system(), *bootstrap};
  if (!write(producer, argv[2], count))
    return 1;
  producer.close();
  strom::consumer_config config;
  config.auto_offset_reset = strom::reset_policy::earliest;
  strom::consumer consumer{runtime.system(), *bootstrap, config};
  int seen = read_back(consumer, argv[2], count);
  consumer.close();
  std::cout << "read " << seen << " of " << count << "\n";
  return seen == count ? 0 : 1;
}
