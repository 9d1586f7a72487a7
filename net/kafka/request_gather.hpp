#pragma once
// One answer from many calls: a request that names several groups (or
// members) asks the node once per name and answers when every call is
// back. Results are kept in request order, each call filling its own.

#include <memory>
#include <vector>

#include "net/kafka/kafka_session.hpp"

namespace strom::kafka_session_detail {

template <class Result>
struct request_gather {
  kafka::request_header header;
  std::vector<Result> results;
  size_t waiting = 1; // held until every call has started
};

template <class Result>
std::shared_ptr<request_gather<Result>> start_gather(const kafka::request_header& header) {
  auto g = std::make_shared<request_gather<Result>>();
  g->header = header;
  return g;
}

// One call is back (or, the last time, every call has started): the answer
// goes out once nothing is waiting.
template <class Result, class Write>
void finish_one(kafka_session_ptr self, response_slot slot,
                const std::shared_ptr<request_gather<Result>>& g, Write write) {
  if (--g->waiting == 0)
    deliver(self, slot, g->header, write(g->header.api_version, g->results));
}

} // namespace strom::kafka_session_detail
