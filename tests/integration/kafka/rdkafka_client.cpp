#include "tests/integration/kafka/rdkafka_client.hpp"

namespace strom::testing {

namespace {

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* sink = static_cast<rdkafka_producer::report_sink*>(opaque);
  auto index = reinterpret_cast<size_t>(m->_private);
  ++sink->done;
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    sink->errors.push_back("record " + std::to_string(index) + ": " + rd_kafka_err2str(m->err));
    return;
  }
  auto& r = (*sink->records)[index];
  r.partition = m->partition;
  r.offset = m->offset;
}

void on_client_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* sink = static_cast<rdkafka_producer::report_sink*>(opaque);
  if (sink->refusal.empty() && is_refusal(static_cast<rd_kafka_resp_err_t>(err)))
    sink->refusal = reason;
}

rd_kafka_headers_t* headers_of(const kafka_record& r) {
  if (r.headers.empty())
    return nullptr;
  auto* h = rd_kafka_headers_new(r.headers.size());
  for (const auto& [name, value] : r.headers)
    rd_kafka_header_add(h, name.data(), static_cast<ssize_t>(name.size()),
                        value ? value->data() : nullptr,
                        value ? static_cast<ssize_t>(value->size()) : 0);
  return h;
}

std::optional<std::string> bytes_of(const void* p, size_t n) {
  if (p == nullptr)
    return std::nullopt;
  return std::string(static_cast<const char*>(p), n);
}

kafka_record record_of(rd_kafka_message_t* m) {
  kafka_record r;
  r.key = bytes_of(m->key, m->key_len);
  r.value = bytes_of(m->payload, m->len);
  r.partition = m->partition;
  r.offset = m->offset;
  r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
  rd_kafka_headers_t* h = nullptr;
  if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(h, i, &name, &value, &size)
                       == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
      r.headers.emplace_back(name, bytes_of(value, size));
  }
  return r;
}

void rebalanced(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                void* opaque) {
  static_cast<rdkafka_group_consumer*>(opaque)->on_rebalance(err, partitions);
}

} // namespace

bool is_refusal(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL
         || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
}

rd_kafka_conf_t* rdkafka_configure(const std::string& bootstrap, const kafka_settings& settings,
                           std::string& error) {
  char text[512];
  auto* conf = rd_kafka_conf_new();
  auto all = settings;
  all["bootstrap.servers"] = bootstrap;
  for (const auto& [name, value] : all)
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), text, sizeof text)
        != RD_KAFKA_CONF_OK) {
      error = text;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  return conf;
}

rdkafka_producer::rdkafka_producer(const std::string& bootstrap, const kafka_settings& settings) {
  auto* conf = rdkafka_configure(bootstrap, settings, error_);
  if (conf == nullptr)
    return;
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_error_cb(conf, on_client_error);
  rd_kafka_conf_set_opaque(conf, &sink_);
  char text[512];
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, text, sizeof text);
  if (handle_ == nullptr)
    error_ = text;
}

rdkafka_producer::~rdkafka_producer() {
  if (handle_ != nullptr)
    rd_kafka_destroy(handle_);
}

std::vector<std::string> rdkafka_producer::send(const std::string& topic,
                                                std::vector<kafka_record>& records,
                                                std::chrono::milliseconds wait_ms,
                                                bool end_at_refusal) {
  sink_ = report_sink{&records, {}, 0, {}};
  auto& sink = sink_;
  size_t queued = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    // librdkafka's macros cast their arguments unparenthesised: plain names only.
    const void* key_data = r.key ? r.key->data() : nullptr;
    size_t key_size = r.key ? r.key->size() : 0;
    void* value_data = r.value ? const_cast<char*>(r.value->data()) : nullptr;
    size_t value_size = r.value ? r.value->size() : 0;
    auto err = rd_kafka_producev(
      handle_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(r.partition),
      RD_KAFKA_V_KEY(key_data, key_size), RD_KAFKA_V_VALUE(value_data, value_size),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(r.timestamp_ms),
      RD_KAFKA_V_HEADERS(headers_of(r)), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(i)),
      RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
      ++queued;
    else
      sink.errors.push_back("record " + std::to_string(i) + " not queued: "
                            + rd_kafka_err2str(err));
  }
  // The reports come from poll, with the sink as the callback's opaque.
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  auto refused = [&] { return end_at_refusal && !sink.refusal.empty(); };
  while (sink.done < queued && !refused() && std::chrono::steady_clock::now() < deadline)
    rd_kafka_poll(handle_, 100);
  if (refused())
    sink.errors.push_back("refused: " + sink.refusal);
  else if (sink.done < queued)
    sink.errors.push_back(std::to_string(queued - sink.done) + " records unreported");
  return sink.errors;
}

