#include "launcher/interrupt_guard.hpp"

#include <atomic>

namespace strom {

namespace {

std::atomic<bool> interrupt_seen{false};

void on_interrupt(int) {
  interrupt_seen = true;
}

} // namespace

interrupt_guard::interrupt_guard() {
  interrupt_seen = false;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

interrupt_guard::~interrupt_guard() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

bool interrupt_guard::interrupted() {
  return interrupt_seen;
}

} // namespace strom
