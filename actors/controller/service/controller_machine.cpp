#include "actors/controller/service/controller_machine.hpp"

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

namespace strom {

void controller_machine::apply(const raft::entry& committed) {
  // A command that fails here fails alike on every node (a topic created
  // twice concurrently): the service reports it to the proposer.
  (void)table_.apply(committed.payload);
  ++applied_;
  caf::anon_send(service_, applied_atom::value, committed.index, committed.payload);
}

void controller_machine::restore(const std::string& bytes) {
  auto table = topic_table::restore(bytes);
  if (!table) {
    spdlog::critical("controller snapshot is damaged: {}", table.error().describe());
    std::abort();
  }
  table_ = std::move(*table);
  caf::anon_send(service_, metadata_push_atom::value, restored_snapshot_index, bytes);
}

std::string controller_machine::describe() const {
  return "topics=" + std::to_string(table_.list_topics().size()) +
         " commands=" + std::to_string(applied_);
}

} // namespace strom
