// Requests as the gRPC door receives them (net/grpc): the bytes parsed as
// the request message that the first byte picks, then the door's checks
// (request_checks.hpp), which answer OK or INVALID_ARGUMENT naming the
// field, and for a produce request that passes them, the records as the
// door hands them on (to_record).

#include "net/grpc/api_translation.hpp"
#include "net/grpc/request_checks.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

template <class Request>
bool parsed(std::string_view bytes, Request& out) {
  return out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

template <class Request, class... Config>
void check_one(std::string_view bytes, const Config&... config) {
  Request request;
  if (parsed(bytes, request))
    (void)check(request, config...);
}

void check_produce(std::string_view bytes, const grpc_door_config& config) {
  api::ProduceRequest request;
  if (!parsed(bytes, request) || !check(request, config).ok())
    return;
  for (const auto& r : request.records())
    (void)to_record(r);
}

std::string with_selector(char selector, const google::protobuf::Message& message) {
  return std::string(1, selector) + message.SerializeAsString();
}

} // namespace

std::vector<std::string> seeds() {
  api::CreateTopicRequest create;
  create.set_name("orders");
  create.set_partitions(3);
  create.set_retention_ms(-1);
  api::ProduceRequest produce;
  produce.set_topic("orders");
  auto* record = produce.add_records();
  record->set_key("k");
  record->set_value("v");
  record->set_partition(1);
  auto* header = record->add_headers();
  header->set_key("trace");
  header->set_value("abc");
  produce.add_records();
  api::CreateConsumerRequest consumer;
  consumer.set_group("billing");
  consumer.add_topics("orders");
  consumer.set_auto_offset_reset("latest");
  consumer.set_idle_timeout_ms(30000);
  api::FetchRequest fetch;
  fetch.set_consumer_id("c-1");
  fetch.set_max_records(10);
  fetch.set_max_wait_ms(100);
  api::ReadPartitionRequest read;
  read.set_topic("orders");
  read.set_offset(-2);
  read.set_max_records(5);
  api::ConsumeRequest consume;
  consume.set_topic("orders");
  consume.set_group("billing");
  return {with_selector(0, create), with_selector(1, produce), with_selector(2, consumer),
          with_selector(3, fetch), with_selector(4, read), with_selector(5, consume)};
}

void run(const uint8_t* data, size_t size) {
  if (size == 0)
    return;
  auto bytes = as_text(data + 1, size - 1);
  grpc_door_config config;
  switch (data[0] % 6) {
    case 0: return check_one<api::CreateTopicRequest>(bytes);
    case 1: return check_produce(bytes, config);
    case 2: return check_one<api::CreateConsumerRequest>(bytes, config);
    case 3: return check_one<api::FetchRequest>(bytes, config);
    case 4: return check_one<api::ReadPartitionRequest>(bytes, config);
    default: return check_one<api::ConsumeRequest>(bytes);
  }
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
