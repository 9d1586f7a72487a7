// Creates a topic and lists the cluster's: strom_example_admin BOOTSTRAP TOPIC
#include <chrono>
#include <iostream>

#include "net/client/strom_client.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: strom_example_admin HOST:PORT[,...] TOPIC\n";
    return 64;
  }
  auto bootstrap = strom::parse_bootstrap(argv[1]);
  if (!bootstrap) {
    std::cerr << bootstrap.error().message << "\n";
    return 64;
  }
  strom::client_runtime runtime;
  strom::admin_client admin{runtime.system(), *bootstrap, std::chrono::seconds{5}};

  strom::topic_spec spec;
  spec.name = argv[2];
  spec.partitions = 3;
  spec.replication_factor = 3;
  auto created = admin.create_topic(spec);
  if (!created) {
    std::cerr << strom::describe(created.error()) << "\n"; // topic_exists, ...
    return 1;
  }
  for (const auto& p : created->partitions) {
    std::cout << spec.name << "/" << p.partition.value() << " replicas";
    for (auto node : p.replicas)
      std::cout << " " << node.value();
    std::cout << "\n";
  }
  auto metadata = admin.metadata(); // every topic, as the node asked knows them
  if (!metadata) {
    std::cerr << strom::describe(metadata.error()) << "\n";
    return 1;
  }
  std::cout << metadata->topics.size() << " topics, " << metadata->brokers.size()
            << " brokers\n";
  return 0;
}
