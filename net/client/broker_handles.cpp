#include "net/client/broker_handles.hpp"

namespace strom {

caf::expected<broker_actor> broker_handles::at(const endpoint& e) {
  auto key = e.to_string();
  if (auto it = handles_.find(key); it != handles_.end())
    return it->second;
  auto broker = connect_broker(sys_, e, timeout_ms_);
  if (broker)
    handles_[key] = *broker;
  return broker;
}

} // namespace strom
