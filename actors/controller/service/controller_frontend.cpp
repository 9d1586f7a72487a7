// The controller's frontend: requests in. Metadata is answered from this
// node's copy of the table. A topic operation on the controller leader is
// validated, proposed to raft group 0 and answered once applied; on any
// other node it is forwarded to the leader (from a node without a
// controller replica, to any controller node) and answered once this node's
// own table shows it, so that a client reads its own writes.

#include "actors/controller/service/controller_internal.hpp"
#include "actors/controller/service/controller_requests.hpp"
#include "messages/error_category.hpp"

namespace strom::controller_detail {

void propose(self_ptr self, std::vector<controller_command> commands, effect_handler done) {
  auto& st = self->state;
  std::vector<std::string> payloads;
  for (const auto& c : commands)
    payloads.push_back(encode_command(c));
  self->request(st.controller, st.settings.request_timeout_ms, propose_atom::value,
                std::move(payloads))
    .then(
      [self, done](raft_index index) {
        auto& outcomes = self->state.outcomes;
        auto it = outcomes.find(index);
        if (it == outcomes.end())
          done(strom::error{errc::no_controller, "the command's outcome was not kept"});
        else
          done(it->second);
      },
      [done](caf::error& err) { done(from_caf(err)); });
}

std::optional<broker_actor> forward_target(self_ptr self) {
  auto& st = self->state;
  auto leader = st.leaders.leaders().find(controller_group);
  if (leader != st.leaders.leaders().end()) {
    if (auto it = st.peers.find(leader->second.first); it != st.peers.end())
      return it->second;
  }
  if (st.controller)
    return std::nullopt;
  for (const auto& [id, peer] : st.peers)
    if (st.settings.controllers.count(id) != 0)
      return peer;
  return std::nullopt;
}

namespace {

using topic_promise = caf::typed_response_promise<topic_metadata>;

void deliver_topic(self_ptr self, topic_promise& promise, const std::string& name) {
  auto topic = self->state.table.describe_topic(name);
  if (!topic)
    promise.deliver(make_error(topic.error()));
  else
    promise.deliver(to_metadata(*topic, self->state.leaders.leaders()));
}

// Groups map onto partitions of __consumer_offsets by its partition count,
// and its records are the coordinators' own: no client changes it.
caf::error internal_topic_error(const std::string& name) {
  return make_error(errc::bad_request, "topic '" + name + "' is internal to strom");
}

} // namespace

caf::result<topic_metadata> create_topic(self_ptr self, topic_spec& spec) {
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(spec.name, 1),
                                         create_topic_atom::value, spec);
  auto name = spec.name;
  auto command = to_command(spec, self->state.settings.defaults);
  if (!command)
    return make_error(command.error());
  return run_command<topic_metadata>(self, *command,
                                     [name](self_ptr s, topic_promise& p, const apply_effect&) {
                                       deliver_topic(s, p, name);
                                     });
}

caf::result<topic_metadata> add_partitions(self_ptr self, std::string& name, int32_t count) {
  if (name == offsets_topic_name)
    return internal_topic_error(name);
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(name, count),
                                         add_partitions_atom::value, name, count);
  return run_command<topic_metadata>(self, add_partitions_command{name, count},
                                     [name](self_ptr s, topic_promise& p, const apply_effect&) {
                                       deliver_topic(s, p, name);
                                     });
}

namespace {

// remove resets a key to the cluster's default: the proposer, who knows the
// defaults, turns it into a set of that value, so the log says what to set.
result<std::vector<config_change>> resolved_changes(std::vector<config_change> changes,
                                                    const topic_config& defaults) {
  if (changes.empty())
    return strom::error{errc::invalid_config, "no topic config to change"};
  for (auto& change : changes) {
    if (change.op != config_op::remove)
      continue;
    auto text = config_text_of(defaults, change.key);
    if (!text)
      return strom::error{errc::invalid_config, "unknown topic config " + change.key};
    change = config_change{change.key, config_op::set, *text};
  }
  return changes;
}

// The forwarded alter is answered once this node's table has the config the
// leader answered with.
table_waiters::ready_fn shows_config(const topic_metadata& altered) {
  return [name = altered.name, config = altered.config](const topic_table& table) {
    const auto* topic = table.find_topic(name);
    return topic == nullptr || topic->config == config;
  };
}

} // namespace

caf::result<topic_metadata> alter_configs(self_ptr self, std::string& name,
                                          std::vector<config_change>& changes) {
  if (name == offsets_topic_name)
    return internal_topic_error(name);
  if (!leads_controller(self))
    return forward_until_reply<topic_metadata>(self, shows_config, alter_configs_atom::value,
                                               name, changes);
  const auto* topic = self->state.table.find_topic(name);
  if (topic == nullptr)
    return make_error(errc::unknown_topic, "topic " + name);
  auto resolved = resolved_changes(
    changes, self->state.settings.defaults.config_for(topic->replication_factor));
  if (!resolved)
    return make_error(resolved.error());
  return run_command<topic_metadata>(self, alter_topic_config_command{name, *resolved},
                                     [name](self_ptr s, topic_promise& p, const apply_effect&) {
                                       deliver_topic(s, p, name);
                                     });
}

caf::result<topic_metadata> delete_topic(self_ptr self, std::string& name) {
  if (name == offsets_topic_name)
    return internal_topic_error(name);
  if (!leads_controller(self))
    return forward_until<topic_metadata>(self, table_waiters::shows_topic(name, 0),
                                         delete_topic_atom::value, name);
  auto before = self->state.table.describe_topic(name);
  if (!before)
    return make_error(before.error());
  auto gone = to_metadata(*before, self->state.leaders.leaders());
  return run_command<topic_metadata>(self, delete_topic_command{name},
                                     [gone](self_ptr, topic_promise& p, const apply_effect&) {
                                       p.deliver(gone);
                                     });
}

caf::result<cluster_metadata> metadata(self_ptr self, const std::vector<std::string>& names) {
  auto& st = self->state;
  auto out = describe_cluster(st.table, names, st.leaders.leaders());
  if (!out)
    return make_error(out.error());
  out->controller_applied = st.applied;
  return std::move(*out);
}

} // namespace strom::controller_detail
