#include "net/client/endpoint.hpp"

#include <sstream>

namespace strom {

result<endpoint> parse_endpoint(const std::string& item) {
  auto colon = item.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
    return error{errc::bad_request, "'" + item + "' is not host:port"};
  auto port_text = item.substr(colon + 1);
  long port = 0;
  try {
    size_t used = 0;
    port = std::stol(port_text, &used);
    if (used != port_text.size())
      port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 1 || port > 65535)
    return error{errc::bad_request, "'" + item + "': port must be between 1 and 65535"};
  auto host = item.substr(0, colon);
  // [::1]:9301 names an IPv6 host.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return endpoint{host, static_cast<uint16_t>(port)};
}

result<std::vector<endpoint>> parse_bootstrap(const std::string& list) {
  std::vector<endpoint> out;
  std::stringstream in{list};
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty())
      continue;
    auto e = parse_endpoint(item);
    if (!e)
      return e.error();
    out.push_back(*e);
  }
  if (out.empty())
    return error{errc::bad_request, "the bootstrap list is empty"};
  return out;
}

} // namespace strom
