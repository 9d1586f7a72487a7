#include "launcher/local_host.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <unistd.h>

#include <cstring>
#include <set>

namespace strom {

namespace {

std::string numeric_address(const sockaddr* sa) {
  char buffer[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buffer, sizeof buffer);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buffer,
              sizeof buffer);
  return buffer;
}

std::set<std::string> interface_addresses() {
  std::set<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0)
    return out;
  for (auto* i = list; i != nullptr; i = i->ifa_next)
    if (i->ifa_addr != nullptr)
      out.insert(numeric_address(i->ifa_addr));
  freeifaddrs(list);
  return out;
}

bool is_loopback(const sockaddr* sa) {
  if (sa->sa_family == AF_INET)
    return (ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family == AF_INET6)
    return IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
  return false;
}

} // namespace

bool is_local_host(const std::string& host) {
  char name[256] = {0};
  if (gethostname(name, sizeof name - 1) == 0 && host == name)
    return true;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0)
    return false;
  auto mine = interface_addresses();
  bool local = false;
  for (auto* a = found; a != nullptr && !local; a = a->ai_next)
    local = is_loopback(a->ai_addr) || mine.count(numeric_address(a->ai_addr)) > 0;
  freeaddrinfo(found);
  return local;
}

} // namespace strom
