#pragma once
// `cluster`: each node as the node asked sees it (up or down, since when),
// whether the controller counts it alive, and who leads the controller.

#include "launcher/console_session.hpp"

namespace strom {

console_command cluster_command(console_context& context);

} // namespace strom
