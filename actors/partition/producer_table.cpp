#include "actors/partition/producer_table.hpp"

#include <algorithm>
#include <limits>

#include "actors/partition/fixed_codec.hpp"

namespace strom {

namespace {

constexpr int32_t sequence_max = std::numeric_limits<int32_t>::max();

// Kafka's sequences wrap from INT32_MAX to 0.
int32_t next_sequence(int32_t sequence) {
  return sequence == sequence_max ? 0 : sequence + 1;
}

std::string producer_name(const batch_header& b) {
  return "producer " + std::to_string(b.producer.producer_id) + " epoch " +
         std::to_string(b.producer.producer_epoch);
}

error gap(const batch_header& b, int32_t expected) {
  return {errc::out_of_order_sequence, producer_name(b) + ": expected sequence " +
                                         std::to_string(expected) + ", got " +
                                         std::to_string(b.producer.base_sequence)};
}

result<sequence_check> check_same_epoch(const producer_entry& p, const batch_header& b) {
  for (const auto& r : p.recent)
    if (r.first_sequence == b.producer.base_sequence && r.last_sequence == b.last_sequence())
      return sequence_check{r};
  auto last = p.recent.empty() ? -1 : p.recent.back().last_sequence;
  if (b.producer.base_sequence == next_sequence(last))
    return sequence_check{};
  if (b.producer.base_sequence <= last)
    return error{errc::duplicate_sequence,
                 producer_name(b) + ": sequence " + std::to_string(b.producer.base_sequence) +
                   " was written before"};
  return gap(b, next_sequence(last));
}

} // namespace

result<sequence_check> producer_table::check(const batch_header& b) const {
  auto id = b.producer.id();
  if (!id)
    return sequence_check{};
  auto it = producers_.find(*id);
  if (it == producers_.end() || b.producer.producer_epoch > it->second.epoch) {
    if (b.producer.base_sequence != 0)
      return gap(b, 0);
    return sequence_check{};
  }
  if (b.producer.producer_epoch < it->second.epoch)
    return error{errc::producer_fenced, producer_name(b) + ": epoch " +
                                          std::to_string(it->second.epoch) + " is current"};
  return check_same_epoch(it->second, b);
}

void producer_table::record(const batch_header& b, raft_index index) {
  auto id = b.producer.id();
  if (!id)
    return;
  auto& p = producers_[*id];
  if (p.epoch != b.producer.producer_epoch) {
    p.epoch = b.producer.producer_epoch;
    p.recent.clear();
  }
  p.recent.push_back({b.producer.base_sequence, b.last_sequence(), b.base_offset, index});
  while (p.recent.size() > recent_batches_max)
    p.recent.pop_front();
}

const producer_entry* producer_table::find(producer_id id) const {
  auto it = producers_.find(id);
  return it == producers_.end() ? nullptr : &it->second;
}

void producer_table::encode(std::string& out) const {
  fixed::put<uint32_t>(out, static_cast<uint32_t>(producers_.size()));
  for (const auto& [id, p] : producers_) {
    fixed::put<int64_t>(out, id.value());
    fixed::put<int16_t>(out, p.epoch);
    fixed::put<uint8_t>(out, static_cast<uint8_t>(p.recent.size()));
    for (const auto& r : p.recent) {
      fixed::put<int32_t>(out, r.first_sequence);
      fixed::put<int32_t>(out, r.last_sequence);
      fixed::put<int64_t>(out, r.base_offset.value());
      fixed::put<int64_t>(out, r.index.value());
    }
  }
}

result<producer_table> producer_table::decode(std::string_view& in) {
  error truncated{errc::bad_request, "partition snapshot: producer table ends early"};
  producer_table out;
  auto count = fixed::take<uint32_t>(in);
  if (!count)
    return truncated;
  for (uint32_t i = 0; i < *count; ++i) {
    auto id = fixed::take<int64_t>(in);
    auto epoch = fixed::take<int16_t>(in);
    auto n = fixed::take<uint8_t>(in);
    if (!id || !epoch || !n)
      return truncated;
    auto& p = out.producers_[producer_id{*id}];
    p.epoch = *epoch;
    for (uint8_t j = 0; j < *n; ++j) {
      auto first = fixed::take<int32_t>(in);
      auto last = fixed::take<int32_t>(in);
      auto base = fixed::take<int64_t>(in);
      auto index = fixed::take<int64_t>(in);
      if (!first || !last || !base || !index)
        return truncated;
      p.recent.push_back({*first, *last, record_offset{*base}, raft_index{*index}});
    }
  }
  return out;
}

bool operator==(const producer_table& a, const producer_table& b) {
  if (a.producers_.size() != b.producers_.size())
    return false;
  auto same = [](const producer_batch& x, const producer_batch& y) {
    return x.first_sequence == y.first_sequence && x.last_sequence == y.last_sequence &&
           x.base_offset == y.base_offset && x.index == y.index;
  };
  for (auto ia = a.producers_.begin(), ib = b.producers_.begin(); ia != a.producers_.end();
       ++ia, ++ib) {
    if (ia->first != ib->first || ia->second.epoch != ib->second.epoch ||
        !std::equal(ia->second.recent.begin(), ia->second.recent.end(),
                    ib->second.recent.begin(), ib->second.recent.end(), same))
      return false;
  }
  return true;
}

} // namespace strom
