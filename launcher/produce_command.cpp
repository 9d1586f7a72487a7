// strom produce -t TOPIC [-p PARTITION] [-K DELIM] [-k KEY] [-H NAME=VALUE]...
//               [-m MESSAGE]... [-D DELIM] [--acks 0|1|all] [--linger-ms MS]
//               [-z|--compression none|gzip|snappy|lz4|zstd]
//               (--manifest M | -b HOST:PORT,...) [--json]
// Records from stdin, one a line (or from -m), with kcat's flags. The exit
// status is 0 only when every record was acknowledged.

#include <condition_variable>
#include <iostream>
#include <mutex>

#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/json_views.hpp"
#include "launcher/tool_connection.hpp"
#include "messages/error_category.hpp"
#include "net/client/producer.hpp"

namespace strom {

namespace {

// Records sent and not yet reported: bounds the memory a large stdin takes.
constexpr size_t unreported_records_max = 10'000;
// A new topic's leaders are elected within seconds; past this a record fails.
constexpr std::chrono::milliseconds delivery_timeout_ms{30'000};

std::vector<option_spec> produce_options() {
  std::vector<option_spec> out = {
    {"topic", 't', true, "the topic to write"},
    {"partition", 'p', true, "this partition (default: murmur2 of the key, else sticky)"},
    {"key-delimiter", 'K', true, "the key is what comes before DELIM on each line"},
    {"key", 'k', true, "this key for every record"},
    {"header", 'H', true, "NAME=VALUE header for every record (repeatable)"},
    {"message", 'm', true, "send this record instead of reading stdin (repeatable)"},
    {"delimiter", 'D', true, "records on stdin end with this character (default \\n)"},
    {"acks", 0, true, "0, 1 or all (default all: a majority has it durably)"},
    {"linger-ms", 0, true, "how long a batch waits for more records (default 5)"},
    {"compression", 'z', true, "none, gzip, snappy, lz4 or zstd (default none)"},
    {"help", 'h', false, "show this help"},
  };
  for (auto& o : connection_options(false))
    out.push_back(o);
  return with_logging_options(out);
}

int usage(const std::string& problem) {
  return report_usage("produce", problem,
                      "-t TOPIC [-p PARTITION] [-K DELIM | -k KEY] [-H NAME=VALUE]... "
                      "[-m MESSAGE]... [--acks 0|1|all] (--manifest FILE | -b HOST:PORT[,...])",
                      produce_options());
}

struct produce_plan {
  std::string topic;
  std::optional<partition_id> partition;
  std::string key_delimiter; // empty: no key from the line
  std::optional<std::string> key;
  std::vector<record_header> headers;
  char delimiter = '\n';
  producer_config config;
};

std::optional<char> delimiter_char(const std::string& text) {
  if (text.size() == 1)
    return text[0];
  if (text == "\\n") return '\n';
  if (text == "\\t") return '\t';
  if (text == "\\r") return '\r';
  if (text == "\\0") return '\0';
  return std::nullopt;
}

std::string fill_headers(const command_line& cl, produce_plan& plan) {
  for (const auto& h : cl.get_all("header")) {
    auto eq = h.find('=');
    if (eq == std::string::npos || eq == 0)
      return "-H takes NAME=VALUE, not '" + h + "'";
    plan.headers.push_back({h.substr(0, eq), h.substr(eq + 1)});
  }
  return {};
}

std::string fill_config(const command_line& cl, producer_config& config) {
  auto acks_text = cl.get("acks").value_or("all");
  if (acks_text == "0")
    config.required_acks = acks::none;
  else if (acks_text == "1")
    config.required_acks = acks::leader;
  else if (acks_text == "all" || acks_text == "-1")
    config.required_acks = acks::all;
  else
    return "--acks takes 0, 1 or all, not '" + acks_text + "'";
  if (auto text = cl.get("linger-ms")) {
    auto ms = parse_integer(*text);
    if (!ms || *ms < 0)
      return "--linger-ms must be a number of milliseconds >= 0";
    config.linger_ms = std::chrono::milliseconds{*ms};
  }
  if (auto text = cl.get("compression")) {
    auto codec = compression_codec_of(*text);
    if (!codec)
      return "--compression takes none, gzip, snappy, lz4 or zstd, not '" + *text + "'";
    config.compression = *codec;
  }
  config.delivery_timeout_ms = delivery_timeout_ms;
  return {};
}

// The problem with the options, or empty when `plan` is complete.
std::string fill_plan(const command_line& cl, produce_plan& plan) {
  if (!cl.has("topic"))
    return "-t TOPIC is required";
  plan.topic = *cl.get("topic");
  if (auto text = cl.get("partition")) {
    auto p = parse_integer(*text);
    if (!p || *p < 0 || *p > INT32_MAX)
      return "-p must be a partition number";
    plan.partition = partition_id{static_cast<int32_t>(*p)};
  }
  plan.key_delimiter = cl.get("key-delimiter").value_or("");
  if (cl.has("key-delimiter") && plan.key_delimiter.empty())
    return "-K needs a delimiter";
  plan.key = cl.get("key");
  if (plan.key && !plan.key_delimiter.empty())
    return "give -k or -K, not both";
  if (auto text = cl.get("delimiter")) {
    auto d = delimiter_char(*text);
    if (!d)
      return "-D takes one character (or \\n, \\t, \\r, \\0)";
    plan.delimiter = *d;
  }
  if (auto problem = fill_headers(cl, plan); !problem.empty())
    return problem;
  return fill_config(cl, plan.config);
}

record record_of(const produce_plan& plan, const std::string& text) {
  record r;
  r.headers = plan.headers;
  r.key = plan.key;
  auto at = plan.key_delimiter.empty() ? std::string::npos : text.find(plan.key_delimiter);
  if (at == std::string::npos) {
    r.value = text;
  } else {
    r.key = text.substr(0, at);
    r.value = text.substr(at + plan.key_delimiter.size());
  }
  return r;
}

// Sends records as they come, never more than unreported_records_max
// ahead of their reports, and tells how many failed.
class record_sender {
public:
  record_sender(producer& p, const produce_plan& plan, bool json)
      : producer_(p), plan_(plan), json_(json) {}

  void send(const std::string& text) {
    auto number = ++sent_;
    {
      std::unique_lock<std::mutex> lock{mutex_};
      room_.wait(lock, [this] { return sent_ - reported_ <= unreported_records_max; });
    }
    producer_.send(plan_.topic, record_of(plan_, text),
                   [this, number](const delivery_report& d) { report(number, d); },
                   plan_.partition);
  }

  // Waits for every report; the number of records that failed.
  size_t finish() {
    producer_.flush();
    std::unique_lock<std::mutex> lock{mutex_};
    room_.wait(lock, [this] { return reported_ == sent_; });
    return failed_;
  }

  size_t sent() const { return sent_; }

private:
  // Runs on the producer's actor.
  void report(size_t number, const delivery_report& d) {
    std::lock_guard<std::mutex> lock{mutex_};
    if (!d.ok())
      ++failed_;
    if (json_ && d.ok())
      print_json(std::cout, {{"topic", d.topic}, {"partition", d.partition.value()},
                             {"offset", d.offset.value()}, {"ts", d.timestamp_ms},
                             {"record", number}});
    else if (json_)
      print_json(std::cout, {{"error", describe(d.error)}, {"record", number}});
    else if (!d.ok())
      std::cerr << "record " << number << ": " << describe(d.error) << "\n";
    ++reported_;
    room_.notify_all();
  }

  producer& producer_;
  const produce_plan& plan_;
  bool json_;
  std::mutex mutex_;
  std::condition_variable room_;
  size_t sent_ = 0; // only the sending thread writes it
  size_t reported_ = 0;
  size_t failed_ = 0;
};

int produce(admin_client& client, const produce_plan& plan, const command_line& cl, bool json) {
  if (auto at = client.connect(); !at) {
    std::cerr << "strom produce: " << describe(at.error()) << "\n";
    return exit_code::unreachable;
  }
  auto config = plan.config;
  config.request_timeout_ms = client.timeout_ms();
  producer p{client.system(), client.bootstrap(), config};
  record_sender sender{p, plan, json};
  auto messages = cl.get_all("message");
  for (const auto& m : messages)
    sender.send(m);
  if (messages.empty())
    for (std::string line; std::getline(std::cin, line, plan.delimiter);)
      sender.send(line);
  auto failed = sender.finish();
  p.close();
  if (failed > 0)
    std::cerr << "strom produce: " << failed << " of " << sender.sent()
              << " records failed\n";
  return failed == 0 ? exit_code::ok : exit_code::failure;
}

} // namespace

int run_produce(const args_list& args) {
  command_line cl;
  if (auto done = parse_tool_arguments("produce", args, produce_options(), usage, cl))
    return *done;
  produce_plan plan;
  if (auto problem = fill_plan(cl, plan); !problem.empty())
    return usage(problem);
  int status = exit_code::ok;
  auto connection = resolve_connection(cl, usage, status);
  if (!connection)
    return status;
  tool_client tool{*connection};
  return produce(tool.admin(), plan, cl, connection->json);
}

} // namespace strom
