#pragma once
// Back-pressure of an io-broker door: a connection's socket is read only
// while its session can take more requests (CAF's halt/trigger), so that a
// client pipelining without bound is slowed, not buffered.

#include <caf/io/broker.hpp>

namespace strom {

// Reads `connection` if `wanted`, stops reading it otherwise; `reading`
// remembers which, so that CAF is told only of changes.
template <class Broker>
void steer_reading(Broker* self, caf::io::connection_handle connection, bool& reading,
                   bool wanted) {
  if (wanted == reading)
    return;
  reading = wanted;
  if (wanted)
    self->trigger(connection);
  else
    self->halt(connection);
}

} // namespace strom
