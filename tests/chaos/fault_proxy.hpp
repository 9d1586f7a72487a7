#pragma once
// A TCP proxy on the links of a test cluster that does to their bytes what a
// bad network does: stalls them one way or both (a blackhole: no RST, so only
// timeouts notice, and after the heal the stalled bytes arrive as TCP's
// retransmissions would), resets every connection and refuses new ones (a
// cut), delays them with jitter (order kept, as TCP keeps it), or passes them.
// One thread serves every link with poll(); faults change from any thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace strom::testing {

// What happens to the bytes going one way of a link.
struct way_fault {
  // Nothing goes this way until the fault is lifted; nothing is lost.
  bool stalled = false;
  std::chrono::milliseconds delay_ms{0};
  // Each read's bytes wait delay_ms plus up to jitter_ms more, never
  // overtaking the bytes before them.
  std::chrono::milliseconds jitter_ms{0};
};

struct link_fault {
  // Every connection is reset and every new one refused.
  bool cut = false;
  way_fault to_listener; // from the side that dialled to the side that listens
  way_fault to_dialler;

  static link_fault healthy() { return {}; }
  static link_fault blackhole() { return {false, {true, {}, {}}, {true, {}, {}}}; }
  static link_fault reset() { return {true, {}, {}}; }
};

class fault_proxy {
public:
  explicit fault_proxy(uint64_t seed);
  ~fault_proxy();
  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  // Listens on 127.0.0.1:listen_port and forwards each connection to
  // 127.0.0.1:target_port. Throws when the port cannot be bound.
  void add_link(const std::string& name, uint16_t listen_port, uint16_t target_port);
  void set(const std::string& name, const link_fault& fault);
  link_fault fault(const std::string& name) const;
  std::vector<std::string> links() const;
  // Connections open through the link now.
  size_t connections(const std::string& name) const;

  struct state;

private:
  void run();

  std::unique_ptr<state> state_;
  std::thread thread_;
};

} // namespace strom::testing
