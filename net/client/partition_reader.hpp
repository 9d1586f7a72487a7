#pragma once
// Reads one partition of a topic from an offset on, through its leader
// (following leader changes), as decoded records. Blocking: for tools,
// tests and consumers of assigned partitions; consumer groups come later.
//
//   strom::partition_reader r{sys, bootstrap, "orders", partition_id{0}};
//   r.seek_to(earliest_offset_spec);
//   while (...) {
//     auto got = r.poll(std::chrono::milliseconds{500}); // long poll
//     for (auto& rec : got->records) ...                 // rec.offset ascending
//   }

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/record_batch.hpp"
#include "net/client/leader_session.hpp"

namespace strom {

struct read_result {
  std::vector<stored_record> records; // offsets from the position on, ascending
  // One past the last committed record: the position is caught up when
  // it reaches this.
  record_offset high_watermark;
  record_offset log_start_offset;
};

class partition_reader {
public:
  // Readers of one thread may share a session (one metadata cache).
  partition_reader(std::shared_ptr<leader_session> session, std::string topic,
                   partition_id partition, uint64_t fetch_bytes_max = 1 << 20);
  partition_reader(caf::actor_system& sys, std::vector<endpoint> bootstrap, std::string topic,
                   partition_id partition, session_config config = {});

  record_offset position() const { return position_; }
  void seek(record_offset offset) { position_ = offset; }
  // Moves to the earliest or latest offset, or the first at a timestamp.
  caf::expected<record_offset> seek_to(int64_t spec);
  // earliest_offset_spec, latest_offset_spec (the high watermark) or a
  // timestamp in ms: the first offset at or after it.
  caf::expected<record_offset> list_offsets(int64_t spec);

  // The records from the position on, waiting up to max_wait_ms when there
  // are none yet; the position moves past what is returned.
  // offset_out_of_range when the position is outside the log.
  caf::expected<read_result> poll(std::chrono::milliseconds max_wait_ms);

  const std::string& topic() const { return topic_; }
  partition_id partition() const { return partition_; }

private:
  caf::expected<read_result> decode(fetch_reply& reply);

  std::shared_ptr<leader_session> session_;
  std::string topic_;
  partition_id partition_;
  uint64_t fetch_bytes_max_;
  record_offset position_{0};
};

} // namespace strom
