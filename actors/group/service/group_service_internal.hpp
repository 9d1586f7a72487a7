#pragma once
// What the files of the group service share; not for other code.

#include <functional>
#include <vector>

#include "actors/group/group_records.hpp"
#include "actors/group/service/group_board.hpp"
#include "actors/group/service/group_service.hpp"
#include "messages/error_category.hpp"

namespace strom::group_service_detail {

using self_ptr = group_service_ptr;

// The slot that coordinates `group`, loaded; or the error to answer with
// (coordinator_not_available, not_coordinator).
result<std::pair<partition_id, coordinator_slot*>> slot_for(self_ptr self,
                                                            const std::string& group);
// The group's state, created (empty, with the current topics) if new.
group_state& group_of(self_ptr self, coordinator_slot& slot, const std::string& group);

// Appends records to the slot's partition with acks=all; `done` gets the
// base offset, or the error. Not called when the slot was unloaded or
// reloaded meanwhile; `moved`, if given, is called then instead.
using write_done = std::function<void(result<record_offset>)>;
using write_moved = std::function<void()>;
void write(self_ptr self, partition_id partition, const std::vector<group_record>& records,
           write_done done, write_moved moved = nullptr);

// Answers what the group completed and writes what it has to write.
void flush(self_ptr self, partition_id partition, const std::string& group);
// Shows the group as it is now on the node's group board (/metrics).
void publish_group(self_ptr self, partition_id partition, const std::string& group);
// Calls `change` on every group of the slot, then flushes each (flushing may
// answer and write, so it runs after the loop over the map).
void change_groups(self_ptr self, partition_id partition,
                   const std::function<void(group_state&)>& change);

// Starts (again) to load the slot from its partition; pending answers fail.
void load(self_ptr self, partition_id partition);
// Forgets the slot; its pending answers fail with not_coordinator.
void unload(self_ptr self, partition_id partition, const std::string& why);
// A write failed: what is in memory may differ from the log, so read it again.
void reload_after(self_ptr self, partition_id partition, const strom::error& why);

} // namespace strom::group_service_detail
