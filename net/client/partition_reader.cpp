#include "net/client/partition_reader.hpp"

#include <limits>

#include "messages/error_category.hpp"

namespace strom {

partition_reader::partition_reader(std::shared_ptr<leader_session> session, std::string topic,
                                   partition_id partition, uint64_t fetch_bytes_max)
    : session_(std::move(session)),
      topic_(std::move(topic)),
      partition_(partition),
      fetch_bytes_max_(fetch_bytes_max) {}

partition_reader::partition_reader(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                                   std::string topic, partition_id partition,
                                   session_config config)
    : partition_reader(std::make_shared<leader_session>(sys, std::move(bootstrap), config),
                       std::move(topic), partition) {}

caf::expected<record_offset> partition_reader::list_offsets(int64_t spec) {
  return session_->list_offsets(topic_, partition_, spec);
}

caf::expected<record_offset> partition_reader::seek_to(int64_t spec) {
  auto offset = list_offsets(spec);
  if (offset)
    position_ = *offset;
  return offset;
}

caf::expected<read_result> partition_reader::poll(std::chrono::milliseconds max_wait_ms) {
  fetch_request request{position_, fetch_bytes_max_, max_wait_ms.count()};
  auto reply = session_->fetch(topic_, partition_, request);
  if (!reply)
    return std::move(reply.error());
  return decode(*reply);
}

caf::expected<read_result> partition_reader::decode(fetch_reply& reply) {
  read_result out{{}, reply.high_watermark, reply.log_start_offset};
  // The topic's own limit was checked when the batch went in.
  batch_limits any_size{std::numeric_limits<size_t>::max()};
  for (const auto& batch : reply.batches) {
    auto records = decode_record_batch(batch, any_size);
    if (!records)
      return make_error(records.error());
    for (auto& r : *records)
      if (r.offset >= position_)
        out.records.push_back(std::move(r));
    // Past the batch even when it held nothing new for us (all below the
    // position), so that a poll always makes progress.
    if (auto header = read_batch_header(batch); header && header->next_offset() > position_)
      position_ = header->next_offset();
  }
  return out;
}

} // namespace strom
