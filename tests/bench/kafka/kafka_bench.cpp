// kafka_bench: strom through its Kafka door, measured with librdkafka (the
// client most Kafka users run), for make bench-compare. The same workloads
// as `strom bench produce|consume`, and the same figures in one JSON object:
//
//   kafka_bench produce -b HOST:PORT -t TOPIC [-n RECORDS] [-s BYTES]
//                       [-a 0|1|all] [-w WINDOW] [--linger-ms MS] [-X NAME=VALUE]...
//   kafka_bench consume -b HOST:PORT -t TOPIC [-X NAME=VALUE]...
//
// -X sets any librdkafka property (as kcat's -X), after the bench's own.
//
// The topic must exist (the script creates it with strom topic create).
// Produce keeps at most WINDOW records unreported, as strom's bench does;
// consume reads every partition from its start to the high watermark it had
// when the run began.

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

constexpr int exit_usage = 64;
constexpr int exit_failed = 1;
constexpr int metadata_wait_ms = 10'000;
constexpr int poll_step_ms = 100;
// A consume run that reads nothing for this long ends, reporting what it got.
constexpr double consume_stall_s = 30;

struct options {
  std::string mode;
  std::string bootstrap;
  std::string topic;
  long records = 100'000;
  long record_bytes = 1024;
  std::string acks = "all";
  long window = 20'000;
  std::string linger_ms = "0.5";
  std::map<std::string, std::string> extra; // -X: librdkafka properties
};

bool read_property(const std::string& text, std::map<std::string, std::string>& out) {
  auto equals = text.find('=');
  if (equals == 0 || equals == std::string::npos)
    return false;
  out[text.substr(0, equals)] = text.substr(equals + 1);
  return true;
}

bool read_number(const char* text, long& out) {
  char* end = nullptr;
  out = std::strtol(text, &end, 10);
  return end != text && *end == '\0';
}

bool read_options(int argc, char** argv, options& o) {
  if (argc < 2)
    return false;
  o.mode = argv[1];
  std::map<std::string, std::string*> text{{"-b", &o.bootstrap}, {"-t", &o.topic},
                                           {"-a", &o.acks}, {"--linger-ms", &o.linger_ms}};
  std::map<std::string, long*> numbers{{"-n", &o.records}, {"-s", &o.record_bytes},
                                       {"-w", &o.window}};
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (auto t = text.find(flag); t != text.end())
      *t->second = argv[i + 1];
    else if (flag == "-X") {
      if (!read_property(argv[i + 1], o.extra))
        return false;
    } else if (auto n = numbers.find(flag);
             n == numbers.end() || !read_number(argv[i + 1], *n->second))
      return false;
  }
  bool even = argc % 2 == 0;
  return even && (o.mode == "produce" || o.mode == "consume") && !o.bootstrap.empty()
         && !o.topic.empty() && o.records > 0 && o.record_bytes >= 0 && o.window > 0;
}

rd_kafka_t* client(rd_kafka_type_t type, std::map<std::string, std::string> settings,
                   const options& o,
                   void (*on_delivery)(rd_kafka_t*, const rd_kafka_message_t*, void*),
                   void* opaque) {
  char error[512];
  auto* conf = rd_kafka_conf_new();
  for (const auto& [name, value] : o.extra)
    settings[name] = value;
  for (const auto& [name, value] : settings)
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error)
        != RD_KAFKA_CONF_OK) {
      std::cerr << "kafka_bench: " << name << ": " << error << "\n";
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  if (on_delivery != nullptr)
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, opaque);
  auto* rk = rd_kafka_new(type, conf, error, sizeof error);
  if (rk == nullptr)
    std::cerr << "kafka_bench: " << error << "\n";
  return rk;
}

