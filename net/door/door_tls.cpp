#include "net/door/door_tls.hpp"

namespace strom {

result<tls_server_context> door_tls_context(const door_security& security) {
  return tls_server_context::create(
    {security.tls, security.mechanisms == std::vector<std::string>{"mtls"}});
}

std::optional<door_principal> certificate_principal(const door_security& security,
                                                    const tls_channel& channel,
                                                    const std::string& host) {
  if (!security.takes("mtls") || !channel.established())
    return std::nullopt;
  auto name = channel.peer_common_name();
  if (!name)
    return std::nullopt;
  return door_principal{user_principal(*name), host};
}

} // namespace strom
