#include "tests/chaos/jepsen/injector.hpp"

#include <signal.h>

#include <fstream>
#include <thread>

namespace strom::testing::jepsen {

namespace {

using namespace std::chrono_literals;

link_fault jittery() {
  link_fault f;
  f.to_listener = {false, 20ms, 60ms};
  f.to_dialler = {false, 20ms, 60ms};
  return f;
}

} // namespace

void set_clock_offset(const std::string& time_file, const std::string& offset) {
  std::ofstream{time_file} << offset << "\n";
}

void injector::run(const fault& f) {
  std::this_thread::sleep_for(f.gap_ms);
  events_.add("fault: " + f.describe());
  put_on(f);
  std::this_thread::sleep_for(f.hold_ms);
  heal(f);
  events_.add("healed: " + std::string{to_string(f.kind)});
  ++counts_[f.kind];
}

void injector::put_on(const fault& f) {
  auto& net = rig_.network;
  switch (f.kind) {
    case fault_kind::partition_blackhole: net.set_peer(f.a, f.b, link_fault::blackhole()); break;
    case fault_kind::partition_reset: net.set_peer(f.a, f.b, link_fault::reset()); break;
    case fault_kind::one_way: net.stall_way(f.a, f.b, true); break;
    case fault_kind::peer_delay: net.set_peer(f.a, f.b, jittery()); break;
    case fault_kind::isolate: net.isolate(f.a); break;
    case fault_kind::client_delay:
      net.proxy().set(proxied_network::client_link(f.a), jittery());
      break;
    case fault_kind::client_reset:
      net.proxy().set(proxied_network::client_link(f.a), link_fault::reset());
      break;
    case fault_kind::kill:
    case fault_kind::power_cut: take_down(f.a, f); break;
    case fault_kind::pause: rig_.cluster.signal(f.a, SIGSTOP); break;
    case fault_kind::clock_step:
      set_clock_offset(rig_.time_file(f.a), (f.clock_step_minutes > 0 ? "+" : "")
                                              + std::to_string(f.clock_step_minutes) + "m");
      break;
  }
}

void injector::take_down(node_id n, const fault& f) {
  rig_.cluster.signal(n, SIGKILL);
  rig_.cluster.reap(n);
  if (f.kind != fault_kind::power_cut)
    return;
  auto& mount = *rig_.mounts.at(n);
  mount.cut(f.torn ? power_cut::torn : power_cut::drop);
  mount.mount(++mounts_made_);
}

void injector::heal(const fault& f) {
  switch (f.kind) {
    case fault_kind::kill:
    case fault_kind::power_cut: rig_.cluster.start(f.a); break;
    case fault_kind::pause: rig_.cluster.signal(f.a, SIGCONT); break;
    case fault_kind::clock_step: break; // a stepped clock stays stepped
    default: rig_.network.heal(); break;
  }
}

} // namespace strom::testing::jepsen
