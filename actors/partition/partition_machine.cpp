#include "actors/partition/partition_machine.hpp"

#include <spdlog/spdlog.h>

#include "actors/partition/fixed_codec.hpp"

namespace strom {

namespace {

// A committed entry that is not a batch means the log holds something no
// leader admitted: a broken invariant, not a condition to carry on from.
batch_header header_of(const raft::entry& e) {
  auto header = read_batch_header(e.payload);
  if (!header) {
    spdlog::critical("partition entry {} is not a record batch: {}", e.index.value(),
                     header.error().describe());
    std::abort();
  }
  return *header;
}

// Kafka's INVALID_RECORD for a compacted topic's record without a key.
result<void> check_keys(std::string_view batch) {
  auto records = decode_record_batch(batch, batch_limits{SIZE_MAX});
  if (!records)
    return records.error();
  for (const auto& r : *records)
    if (!r.key)
      return strom::error{errc::invalid_record,
                          "record at position " + std::to_string(r.offset.value()) +
                            " has no key: a compacted topic (cleanup.policy=compact) keeps "
                            "records by key"};
  return {};
}

} // namespace

partition_settings partition_settings_for(const topic_config& config) {
  partition_settings out;
  out.limits.batch_bytes_max = static_cast<size_t>(config.batch_bytes_max);
  out.log_append_time = config.timestamps == timestamp_type::log_append_time;
  out.min_insync_replicas = config.min_insync_replicas;
  out.keys_required = config.cleanup != cleanup_policy::deletion;
  return out;
}

partition_machine::partition_machine(partition_settings settings)
    : settings_(std::move(settings)) {}

void partition_machine::take(log_view_state& view, const batch_header& header, raft_index index) {
  view.next_offset = header.next_offset();
  view.index = index;
  view.producers.record(header, index);
}

void partition_machine::apply(const raft::entry& committed) {
  take(committed_, header_of(committed), committed.index);
}

std::optional<record_offset> partition_machine::last_offset_of(const raft::entry& e) const {
  if (e.type != raft::entry_type::normal)
    return std::nullopt;
  auto header = read_batch_header(e.payload);
  if (!header)
    return std::nullopt;
  return header->last_offset();
}

std::string partition_machine::snapshot() const {
  std::string out;
  fixed::put<int64_t>(out, committed_.next_offset.value());
  fixed::put<int64_t>(out, committed_.index.value());
  committed_.producers.encode(out);
  return out;
}

void partition_machine::restore(const std::string& bytes) {
  std::string_view in{bytes};
  auto next = fixed::take<int64_t>(in);
  auto index = fixed::take<int64_t>(in);
  auto producers = producer_table::decode(in);
  if (!next || !index || !producers) {
    spdlog::critical("partition snapshot of {} bytes is damaged", bytes.size());
    std::abort();
  }
  committed_ = log_view_state{record_offset{*next}, raft_index{*index}, std::move(*producers)};
  leader_.reset();
}

std::string partition_machine::describe() const {
  return "high_watermark=" + std::to_string(committed_.next_offset.value()) +
         " producers=" + std::to_string(committed_.producers.size());
}

partition_machine::leader_view& partition_machine::view_at(const leader_position& at,
                                                            const raft_log_reader& read) {
  if (leader_ && leader_->term == at.term && leader_->index == at.last_index)
    return *leader_;
  leader_view view;
  static_cast<log_view_state&>(view) = committed_;
  view.term = at.term;
  if (at.last_index > committed_.index) {
    for (const auto& e : read(committed_.index.next(), at.last_index))
      if (e.type == raft::entry_type::normal)
        take(view, header_of(e), e.index);
  }
  view.index = at.last_index;
  leader_ = std::move(view);
  return *leader_;
}

record_offset partition_machine::log_end_offset(const leader_position& at,
                                                const raft_log_reader& read) {
  return view_at(at, read).next_offset;
}

result<admission> partition_machine::admit(std::string& batch, const leader_position& at,
                                           const raft_log_reader& read, int64_t now_ms) {
  auto header = validate_record_batch(batch, settings_.limits);
  if (!header)
    return header.error();
  if (settings_.keys_required)
    if (auto keyed = check_keys(batch); !keyed)
      return keyed.error();
  auto& view = view_at(at, read);
  auto sequence = view.producers.check(*header);
  if (!sequence)
    return sequence.error();
  if (sequence->duplicate_of)
    return admission{duplicate_batch{sequence->duplicate_of->index,
                                     sequence->duplicate_of->base_offset}};
  batch_stamp stamp{view.next_offset, at.term, std::nullopt};
  if (settings_.log_append_time)
    stamp.log_append_time_ms = now_ms;
  if (auto stamped = stamp_record_batch(batch, stamp); !stamped)
    return stamped.error();
  header->base_offset = view.next_offset;
  header->term = at.term;
  take(view, *header, at.last_index.next());
  return admission{admitted_batch{*header}};
}

} // namespace strom
