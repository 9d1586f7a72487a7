#include "messages/error_category.hpp"

#include <caf/atom.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace strom {

caf::atom_value error_category_atom() {
  return caf::atom("strom");
}

caf::error make_error(errc code) {
  return caf::error{static_cast<uint8_t>(code), error_category_atom()};
}

caf::error make_error(errc code, std::string context) {
  return caf::error{static_cast<uint8_t>(code), error_category_atom(),
                    caf::make_message(std::move(context))};
}

caf::error make_error(const error& err) {
  if (err.message.empty())
    return make_error(err.code);
  return make_error(err.code, err.message);
}

caf::error not_leader_error(group_id group, node_id leader) {
  std::string text = "group " + std::to_string(group.value());
  text += leader.value() >= 0 ? ": leader is node " + std::to_string(leader.value())
                              : ": no leader known";
  return caf::error{static_cast<uint8_t>(errc::not_leader), error_category_atom(),
                    caf::make_message(std::move(text), leader.value())};
}

caf::error not_hosted_error(node_id node, group_id group) {
  return caf::error{static_cast<uint8_t>(errc::not_leader), error_category_atom(),
                    caf::make_message("node " + std::to_string(node.value())
                                        + " holds no replica of group "
                                        + std::to_string(group.value()),
                                      int32_t{-1})};
}

std::optional<node_id> leader_hint(const caf::error& err) {
  if (code_of(err) != errc::not_leader || !err.context().match_elements<std::string, int32_t>())
    return std::nullopt;
  auto leader = err.context().get_as<int32_t>(1);
  if (leader < 0)
    return std::nullopt;
  return node_id{leader};
}

bool is_retriable(const caf::error& err) {
  if (!err)
    return false;
  if (is_strom_error(err)) {
    switch (code_of(err)) {
      case errc::not_leader:
      case errc::no_controller:
      case errc::coordinator_not_available:
      case errc::not_coordinator:
      case errc::storage_busy:
      // A node whose disk failed stops its replicas: the partition moves to
      // another, as Kafka's retriable KAFKA_STORAGE_ERROR tells its clients.
      case errc::storage_io:
      case errc::timeout:
      case errc::unreachable:
      case errc::shutting_down:
      // Kafka's NOT_ENOUGH_REPLICAS: a follower may be back in a moment.
      case errc::not_enough_replicas:
        return true;
      default:
        return false;
    }
  }
  if (err.category() != caf::atom("system"))
    return false;
  switch (static_cast<caf::sec>(err.code())) {
    case caf::sec::request_timeout:
    case caf::sec::request_receiver_down:
    case caf::sec::cannot_connect_to_node:
    case caf::sec::no_route_to_receiving_node:
      return true;
    default:
      return false;
  }
}

bool is_strom_error(const caf::error& err) {
  return err && err.category() == error_category_atom();
}

errc code_of(const caf::error& err) {
  return is_strom_error(err) ? static_cast<errc>(err.code()) : errc::ok;
}

std::optional<error> to_plain_error(const caf::error& err) {
  if (!is_strom_error(err))
    return std::nullopt;
  error plain{code_of(err), {}};
  if (err.context().size() > 0 && err.context().match_element<std::string>(0))
    plain.message = err.context().get_as<std::string>(0);
  return plain;
}

std::string describe(const caf::error& err) {
  if (!err)
    return "ok";
  if (auto plain = to_plain_error(err))
    return plain->describe();
  if (err.category() == caf::atom("system"))
    return caf::to_string(static_cast<caf::sec>(err.code()));
  return caf::to_string(err);
}

} // namespace strom
