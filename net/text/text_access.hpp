#pragma once
// Whether a line's command may run for the session's principal, by the
// node's authorizer, with Kafka's rules as every door applies them: PUBS
// needs write on the topic, SUBS read on the topic and the group, CONS
// read on the topic, CRTP create on the cluster or the topic, DELT delete
// on the topic. Without a principal only AUTH, HELP, STOP and QUIT run.
// Pure: the session asks it, the unit tests drive it alone.

#include <optional>

#include "messages/errors.hpp"
#include "net/door/door_security.hpp"
#include "net/text/text_command.hpp"

namespace strom {

// Nothing when it may run (always, without security); else unauthenticated
// or unauthorized, naming what was refused.
std::optional<strom::error> text_access(const door_security* security,
                                        const std::optional<door_principal>& who,
                                        const text_command& command);

} // namespace strom
