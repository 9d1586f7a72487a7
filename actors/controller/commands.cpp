#include "actors/controller/commands.hpp"

#include <climits>

#include "actors/controller/config_codec.hpp"
#include "actors/controller/security_codec.hpp"
#include "messages/controller.pb.h"

namespace strom {
namespace {

struct encoder {
  wire::ControllerCommand& out;

  void operator()(const create_topic_command& c) {
    auto* m = out.mutable_create_topic();
    m->set_name(c.name);
    m->set_partition_count(c.partition_count);
    m->set_replication_factor(c.replication_factor);
    to_wire(c.config, *m->mutable_config());
  }
  void operator()(const delete_topic_command& c) { out.mutable_delete_topic()->set_name(c.name); }
  void operator()(const add_partitions_command& c) {
    auto* m = out.mutable_add_partitions();
    m->set_name(c.name);
    m->set_partition_count(c.partition_count);
  }
  void operator()(const register_broker_command& c) {
    auto* m = out.mutable_register_broker();
    m->set_node_id(c.address.id.value());
    m->set_host(c.address.host);
    m->set_port(c.address.port);
  }
  void operator()(const set_broker_alive_command& c) {
    auto* m = out.mutable_set_broker_alive();
    m->set_node_id(c.id.value());
    m->set_alive(c.alive);
  }
  void operator()(const allocate_producer_id_command& c) {
    out.mutable_allocate_producer_id()->set_count(c.count);
  }
  void operator()(const upsert_user_command& c) {
    auto* m = out.mutable_upsert_user();
    m->set_name(c.name);
    to_wire(c.credential, *m->mutable_credential());
  }
  void operator()(const delete_user_command& c) { out.mutable_delete_user()->set_name(c.name); }
  void operator()(const create_acls_command& c) {
    auto* m = out.mutable_create_acls();
    for (const auto& acl : c.acls)
      to_wire(acl, *m->add_acls());
  }
  void operator()(const delete_acls_command& c) {
    to_wire(c.filter, *out.mutable_delete_acls()->mutable_filter());
  }
  void operator()(const alter_topic_config_command& c) {
    auto* m = out.mutable_alter_topic_config();
    m->set_name(c.name);
    for (const auto& change : c.changes) {
      auto* w = m->add_changes();
      w->set_key(change.key);
      w->set_op(static_cast<uint32_t>(change.op));
      w->set_value(change.value);
    }
  }
};

strom::error bad_command(const std::string& what) {
  return strom::error{errc::bad_request, "controller command: " + what};
}

result<controller_command> upsert_user_from_wire(const wire::UpsertUser& m) {
  auto credential = from_wire(m.credential());
  if (!credential)
    return credential.error();
  return controller_command{upsert_user_command{m.name(), *credential}};
}

result<controller_command> create_acls_from_wire(const wire::CreateAcls& m) {
  create_acls_command out;
  for (const auto& acl : m.acls()) {
    auto binding = from_wire(acl);
    if (!binding)
      return binding.error();
    out.acls.push_back(*binding);
  }
  return controller_command{std::move(out)};
}

result<controller_command> delete_acls_from_wire(const wire::DeleteAcls& m) {
  auto filter = filter_from_wire(m.filter());
  if (!filter)
    return filter.error();
  return controller_command{delete_acls_command{*filter}};
}

result<controller_command> alter_config_from_wire(const wire::AlterTopicConfig& m) {
  alter_topic_config_command out{m.name(), {}};
  for (const auto& w : m.changes()) {
    auto op = static_cast<config_op>(w.op());
    if (op != config_op::set && op != config_op::append && op != config_op::subtract)
      return bad_command("config operation " + std::to_string(w.op()));
    out.changes.push_back(config_change{w.key(), op, w.value()});
  }
  return controller_command{std::move(out)};
}

result<controller_command> command_from_wire(const wire::ControllerCommand& in) {
  using wire_case = wire::ControllerCommand::CommandCase;
  switch (in.command_case()) {
    case wire_case::kCreateTopic: {
      const auto& m = in.create_topic();
      auto config = from_wire(m.config());
      if (!config)
        return config.error();
      return controller_command{create_topic_command{m.name(), m.partition_count(),
                                                     m.replication_factor(), *config}};
    }
    case wire_case::kDeleteTopic:
      return controller_command{delete_topic_command{in.delete_topic().name()}};
    case wire_case::kAddPartitions:
      return controller_command{add_partitions_command{in.add_partitions().name(),
                                                       in.add_partitions().partition_count()}};
    case wire_case::kRegisterBroker: {
      const auto& m = in.register_broker();
      if (m.port() > UINT16_MAX)
        return bad_command("port " + std::to_string(m.port()));
      return controller_command{register_broker_command{
        node_address{node_id{m.node_id()}, m.host(), static_cast<uint16_t>(m.port())}}};
    }
    case wire_case::kSetBrokerAlive:
      return controller_command{set_broker_alive_command{node_id{in.set_broker_alive().node_id()},
                                                         in.set_broker_alive().alive()}};
    case wire_case::kAllocateProducerId: {
      auto count = in.allocate_producer_id().count();
      if (count < 0 || count > producer_id_block_max)
        return bad_command("producer id block of " + std::to_string(count));
      return controller_command{allocate_producer_id_command{std::max(count, 1)}};
    }
    case wire_case::kUpsertUser: return upsert_user_from_wire(in.upsert_user());
    case wire_case::kDeleteUser:
      return controller_command{delete_user_command{in.delete_user().name()}};
    case wire_case::kCreateAcls: return create_acls_from_wire(in.create_acls());
    case wire_case::kDeleteAcls: return delete_acls_from_wire(in.delete_acls());
    case wire_case::kAlterTopicConfig: return alter_config_from_wire(in.alter_topic_config());
    case wire_case::COMMAND_NOT_SET: break;
  }
  return bad_command("no command set");
}

} // namespace

std::string encode_command(const controller_command& command) {
  wire::ControllerCommand out;
  std::visit(encoder{out}, command);
  return out.SerializeAsString();
}

result<controller_command> decode_command(std::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return bad_command("larger than 2 GiB");
  wire::ControllerCommand in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return bad_command("does not parse");
  return command_from_wire(in);
}

std::string describe(const controller_command& command) {
  struct describer {
    std::string operator()(const create_topic_command& c) { return "create_topic " + c.name; }
    std::string operator()(const delete_topic_command& c) { return "delete_topic " + c.name; }
    std::string operator()(const add_partitions_command& c) {
      return "add_partitions " + c.name + " to " + std::to_string(c.partition_count);
    }
    std::string operator()(const register_broker_command& c) {
      return "register_broker " + std::to_string(c.address.id.value()) + " at "
             + c.address.to_string();
    }
    std::string operator()(const set_broker_alive_command& c) {
      return "set_broker_alive " + std::to_string(c.id.value()) + (c.alive ? " up" : " down");
    }
    std::string operator()(const allocate_producer_id_command&) { return "allocate_producer_id"; }
    // Never a credential's bytes: logs must not hold them.
    std::string operator()(const upsert_user_command& c) {
      return "upsert_user " + c.name + " (" + to_string(c.credential.mechanism) + ")";
    }
    std::string operator()(const delete_user_command& c) { return "delete_user " + c.name; }
    std::string operator()(const create_acls_command& c) {
      return "create_acls (" + std::to_string(c.acls.size()) + ")";
    }
    std::string operator()(const delete_acls_command&) { return "delete_acls"; }
    std::string operator()(const alter_topic_config_command& c) {
      std::string out = "alter_topic_config " + c.name;
      for (const auto& change : c.changes)
        out += " " + std::string{to_string(change.op)} + " " + change.key + "=" + change.value;
      return out;
    }
  };
  return std::visit(describer{}, command);
}

} // namespace strom