// Waits until the metadata names a leader for each of the topic's
// partitions, as strom bench waits out a new topic's elections before its
// clock starts (librdkafka would hold the records and look again in 1 s).
bool wait_for_leaders(rd_kafka_t* rk, rd_kafka_topic_t* rkt) {
  auto until = clock_type::now() + std::chrono::milliseconds{metadata_wait_ms};
  while (clock_type::now() < until) {
    const rd_kafka_metadata_t* md = nullptr;
    bool led = rd_kafka_metadata(rk, 0, rkt, &md, metadata_wait_ms) == RD_KAFKA_RESP_ERR_NO_ERROR
               && md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR
               && md->topics[0].partition_cnt > 0;
    for (int p = 0; led && p < md->topics[0].partition_cnt; ++p)
      led = md->topics[0].partitions[p].leader >= 0;
    if (md != nullptr)
      rd_kafka_metadata_destroy(md);
    if (led)
      return true;
    rd_kafka_poll(rk, poll_step_ms); // the next look, a little later
  }
  std::cerr << "kafka_bench: a partition of the topic has no leader after "
            << metadata_wait_ms << " ms\n";
  return false;
}

struct tally {
  long outstanding = 0;
  long failed = 0;
  std::string first_error;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* t = static_cast<tally*>(opaque);
  --t->outstanding;
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR && t->failed++ == 0)
    t->first_error = rd_kafka_err2str(m->err);
}

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

void print_figures(long records, long failed, double seconds, long record_bytes) {
  std::printf("{\"records\":%ld,\"failed\":%ld,\"seconds\":%.2f,\"records_per_s\":%.0f,"
              "\"mb_per_s\":%.1f}\n",
              records, failed, seconds, static_cast<double>(records) / seconds,
              static_cast<double>(records) * static_cast<double>(record_bytes) / seconds / 1e6);
}

// librdkafka set as a user tunes it for this window (a sweep on this
// machine: the closing note of the change that set it). Its batch.size is
// a fixed cap and its sticky partitioner keeps a partition for 10 ms, so
// with its defaults (1 MB batches) the whole window of 1000 records went as
// one request per round trip and linger: R1 100 B at 0.6 of strom's
// producer, which sends a batch at 16 KiB and lets the next grow while one
// is in flight. A quarter of the window's bytes a batch, a new sticky
// partition every 1 ms and a 0.5 ms linger keep several requests in flight
// over the partitions; not under 64 KiB, where a request's fixed cost (a
// raft round) outweighs the overlap (32 KiB: 0.75 at R3 100 B, 64 KiB 0.9).
// Five per connection, records with null keys, as strom bench produce.
std::string batch_bytes_for(const options& o) {
  constexpr long batch_floor_bytes = 64 << 10;
  constexpr long batch_ceiling_bytes = 983'040; // below librdkafka's message.max.bytes
  long quarter_window = o.window * std::max(o.record_bytes, 1L) / 4;
  return std::to_string(std::clamp(quarter_window, batch_floor_bytes, batch_ceiling_bytes));
}

int produce(const options& o) {
  tally t;
  auto* rk = client(RD_KAFKA_PRODUCER,
                    {{"bootstrap.servers", o.bootstrap}, {"acks", o.acks},
                     {"linger.ms", o.linger_ms}, {"batch.size", batch_bytes_for(o)},
                     {"sticky.partitioning.linger.ms", "1"},
                     {"max.in.flight.requests.per.connection", "5"},
                     {"queue.buffering.max.messages", std::to_string(o.window + 1)}},
                    o, on_delivery, &t);
  if (rk == nullptr)
    return exit_failed;
  auto* rkt = rd_kafka_topic_new(rk, o.topic.c_str(), nullptr);
  if (!wait_for_leaders(rk, rkt)) {
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return exit_failed;
  }
  std::string value(static_cast<size_t>(o.record_bytes), 'x');
  auto start = clock_type::now();
  for (long i = 0; i < o.records; ++i) {
    while (t.outstanding >= o.window)
      rd_kafka_poll(rk, 1);
    while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value.data(),
                            value.size(), nullptr, 0, nullptr) != 0)
      rd_kafka_poll(rk, 1); // the local queue is full: serve reports first
    ++t.outstanding;
    rd_kafka_poll(rk, 0);
  }
  while (t.outstanding > 0)
    rd_kafka_poll(rk, poll_step_ms);
  auto seconds = seconds_since(start);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  if (t.failed > 0)
    std::cerr << "kafka_bench: " << t.failed << " records failed: " << t.first_error << "\n";
  print_figures(o.records, t.failed, seconds, o.record_bytes);
  return t.failed == 0 ? 0 : exit_failed;
}

