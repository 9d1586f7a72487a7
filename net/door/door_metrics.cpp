#include "net/door/door_metrics.hpp"

namespace strom {

door_connection::door_connection(const char* door) {
  if (!metrics::enabled())
    return;
  auto& r = metrics::global();
  metrics::label_set labels{{"door", door}};
  r.get_counter("strom_door_connections_accepted_total", "Connections a door accepted.", labels)
    .add();
  open_ = &r.get_gauge("strom_door_connections", "Connections open at a door.", labels);
  open_->add(1);
}

door_connection::~door_connection() {
  if (open_ != nullptr)
    open_->add(-1);
}

void count_door_request(const char* door, const std::string& status) {
  if (!metrics::enabled())
    return;
  metrics::global()
    .get_counter("strom_door_requests_total", "Requests a door answered, by outcome.",
                 {{"door", door}, {"status", status}})
    .add();
}

} // namespace strom
