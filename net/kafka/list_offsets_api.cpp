#include "net/kafka/list_offsets_api.hpp"

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// First versions with each field (ListOffsetsRequest/Response.json).
constexpr int16_t isolation_level_from = 2;
constexpr int16_t throttle_from = 2;
constexpr int16_t leader_epoch_from = 4;

} // namespace

result<std::vector<list_offsets_topic>> read_list_offsets_request(int16_t version,
                                                                  std::string_view body) {
  wire_reader r{body, is_flexible(api_key::list_offsets, version)};
  r.int32(); // replica_id
  if (version >= isolation_level_from)
    r.int8(); // isolation_level: no transactions, so both levels read the same
  std::vector<list_offsets_topic> out;
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    list_offsets_topic t;
    t.name = r.string();
    auto partitions = r.array_length();
    for (int32_t j = 0; j < partitions && !r.failed(); ++j) {
      list_offsets_partition p;
      p.index = r.int32();
      if (version >= leader_epoch_from)
        r.int32(); // current_leader_epoch
      p.timestamp = r.int64();
      r.tagged_fields();
      t.partitions.push_back(p);
    }
    r.tagged_fields();
    out.push_back(std::move(t));
  }
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "ListOffsets: " + r.failure()};
  return out;
}

std::string write_list_offsets_response(int16_t version,
                                        const std::vector<list_offsets_topic_answer>& topics) {
  wire_writer w{is_flexible(api_key::list_offsets, version)};
  if (version >= throttle_from)
    w.int32(0);
  w.array_length(static_cast<int64_t>(topics.size()));
  for (const auto& t : topics) {
    w.string(t.name);
    w.array_length(static_cast<int64_t>(t.partitions.size()));
    for (const auto& p : t.partitions) {
      w.int32(p.index);
      w.int16(wire(p.error));
      w.int64(p.timestamp);
      w.int64(p.offset);
      if (version >= leader_epoch_from)
        w.int32(p.leader_epoch);
      w.tagged_fields();
    }
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
