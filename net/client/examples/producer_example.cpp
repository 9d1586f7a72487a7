// Sends COUNT keyed records: strom_example_producer BOOTSTRAP TOPIC COUNT
#include <atomic>
#include <iostream>
#include <string>

#include "net/client/strom_client.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: strom_example_producer HOST:PORT[,...] TOPIC COUNT\n";
    return 64;
  }
  auto bootstrap = strom::parse_bootstrap(argv[1]);
  if (!bootstrap) {
    std::cerr << bootstrap.error().message << "\n";
    return 64;
  }
  std::string topic = argv[2];
  int count = std::stoi(argv[3]);

  strom::client_runtime runtime;
  strom::producer_config config; // acks=all, idempotent, linger 5 ms
  strom::producer producer{runtime.system(), *bootstrap, config};

  // Asynchronous sends with a callback: one report per record.
  std::atomic<int> failed{0};
  for (int i = 1; i < count; ++i) {
    strom::record r;
    r.key = "key-" + std::to_string(i % 10);
    r.value = "value-" + std::to_string(i);
    producer.send(topic, r, [&failed](const strom::delivery_report& d) {
      if (!d.ok()) {
        std::cerr << "failed: " << strom::describe(d.error) << "\n";
        ++failed;
      }
    });
  }
  // Or a future, for the last one.
  strom::record last;
  last.key = std::string{"key-0"};
  last.value = "value-" + std::to_string(count);
  auto report = producer.send(topic, last).get();
  producer.flush(); // every record sent so far is reported
  producer.close();
  if (!report.ok() || failed > 0)
    return 1;
  std::cout << "delivered " << count << " records; the last to partition "
            << report.partition.value() << " at offset " << report.offset.value() << "\n";
  return 0;
}
