#include "launcher/console_produce.hpp"

#include <chrono>
#include <future>

#include "launcher/console_record_text.hpp"
#include "launcher/console_topic.hpp"
#include "launcher/exit_codes.hpp"
#include "net/client/producer.hpp"

namespace strom {

namespace {

// A new topic's leaders are elected within a few seconds; a record that
// waits longer than this tells the person so instead of hanging.
constexpr std::chrono::milliseconds delivery_timeout_ms{30000};

producer_config console_producer_config(const admin_client& client) {
  producer_config config;
  config.required_acks = acks::all;
  config.linger_ms = std::chrono::milliseconds{0}; // one record: nothing to wait for
  config.request_timeout_ms = client.timeout_ms();
  config.delivery_timeout_ms = delivery_timeout_ms;
  return config;
}

int produce(console_context& context, const std::string& topic, const std::string& text) {
  auto& client = context.client;
  producer p{client.system(), client.bootstrap(), console_producer_config(client)};
  auto report = p.send(topic, record_from_text(text)).get();
  p.close();
  if (!report.ok())
    return report_failure(context.err, report.error);
  context.out << "partition " << report.partition.value() << " offset "
              << report.offset.value() << "\n";
  return exit_code::ok;
}

} // namespace

console_command produce_command(console_context& context) {
  return {"produce", "TOPIC [KEY:]VALUE",
          "send one record (acks=all) and print its partition and offset",
          [&context](const std::vector<std::string>& args) {
            if (args.size() != 2)
              return report_usage_problem(context.err, "produce", "TOPIC [KEY:]VALUE",
                                          "takes a topic and one record");
            return produce(context, args[0], args[1]);
          },
          [&context](const std::vector<std::string>& before) {
            return before.empty() ? topic_names(context.client) : std::vector<std::string>{};
          },
          "  The key picks the partition (murmur2, as Kafka's clients); without a key\n"
          "  the producer picks one. A leading ':' sends a value without a key.\n"};
}

} // namespace strom
