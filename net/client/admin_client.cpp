#include "net/client/admin_client.hpp"

#include "messages/error_category.hpp"
#include "net/client/blocking_request.hpp"
#include "net/client/broker_connect.hpp"

namespace strom {

namespace {

// Partition leaders move during elections: retry within the admin timeout.
session_config leader_session_config(std::chrono::milliseconds timeout_ms) {
  session_config config;
  config.request_timeout_ms = timeout_ms;
  config.retry_timeout_ms = timeout_ms;
  return config;
}

} // namespace

admin_client::admin_client(caf::actor_system& sys, std::vector<endpoint> bootstrap,
                           std::chrono::milliseconds timeout_ms)
    : sys_(sys),
      bootstrap_(std::move(bootstrap)),
      timeout_ms_(timeout_ms),
      nodes_(sys, timeout_ms),
      leaders_(sys, bootstrap_, leader_session_config(timeout_ms)) {}

std::optional<endpoint> admin_client::current() const {
  if (!broker_)
    return std::nullopt;
  return bootstrap_[current_];
}

caf::expected<broker_actor> admin_client::connect_to(const endpoint& e) {
  return connect_broker(sys_, e, timeout_ms_);
}

caf::expected<endpoint> admin_client::connect() {
  if (broker_)
    return bootstrap_[current_];
  std::string failures;
  caf::error refusal;
  for (size_t i = 0; i < bootstrap_.size(); ++i) {
    auto index = (current_ + i) % bootstrap_.size();
    auto b = connect_to(bootstrap_[index]);
    if (b) {
      broker_ = std::move(*b);
      current_ = index;
      return bootstrap_[index];
    }
    if (is_strom_error(b.error()) && code_of(b.error()) == errc::unauthenticated)
      refusal = b.error();
    failures += (failures.empty() ? "" : "; ") + describe(b.error());
  }
  // A node that turned the credentials away says more than the others' silence.
  if (refusal)
    return refusal;
  return make_error(errc::unreachable, "no node answered (" + failures + ")");
}

template <class Result, class... Ts>
caf::expected<Result> admin_client::ask(Ts&&... xs) {
  if (auto c = connect(); !c)
    return std::move(c.error());
  auto out = request_blocking<Result>(sys_, broker_, timeout_ms_, std::forward<Ts>(xs)...);
  if (!out && !is_strom_error(out.error())) {
    // The node may be gone: the next call starts again from the next endpoint.
    broker_ = nullptr;
    current_ = (current_ + 1) % bootstrap_.size();
  }
  return out;
}

template <class Result, class... Ts>
caf::expected<Result> admin_client::ask_any_node(const Ts&... xs) {
  auto out = ask<Result>(xs...);
  // A query changes nothing, so when the node in use went away it is
  // asked again of the next node that answers, once, rather than failing.
  if (!out && !is_strom_error(out.error()) && bootstrap_.size() > 1)
    out = ask<Result>(xs...);
  return out;
}

caf::expected<std::vector<member_info>> admin_client::members() {
  return ask_any_node<std::vector<member_info>>(members_atom::value);
}

caf::expected<replica_status> admin_client::status(group_id group) {
  return ask_any_node<replica_status>(status_atom::value, group);
}

caf::expected<raft_index> admin_client::propose(group_id group,
                                                std::vector<std::string> payloads) {
  return ask<raft_index>(propose_atom::value, group, std::move(payloads));
}

caf::expected<cluster_metadata> admin_client::metadata(std::vector<std::string> topics) {
  return ask_any_node<cluster_metadata>(metadata_atom::value, topics);
}

caf::expected<topic_metadata> admin_client::create_topic(topic_spec spec) {
  return ask<topic_metadata>(create_topic_atom::value, std::move(spec));
}

caf::expected<topic_metadata> admin_client::delete_topic(std::string name) {
  return ask<topic_metadata>(delete_topic_atom::value, std::move(name));
}

caf::expected<topic_metadata> admin_client::add_partitions(std::string name,
                                                           int32_t partition_count) {
  return ask<topic_metadata>(add_partitions_atom::value, std::move(name), partition_count);
}

caf::expected<topic_metadata> admin_client::alter_configs(std::string name,
                                                          std::vector<config_change> changes) {
  return ask<topic_metadata>(alter_configs_atom::value, std::move(name), std::move(changes));
}

caf::expected<producer_id> admin_client::allocate_producer_id() {
  auto answer = ask<int64_t>(producer_id_atom::value);
  if (!answer)
    return std::move(answer.error());
  if (*answer < 0)
    return make_error(errc::no_controller, "the controller allocated no producer id");
  return producer_id{*answer};
}

caf::expected<broker_actor> admin_client::broker() {
  if (auto c = connect(); !c)
    return std::move(c.error());
  return broker_;
}

// Users and ACLs: each change a request the controller leader runs (the node
// asked forwards it), each list asked of any node.
caf::expected<void> admin_client::upsert_user(std::string name, scram_credential credential) {
  return ask<void>(upsert_user_atom::value, std::move(name), std::move(credential));
}

caf::expected<void> admin_client::delete_user(std::string name) {
  return ask<void>(delete_user_atom::value, std::move(name));
}

caf::expected<std::vector<user_summary>> admin_client::list_users() {
  return ask_any_node<std::vector<user_summary>>(list_users_atom::value);
}

caf::expected<void> admin_client::create_acls(std::vector<acl_binding> acls) {
  return ask<void>(create_acls_atom::value, std::move(acls));
}

caf::expected<std::vector<acl_binding>> admin_client::delete_acls(acl_filter filter) {
  return ask<std::vector<acl_binding>>(delete_acls_atom::value, std::move(filter));
}

caf::expected<std::vector<acl_binding>> admin_client::list_acls(acl_filter filter) {
  return ask_any_node<std::vector<acl_binding>>(list_acls_atom::value, filter);
}

} // namespace strom
