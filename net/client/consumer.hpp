#pragma once
// The consumer for plain C++ code: a facade over consumer_actor, which runs
// in the application's actor system. Records are pushed to it by a session
// on each partition leader's broker, within the credit it grants, and
// handed out by poll().
//
//   consumer_config c;
//   c.group_id = "billing";
//   strom::consumer k{sys, bootstrap, c};
//   k.subscribe({"orders"});                 // or k.assign({{"orders", partition_id{0}}})
//   while (running) {
//     for (auto& r : k.poll(500ms)) ...      // in offset order per partition
//     k.commit();                           // or enable_auto_commit
//   }
//   k.close();                              // commits (auto), leaves the group
//
// Seek a partition to an offset, to earliest_offset_spec / latest_offset_spec
// or to a timestamp; pause and resume partitions; assignment() tells what it
// owns now.

#include <chrono>
#include <map>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "net/client/consumer_config.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

// Where seek() moves a partition.
struct seek_target {
  enum class kind { offset, earliest, latest, timestamp };
  kind what = kind::offset;
  int64_t value = 0; // the offset, or the timestamp in ms

  static seek_target to_offset(record_offset o) { return {kind::offset, o.value()}; }
  static seek_target to_time(int64_t ms) { return {kind::timestamp, ms}; }
  static seek_target earliest() { return {kind::earliest, 0}; }
  static seek_target latest() { return {kind::latest, 0}; }
};

class consumer {
public:
  consumer(caf::actor_system& sys, std::vector<endpoint> bootstrap, consumer_config config);
  ~consumer();
  consumer(const consumer&) = delete;
  consumer& operator=(const consumer&) = delete;

  // Joins the group (config.group_id) for these topics.
  void subscribe(std::vector<std::string> topics);
  // These partitions, no group membership, from their committed offset (if
  // a group id is set) or auto_offset_reset.
  void assign(std::vector<topic_partition> partitions);

  // Records that arrived, up to max_records, waiting up to max_wait_ms for one.
  std::vector<consumer_record> poll(std::chrono::milliseconds max_wait_ms,
                                    size_t max_records = 500);
  // Commits the position of every owned partition (the next offset to
  // poll); an error when the group refused it (illegal_generation, ...).
  caf::expected<void> commit();
  void seek(const topic_partition& partition, seek_target target);
  void pause(std::vector<topic_partition> partitions);
  void resume(std::vector<topic_partition> partitions);
  std::vector<topic_partition> assignment();
  // The next offset poll() hands out, per owned partition whose start is
  // known (a partition still looking up its committed offset is absent).
  consumer_positions positions();
  // The generation of the group this consumer last synced (-1: none).
  int32_t generation();
  // Bytes pushed to this consumer and not yet polled: at most credit_bytes
  // (plus one batch) per broker it reads from.
  uint64_t buffered_bytes();

  // Commits (with auto commit), leaves the group, stops the actor.
  void close();

  const caf::actor& handle() const { return actor_; }

private:
  caf::actor_system& sys_;
  consumer_config config_;
  caf::actor actor_;
};

} // namespace strom
