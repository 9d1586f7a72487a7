#include "net/http/http_status_of.hpp"

#include <caf/sec.hpp>

#include "messages/error_category.hpp"

namespace strom {

namespace {

// What a client should retry once a leader, coordinator or controller is
// known, or the node is less busy (a timeout has its own status).
bool unavailable(errc code) {
  return code == errc::rebalance_in_progress ||
         (code != errc::timeout && is_retriable(make_error(code)));
}

int request_status(errc code) {
  switch (code) {
    case errc::not_found:
    case errc::unknown_topic:
    case errc::unknown_partition:
    case errc::unknown_member:
      return 404;
    case errc::topic_exists:
    case errc::non_empty_group:
    case errc::illegal_generation:
    case errc::producer_fenced:
    case errc::fenced_instance_id:
    case errc::out_of_order_sequence:
    case errc::group_max_size_reached:
      return 409;
    case errc::unauthenticated:
      return 401;
    case errc::unauthorized:
      return 403;
    case errc::record_too_large:
      return 413;
    case errc::offset_out_of_range:
      return 416;
    case errc::storage_full:
      return 507;
    case errc::timeout:
      return 504;
    default:
      return 400;
  }
}

} // namespace

int http_status_of(errc code) {
  if (code == errc::ok)
    return 200;
  if (unavailable(code))
    return 503;
  if (is_node_fault(code))
    return 500;
  return request_status(code);
}

http_error http_error_of(errc code, std::string message) {
  return {http_status_of(code), to_string(code), std::move(message)};
}

http_error http_error_of(const caf::error& err) {
  if (auto plain = to_plain_error(err))
    return http_error_of(plain->code, plain->describe());
  if (err == caf::sec::request_timeout)
    return http_error_of(errc::timeout, "timeout: " + describe(err));
  if (is_retriable(err))
    return http_error_of(errc::unreachable, "unreachable: " + describe(err));
  return {500, "internal", describe(err)};
}

} // namespace strom
