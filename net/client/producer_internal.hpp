#pragma once
// The producer actor's parts, one file each: accepting and reporting
// records (producer_actor.cpp), sealing batches on time (producer_pump.cpp),
// sending them and handling the answers (producer_requests.cpp), metadata
// and the producer id (producer_metadata.cpp).

#include "net/client/broker_connect.hpp"
#include "net/client/producer_actor.hpp"

namespace strom::producer_detail {

// --- producer_actor.cpp
// What the partitioner needs of a topic: its size, the partitions with a leader.
topic_partitions partitions_of(const topic_metadata& t);
// Puts a record whose topic is known into its partition's batcher.
void route(producer_ptr self, unresolved_record r);
// Tells the record's callback and settles flushes waiting for it.
void report(producer_ptr self, uint64_t token, const delivery_report& r);
void report_failure(producer_ptr self, const std::string& topic, partition_id p,
                    uint64_t token, caf::error err);
// Answers the flushes whose records are all reported (and sent, for acks=0).
void settle_flushes(producer_ptr self);

// --- producer_pump.cpp
// Expires what waited too long, seals what is due, sends it, re-arms the timer.
void pump(producer_ptr self);
batcher_limits limits_of(producer_ptr self, const std::string& topic);
// What a record gets that was not delivered within delivery_timeout_ms.
caf::error delivery_timed_out(const producer_config& config);

// --- producer_requests.cpp
// A batch just sealed goes to the leader (unless the slot is backing off:
// then it goes with the rest when the backoff ends).
void send_batch(producer_ptr self, partition_slot& slot, sealed_batch& batch);
// The backoff ended: every batch in flight goes again, in order.
void resend_all(producer_ptr self, partition_slot& slot);
// The oldest batch in flight was given up on: every record in it fails
// with `err`; the batches behind it go again.
void abandon_batch(producer_ptr self, partition_slot& slot, caf::error err);

// --- producer_metadata.cpp
// Asks for the topic's metadata unless a request or its retry is pending.
void refresh(producer_ptr self, const std::string& topic);
void ask_producer_id(producer_ptr self);

} // namespace strom::producer_detail
