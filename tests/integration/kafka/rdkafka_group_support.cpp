#include "tests/integration/kafka/rdkafka_group_support.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"
#include "tests/integration/kafka/kafka_frames.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {

namespace {

constexpr std::chrono::milliseconds poll_step_ms{50};
constexpr int16_t find_coordinator_key = 10;

} // namespace

std::vector<kafka_record> spread_records(int first, int count, int32_t partitions) {
  std::vector<kafka_record> out;
  for (int i = 0; i < count; ++i) {
    kafka_record r;
    r.value = "v" + std::to_string(first + i);
    r.partition = i % partitions;
    out.push_back(std::move(r));
  }
  return out;
}

bool serve_until(consumers& members, const std::function<bool()>& done,
                 std::chrono::milliseconds wait_ms) {
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& c : members)
      c->poll(poll_step_ms);
    if (done())
      return true;
  }
  return false;
}

bool shared_exactly(const consumers& members, int32_t partitions) {
  std::set<int32_t> all;
  size_t total = 0;
  for (const auto& c : members) {
    auto mine = c->assignment();
    if (mine.empty())
      return false;
    total += mine.size();
    all.insert(mine.begin(), mine.end());
  }
  return total == static_cast<size_t>(partitions) && all.size() == total;
}

std::string shares_of(const consumers& members) {
  std::string out;
  for (const auto& c : members) {
    out += "[";
    for (auto p : c->assignment())
      out += std::to_string(p) + " ";
    out += "] rebalances " + std::to_string(c->rebalances()) + ", errors:";
    for (const auto& e : c->errors())
      out += " " + e;
    out += "\n";
  }
  return out;
}

std::set<std::string> values_read(const consumers& members) {
  std::set<std::string> out;
  for (const auto& c : members)
    for (const auto& r : c->read())
      out.insert(r.value.value_or(""));
  return out;
}

bool read_all(const consumers& members, int first, int count) {
  auto got = values_read(members);
  for (int i = first; i < first + count; ++i)
    if (got.count("v" + std::to_string(i)) == 0)
      return false;
  return true;
}

std::optional<coordinator_door> find_coordinator(uint16_t any_door, const std::string& group,
                                                 std::chrono::milliseconds wait_ms) {
  std::optional<coordinator_door> found;
  eventually([&] {
    line_client c{any_door};
    kafka::wire_writer w{false};
    w.string(group);
    w.int8(0);
    c.send(kafka_request(find_coordinator_key, 1, 1, w.take()));
    auto response = read_response(c, wait_ms);
    if (!response)
      return false;
    kafka::wire_reader r{response->body, false};
    r.int32(); // throttle
    auto error = r.int16();
    r.nullable_string();
    auto node = r.int32();
    r.string();
    auto port = r.int32();
    if (error == 0 && !r.failed())
      found = coordinator_door{node, static_cast<uint16_t>(port)};
    return found.has_value();
  }, wait_ms);
  return found;
}

} // namespace strom::testing
