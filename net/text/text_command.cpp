#include "net/text/text_command.hpp"

namespace strom {

bool runs_alone(const text_command& command) {
  return !std::holds_alternative<publish_command>(command) &&
         !std::holds_alternative<help_command>(command);
}

} // namespace strom
