// ListGroups, DescribeGroups and DeleteGroups through the Kafka door: each
// is what the node's group service holds (the groups this node
// coordinates; NOT_COORDINATOR for another's, and the tool asks that one).

#include <algorithm>

#include "messages/atoms.hpp"
#include "messages/error_category.hpp"
#include "net/kafka/group_listing_api.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/partition_routes.hpp"
#include "net/kafka/request_gather.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

// Kafka answers an unknown group as Dead, without an error.
error_code describe_error(const caf::error& err) {
  return code_of(err) == errc::not_found ? error_code::none : kafka::kafka_code_of(err, true);
}

std::string write_described(int16_t version, const std::vector<kafka::described_group>& g) {
  return kafka::write_describe_groups(version, g);
}

std::string write_deleted(int16_t version,
                          const std::vector<std::pair<std::string, error_code>>& g) {
  return kafka::write_delete_groups(version, g);
}

} // namespace

void list_groups(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto request = kafka::read_list_groups(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto header = r.header;
  self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                list_groups_atom::value)
    .then(
      [self, slot, header, asked = *request](std::vector<group_overview> groups) {
        // Kafka's rule: the groups one may describe.
        groups.erase(std::remove_if(groups.begin(), groups.end(),
                                    [self](const group_overview& g) {
                                      return !may(self, acl_operation::describe,
                                                  resource_type::group, g.group);
                                    }),
                     groups.end());
        deliver(self, slot, header,
                kafka::write_list_groups(header.api_version, error_code::none, groups, asked));
      },
      [self, slot, header](const caf::error& err) {
        deliver(self, slot, header,
                kafka::write_list_groups(header.api_version, kafka::kafka_code_of(err, true), {}));
      });
}

void describe_groups(kafka_session_ptr self, response_slot slot,
                     const kafka::parsed_request& r) {
  auto request = kafka::read_describe_groups(r.header.api_version, r.body);
  if (!request)
    return refuse(self, request.error().message);
  auto g = start_gather<kafka::described_group>(r.header);
  g->results.resize(request->groups.size());
  for (size_t i = 0; i < request->groups.size(); ++i) {
    auto& out = g->results[i];
    out.name = request->groups[i];
    if (!may(self, acl_operation::describe, resource_type::group, out.name)) {
      out.error = error_code::group_authorization_failed;
      continue;
    }
    ++g->waiting;
    self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                  describe_group_atom::value, out.name)
      .then(
        [self, slot, g, &out](const group_description& d) {
          out.description = d;
          finish_one(self, slot, g, write_described);
        },
        [self, slot, g, &out](const caf::error& err) {
          out.error = describe_error(err);
          finish_one(self, slot, g, write_described);
        });
  }
  finish_one(self, slot, g, write_described);
}

void delete_groups(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto names = kafka::read_delete_groups(r.header.api_version, r.body);
  if (!names)
    return refuse(self, names.error().message);
  using result_type = std::pair<std::string, error_code>;
  auto g = start_gather<result_type>(r.header);
  for (const auto& name : *names)
    g->results.push_back({name, error_code::none});
  for (auto& out : g->results) {
    if (!may(self, acl_operation::remove, resource_type::group, out.first)) {
      out.second = error_code::group_authorization_failed;
      continue;
    }
    ++g->waiting;
    self->request(self->state.context.broker, self->state.context.config.request_timeout_ms,
                  delete_group_atom::value, out.first)
      .then([self, slot, g] { finish_one(self, slot, g, write_deleted); },
            [self, slot, g, &out](const caf::error& err) {
              out.second = kafka::kafka_code_of(err, true);
              finish_one(self, slot, g, write_deleted);
            });
  }
  finish_one(self, slot, g, write_deleted);
}

} // namespace strom::kafka_session_detail
