#pragma once
// librdkafka's C API as the Kafka door's tests use it: a producer that sends
// records and waits for every delivery report, the simple (legacy)
// consumer, which reads a partition from an offset without a group, and
// the high-level consumer, a member of a group (Kafka's classic protocol).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

namespace strom::testing {

struct kafka_record {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  int64_t timestamp_ms = 0; // 0: the producer's clock
  int32_t partition = -1;   // -1: librdkafka's partitioner
  int64_t offset = -1;      // as delivered or consumed
};

using kafka_settings = std::map<std::string, std::string>;

// A configuration of `settings` and the bootstrap servers; nothing, with
// librdkafka's reason in `error`, for a setting it refuses.
rd_kafka_conf_t* rdkafka_configure(const std::string& bootstrap, const kafka_settings& settings,
                                   std::string& error);

class rdkafka_producer {
public:
  rdkafka_producer(const std::string& bootstrap, const kafka_settings& settings);
  ~rdkafka_producer();
  rdkafka_producer(const rdkafka_producer&) = delete;
  rdkafka_producer& operator=(const rdkafka_producer&) = delete;

  explicit operator bool() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }
  // Sends every record and waits for their reports; each record's
  // partition and offset are set from its report. The errors, by record.
  // With `end_at_refusal`, the wait ends at the client's first refusal
  // (authentication, TLS, every broker down), which is then the error.
  std::vector<std::string> send(const std::string& topic, std::vector<kafka_record>& records,
                                std::chrono::milliseconds wait_ms, bool end_at_refusal = false);

  // What the delivery callback fills in (librdkafka's opaque).
  struct report_sink {
    std::vector<kafka_record>* records = nullptr;
    std::vector<std::string> errors;
    size_t done = 0;
    std::string refusal; // the client's first refusal, from its error callback
  };

private:
  rd_kafka_t* handle_ = nullptr;
  std::string error_;
  report_sink sink_;
};

// Whether a client error says the client will get nowhere as configured:
// authentication failed, TLS failed, or no broker could be reached.
bool is_refusal(rd_kafka_resp_err_t err);

// Reads `count` records of a partition from `from`, or fewer if they do not
// come within the wait.
std::vector<kafka_record> rdkafka_read(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition, int64_t from, size_t count,
                                       std::chrono::milliseconds wait_ms);

// The partition's low and high watermarks through ListOffsets.
std::optional<std::pair<int64_t, int64_t>> rdkafka_watermarks(const std::string& bootstrap,
                                                              const std::string& topic,
                                                              int32_t partition);

// A member of a consumer group through librdkafka's high-level consumer,
// polled by the test's thread: rebalances are served inside poll().
class rdkafka_group_consumer {
public:
  rdkafka_group_consumer(const std::string& bootstrap, const std::string& group,
                         const std::vector<std::string>& topics,
                         const kafka_settings& settings = {});
  ~rdkafka_group_consumer();
  rdkafka_group_consumer(const rdkafka_group_consumer&) = delete;
  rdkafka_group_consumer& operator=(const rdkafka_group_consumer&) = delete;

  explicit operator bool() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }
  // Serves the consumer for up to `wait_ms`: records read go to read(),
  // errors to errors().
  void poll(std::chrono::milliseconds wait_ms);
  const std::vector<kafka_record>& read() const { return read_; }
  const std::vector<std::string>& errors() const { return errors_; }
  // The partitions assigned now (of any topic).
  std::set<int32_t> assignment() const;
  // How many times the group assigned or revoked partitions.
  int rebalances() const { return rebalances_; }
  // Commits what was read, synchronously; librdkafka's error.
  rd_kafka_resp_err_t commit();
  // Leaves the group (a static member does not: it is expected back) and
  // stops; the destructor does it too.
  void close();

  // The rebalance callback's view (librdkafka's opaque).
  void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);

private:
  rd_kafka_t* handle_ = nullptr;
  std::string error_;
  std::vector<kafka_record> read_;
  std::vector<std::string> errors_;
  int rebalances_ = 0;
  bool closed_ = false;
};

} // namespace strom::testing