std::vector<kafka_record> rdkafka_read(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition, int64_t from, size_t count,
                                       std::chrono::milliseconds wait_ms) {
  std::vector<kafka_record> out;
  std::string error;
  auto* conf = rdkafka_configure(bootstrap, {}, error);
  char text[512];
  auto* rk = conf ? rd_kafka_new(RD_KAFKA_CONSUMER, conf, text, sizeof text) : nullptr;
  if (rk == nullptr)
    return out;
  auto* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  rd_kafka_consume_start(rkt, partition, from);
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto* m = rd_kafka_consume(rkt, partition, 100);
    if (m == nullptr)
      continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
      out.push_back(record_of(m));
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consume_stop(rkt, partition);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return out;
}

std::optional<std::pair<int64_t, int64_t>> rdkafka_watermarks(const std::string& bootstrap,
                                                              const std::string& topic,
                                                              int32_t partition) {
  std::string error;
  auto* conf = rdkafka_configure(bootstrap, {}, error);
  char text[512];
  auto* rk = conf ? rd_kafka_new(RD_KAFKA_PRODUCER, conf, text, sizeof text) : nullptr;
  if (rk == nullptr)
    return std::nullopt;
  int64_t low = -1, high = -1;
  auto err = rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &low, &high, 10000);
  rd_kafka_destroy(rk);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return std::nullopt;
  return std::make_pair(low, high);
}

rdkafka_group_consumer::rdkafka_group_consumer(const std::string& bootstrap,
                                               const std::string& group,
                                               const std::vector<std::string>& topics,
                                               const kafka_settings& settings) {
  auto all = settings;
  all["group.id"] = group;
  all.emplace("auto.offset.reset", "earliest");
  auto* conf = rdkafka_configure(bootstrap, all, error_);
  if (conf == nullptr)
    return;
  rd_kafka_conf_set_rebalance_cb(conf, rebalanced);
  rd_kafka_conf_set_opaque(conf, this);
  char text[512];
  handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, text, sizeof text);
  if (handle_ == nullptr) {
    error_ = text;
    return;
  }
  rd_kafka_poll_set_consumer(handle_);
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const auto& t : topics)
    rd_kafka_topic_partition_list_add(list, t.c_str(), RD_KAFKA_PARTITION_UA);
  auto err = rd_kafka_subscribe(handle_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    error_ = rd_kafka_err2str(err);
}

rdkafka_group_consumer::~rdkafka_group_consumer() {
  close();
  if (handle_ != nullptr)
    rd_kafka_destroy(handle_);
}

void rdkafka_group_consumer::on_rebalance(rd_kafka_resp_err_t err,
                                          rd_kafka_topic_partition_list_t* partitions) {
  ++rebalances_;
  bool cooperative = std::string{rd_kafka_rebalance_protocol(handle_)} == "COOPERATIVE";
  bool assign = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
  if (cooperative) {
    auto* failed = assign ? rd_kafka_incremental_assign(handle_, partitions)
                          : rd_kafka_incremental_unassign(handle_, partitions);
    if (failed != nullptr) {
      errors_.push_back(rd_kafka_error_string(failed));
      rd_kafka_error_destroy(failed);
    }
    return;
  }
  rd_kafka_assign(handle_, assign ? partitions : nullptr);
}

void rdkafka_group_consumer::poll(std::chrono::milliseconds wait_ms) {
  if (handle_ == nullptr || closed_)
    return;
  auto* m = rd_kafka_consumer_poll(handle_, static_cast<int>(wait_ms.count()));
  if (m == nullptr)
    return;
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
    read_.push_back(record_of(m));
  else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
    errors_.push_back(std::string{rd_kafka_err2str(m->err)} + ": " + rd_kafka_message_errstr(m));
  rd_kafka_message_destroy(m);
}

std::set<int32_t> rdkafka_group_consumer::assignment() const {
  std::set<int32_t> out;
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (handle_ == nullptr || closed_ || rd_kafka_assignment(handle_, &list) != 0)
    return out;
  for (int i = 0; i < list->cnt; ++i)
    out.insert(list->elems[i].partition);
  rd_kafka_topic_partition_list_destroy(list);
  return out;
}

rd_kafka_resp_err_t rdkafka_group_consumer::commit() {
  return rd_kafka_commit(handle_, nullptr, 0);
}

void rdkafka_group_consumer::close() {
  if (handle_ == nullptr || closed_)
    return;
  closed_ = true;
  rd_kafka_consumer_close(handle_);
}

} // namespace strom::testing