// Each partition's high watermark: what the run reads up to.
std::vector<int64_t> high_watermarks(rd_kafka_t* rk, const std::string& topic) {
  const rd_kafka_metadata_t* md = nullptr;
  auto* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  std::vector<int64_t> out;
  if (rd_kafka_metadata(rk, 0, rkt, &md, metadata_wait_ms) == RD_KAFKA_RESP_ERR_NO_ERROR
      && md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
      int64_t low = 0, high = -1;
      rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, metadata_wait_ms);
      out.push_back(high);
    }
  }
  if (md != nullptr)
    rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  return out;
}

struct consume_tally {
  long read = 0;
  long bytes = 0;
  long failed = 0;
};

// librdkafka's callback consume: each record handed over where it lies,
// freed by librdkafka after.
void count_message(rd_kafka_message_t* m, void* opaque) {
  auto& t = *static_cast<consume_tally*>(opaque);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++t.read;
    t.bytes += static_cast<long>(m->len);
  } else if (t.failed++ == 0) {
    std::cerr << "kafka_bench: " << rd_kafka_message_errstr(m) << "\n";
  }
}

// Partitions assigned by hand, from their start: no group, as strom bench
// consume reads. librdkafka stops prefetching once 100,000 records wait in
// its queue and waits 500 ms before it looks again (2.0's fetch backoff), so
// a reader faster than one fetch idles in half-second steps: the queue's
// bounds are raised out of the way (a run was 0.19 s then, up to 2 s before).
// Records are taken many at a time, as strom's reader polls a batch: one
// rd_kafka_consumer_poll per record read 2.3 to 2.7 million records/s here,
// rd_kafka_consume_batch_queue 4.3 to 4.6 million, and the callback consume
// that librdkafka's header names its fastest 5.1 to 5.7 million (100-byte
// records; the client busy all the while, in locks and allocations per
// record).
int consume(const options& o) {
  auto* rk = client(RD_KAFKA_CONSUMER,
                    {{"bootstrap.servers", o.bootstrap}, {"group.id", "kafka-bench"},
                     {"enable.auto.commit", "false"}, {"enable.partition.eof", "false"},
                     {"queued.min.messages", "10000000"},
                     {"queued.max.messages.kbytes", "2097151"}},
                    o, nullptr, nullptr);
  if (rk == nullptr)
    return exit_failed;
  auto highs = high_watermarks(rk, o.topic);
  long wanted = 0;
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(highs.size()));
  for (size_t p = 0; p < highs.size(); ++p) {
    wanted += highs[p] < 0 ? 0 : static_cast<long>(highs[p]);
    rd_kafka_topic_partition_list_add(list, o.topic.c_str(), static_cast<int32_t>(p))->offset =
      RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  consume_tally t;
  auto* queue = rd_kafka_queue_get_consumer(rk);
  auto start = clock_type::now();
  auto last_read = start;
  while (t.read < wanted && seconds_since(last_read) < consume_stall_s) {
    auto served = rd_kafka_consume_callback_queue(queue, poll_step_ms, count_message, &t);
    if (served > 0)
      last_read = clock_type::now();
  }
  rd_kafka_queue_destroy(queue);
  auto seconds = seconds_since(start);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  print_figures(t.read, t.failed, seconds, t.read > 0 ? t.bytes / t.read : 0);
  if (t.read < wanted)
    std::cerr << "kafka_bench: read " << t.read << " of " << wanted << " records\n";
  return t.read == wanted ? 0 : exit_failed;
}

} // namespace

int main(int argc, char** argv) {
  options o;
  if (!read_options(argc, argv, o)) {
    std::cerr << "usage: kafka_bench produce|consume -b HOST:PORT -t TOPIC [-n RECORDS] "
                 "[-s BYTES] [-a 0|1|all] [-w WINDOW] [--linger-ms MS] [-X NAME=VALUE]...\n";
    return exit_usage;
  }
  return o.mode == "produce" ? produce(o) : consume(o);
}
