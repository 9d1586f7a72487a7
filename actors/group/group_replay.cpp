#include "actors/group/group_replay.hpp"

namespace strom {
namespace {

struct applier {
  coordinator_state& state;
  int64_t now_ms;
  const replay_settings& settings;

  void operator()(const group_snapshot& snapshot) {
    state.groups.erase(snapshot.group);
    state.groups.emplace(snapshot.group,
                         group_state::restore(snapshot, now_ms, settings.groups));
  }
  void operator()(const group_deleted& deleted) { state.groups.erase(deleted.group); }
  void operator()(const offset_commit& commit) { state.offsets.apply(commit); }
  void operator()(const offset_deleted& deleted) { state.offsets.erase(deleted.key); }
  void operator()(const coordinator_marker&) {}
};

} // namespace

result<void> replay_record(coordinator_state& state, const group_record& record, int64_t now_ms,
                           const replay_settings& settings) {
  auto content = decode_group_record(record);
  if (!content)
    return content.error();
  std::visit(applier{state, now_ms, settings}, *content);
  return {};
}

result<coordinator_state> replay(const std::vector<group_record>& records, int64_t now_ms,
                                 const replay_settings& settings) {
  coordinator_state state{{}, offset_table{settings.offsets}};
  for (size_t i = 0; i < records.size(); ++i) {
    auto applied = replay_record(state, records[i], now_ms, settings);
    if (!applied)
      return strom::error{applied.error().code,
                          "record " + std::to_string(i) + ": " + applied.error().message};
  }
  return state;
}

} // namespace strom
