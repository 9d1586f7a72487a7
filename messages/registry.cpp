#include "messages/registry.hpp"

#include <string>
#include <vector>

#include "messages/cluster_types.hpp"
#include "messages/interfaces.hpp"
#include "messages/raft/message_bundle.hpp"
#include "messages/error_category.hpp"
#include "messages/types.hpp"

namespace strom {

namespace {

std::string render_strom_error(uint8_t code, caf::atom_value category,
                               const caf::message& context) {
  return describe(caf::error{code, category, context});
}

} // namespace

void register_messages(caf::actor_system_config& cfg) {
  cfg.add_message_type<node_id>("strom.node_id");
  cfg.add_message_type<term_id>("strom.term_id");
  cfg.add_message_type<raft_index>("strom.raft_index");
  cfg.add_message_type<record_offset>("strom.record_offset");
  cfg.add_message_type<partition_id>("strom.partition_id");
  cfg.add_message_type<group_id>("strom.group_id");
  cfg.add_message_type<node_address>("strom.node_address");
  cfg.add_message_type<member_info>("strom.member_info");
  cfg.add_message_type<std::vector<member_info>>("strom.member_info_list");
  cfg.add_message_type<ping_reply>("strom.ping_reply");
  cfg.add_message_type<node_usage>("strom.node_usage");
  cfg.add_message_type<raft::message>("strom.raft.message");
  cfg.add_message_type<raft::grouped_message>("strom.raft.grouped_message");
  cfg.add_message_type<raft::message_bundle>("strom.raft.message_bundle");
  cfg.add_message_type<replica_status>("strom.replica_status");
  cfg.add_message_type<produce_request>("strom.produce_request");
  cfg.add_message_type<produce_reply>("strom.produce_reply");
  cfg.add_message_type<fetch_request>("strom.fetch_request");
  cfg.add_message_type<fetch_reply>("strom.fetch_reply");
  cfg.add_message_type<timed_offset>("strom.timed_offset");
  cfg.add_message_type<topic_spec>("strom.topic_spec");
  cfg.add_message_type<topic_metadata>("strom.topic_metadata");
  cfg.add_message_type<topic_config>("strom.topic_config");
  cfg.add_message_type<config_change>("strom.config_change");
  cfg.add_message_type<std::vector<config_change>>("strom.config_change_list");
  cfg.add_message_type<cluster_metadata>("strom.cluster_metadata");
  cfg.add_message_type<std::vector<leader_report>>("strom.leader_report_list");
  cfg.add_message_type<topic_partition>("strom.topic_partition");
  cfg.add_message_type<std::vector<topic_partition>>("strom.topic_partition_list");
  cfg.add_message_type<join_group_request>("strom.join_group_request");
  cfg.add_message_type<join_group_reply>("strom.join_group_reply");
  cfg.add_message_type<member_ref>("strom.member_ref");
  cfg.add_message_type<member_assignment>("strom.member_assignment");
  cfg.add_message_type<std::vector<member_assignment>>("strom.member_assignments");
  cfg.add_message_type<join_group_member>("strom.join_group_member");
  cfg.add_message_type<std::vector<join_group_member>>("strom.join_group_members");
  cfg.add_message_type<sync_group_reply>("strom.sync_group_reply");
  cfg.add_message_type<commit_offsets_request>("strom.commit_offsets_request");
  cfg.add_message_type<fetch_offsets_request>("strom.fetch_offsets_request");
  cfg.add_message_type<committed_offsets>("strom.committed_offsets");
  cfg.add_message_type<std::vector<group_overview>>("strom.group_overview_list");
  cfg.add_message_type<group_description>("strom.group_description");
  cfg.add_message_type<std::vector<subscription_entry>>("strom.subscription_list");
  cfg.add_message_type<pushed_records>("strom.pushed_records");
  cfg.add_message_type<session_actor>("strom.session_actor");
  cfg.add_message_type<consumer_sink_actor>("strom.consumer_sink_actor");
  cfg.add_message_type<scram_credential>("strom.scram_credential");
  cfg.add_message_type<acl_binding>("strom.acl_binding");
  cfg.add_message_type<std::vector<acl_binding>>("strom.acl_binding_list");
  cfg.add_message_type<acl_filter>("strom.acl_filter");
  cfg.add_message_type<std::vector<user_summary>>("strom.user_summary_list");
  cfg.add_error_category(error_category_atom(), render_strom_error);
}

} // namespace strom
