#include "tests/chaos/fault_proxy.hpp"
#include "tests/support/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>

namespace strom::testing {

namespace {

using clock_type = std::chrono::steady_clock;

// Bytes read from one side and waiting to be written to the other, per way:
// beyond this the proxy stops reading and TCP pushes back on the sender.
constexpr size_t queued_bytes_max = 1 << 20;
constexpr size_t read_bytes_max = 64 << 10;

struct chunk {
  clock_type::time_point due;
  std::string bytes;
  size_t sent = 0;
};

// One way of a connection: read from `from`, written to `to`.
struct pipe_way {
  int from = -1;
  int to = -1;
  std::deque<chunk> queue;
  size_t queued_bytes = 0;
  clock_type::time_point last_due;
  bool eof = false;      // `from` sent FIN
  bool shut = false;     // FIN passed on to `to`
};

struct connection {
  int dialler = -1;
  int listener = -1;
  pipe_way to_listener;
  pipe_way to_dialler;
  bool dead = false;
};

struct link_entry {
  int listen_fd = -1;
  uint16_t target_port = 0;
  link_fault fault;
  std::vector<std::unique_ptr<connection>> connections;
};

void close_with_reset(int fd) {
  if (fd < 0)
    return;
  linger hard{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::close(fd);
}

void make_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int listen_on(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  auto a = loopback_address(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    throw std::runtime_error("fault_proxy: cannot listen on port " + std::to_string(port));
  }
  make_nonblocking(fd);
  return fd;
}

// Loopback answers a connect at once: accepted or refused.
int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto a = loopback_address(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  make_nonblocking(fd);
  return fd;
}

// The proxy must not add Nagle's delay to the one it was told to add.
void no_delay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// What poll() watches, and for which way of which connection.
struct watch {
  connection* conn = nullptr; // null: a listening socket or the wake pipe
  pipe_way* way = nullptr;
  link_entry* link = nullptr;
  bool reading = false;
};

} // namespace

struct fault_proxy::state {
  mutable std::mutex mutex;
  std::map<std::string, link_entry> links;
  std::mt19937_64 random;
  int wake[2] = {-1, -1};
  std::atomic<bool> stopping{false};

  void poke() const {
    char byte = 1;
    [[maybe_unused]] auto n = ::write(wake[1], &byte, 1);
  }

  const way_fault& fault_of(const link_entry& l, const connection& c, const pipe_way& w) const {
    return &w == &c.to_listener ? l.fault.to_listener : l.fault.to_dialler;
  }

  clock_type::time_point due_after(const way_fault& f, clock_type::time_point after) {
    auto jitter = f.jitter_ms.count() > 0
                    ? std::chrono::milliseconds{random() % (f.jitter_ms.count() + 1)}
                    : std::chrono::milliseconds{0};
    return std::max(after, clock_type::now() + f.delay_ms + jitter);
  }
};

namespace {

void kill_connection(connection& c) {
  close_with_reset(c.dialler);
  close_with_reset(c.listener);
  c.dialler = c.listener = -1;
  c.dead = true;
}

void accept_on(link_entry& l) {
  int fd = ::accept4(l.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0)
    return;
  int target = l.fault.cut ? -1 : connect_to(l.target_port);
  if (target < 0) {
    close_with_reset(fd);
    return;
  }
  make_nonblocking(fd);
  no_delay(fd);
  no_delay(target);
  auto c = std::make_unique<connection>();
  c->dialler = fd;
  c->listener = target;
  c->to_listener.from = fd;
  c->to_listener.to = target;
  c->to_dialler.from = target;
  c->to_dialler.to = fd;
  c->to_listener.last_due = c->to_dialler.last_due = clock_type::now();
  l.connections.push_back(std::move(c));
}

void read_way(fault_proxy::state& s, const link_entry& l, connection& c, pipe_way& w) {
  std::string buffer(read_bytes_max, '\0');
  auto n = ::recv(w.from, buffer.data(), buffer.size(), 0);
  if (n == 0) {
    w.eof = true;
    return;
  }
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR)
      kill_connection(c);
    return;
  }
  buffer.resize(static_cast<size_t>(n));
  auto due = s.due_after(s.fault_of(l, c, w), w.last_due);
  w.last_due = due;
  w.queued_bytes += buffer.size();
  w.queue.push_back(chunk{due, std::move(buffer)});
}

void write_way(connection& c, pipe_way& w) {
  auto now = clock_type::now();
  while (!w.queue.empty() && w.queue.front().due <= now) {
    auto& head = w.queue.front();
    auto n = ::send(w.to, head.bytes.data() + head.sent, head.bytes.size() - head.sent,
                    MSG_NOSIGNAL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR)
        kill_connection(c);
      return;
    }
    head.sent += static_cast<size_t>(n);
    if (head.sent < head.bytes.size())
      return;
    w.queued_bytes -= head.bytes.size();
    w.queue.pop_front();
  }
}

// A FIN passes on once everything before it has.
void pass_fin(connection& c, pipe_way& w) {
  if (c.dead || !w.eof || w.shut || !w.queue.empty())
    return;
  ::shutdown(w.to, SHUT_WR);
  w.shut = true;
  if (c.to_listener.shut && c.to_dialler.shut) {
    ::close(c.dialler);
    ::close(c.listener);
    c.dialler = c.listener = -1;
    c.dead = true;
  }
}

struct poll_plan {
  std::vector<pollfd> fds;
  std::vector<watch> watches;
  int timeout_ms = -1;

  void add(int fd, short events, watch w) {
    fds.push_back(pollfd{fd, events, 0});
    watches.push_back(w);
  }

  void wake_by(clock_type::time_point due) {
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(due - clock_type::now()).count();
    int ms = static_cast<int>(std::max<int64_t>(0, wait));
    timeout_ms = timeout_ms < 0 ? ms : std::min(timeout_ms, ms);
  }
};

void plan_way(poll_plan& plan, fault_proxy::state& s, link_entry& l, connection& c,
              pipe_way& w) {
  const auto& f = s.fault_of(l, c, w);
  if (f.stalled || w.shut)
    return;
  if (!w.eof && w.queued_bytes < queued_bytes_max)
    plan.add(w.from, POLLIN, {&c, &w, &l, true});
  if (w.queue.empty())
    return;
  if (w.queue.front().due <= clock_type::now())
    plan.add(w.to, POLLOUT, {&c, &w, &l, false});
  else
    plan.wake_by(w.queue.front().due);
}

poll_plan plan_poll(fault_proxy::state& s) {
  poll_plan plan;
  plan.add(s.wake[0], POLLIN, {});
  for (auto& [name, l] : s.links) {
    plan.add(l.listen_fd, POLLIN, {nullptr, nullptr, &l, true});
    for (auto& c : l.connections) {
      plan_way(plan, s, l, *c, c->to_listener);
      plan_way(plan, s, l, *c, c->to_dialler);
    }
  }
  return plan;
}

void serve_events(fault_proxy::state& s, const poll_plan& plan) {
  for (size_t i = 0; i < plan.fds.size(); ++i) {
    const auto& w = plan.watches[i];
    if (plan.fds[i].revents == 0 || (w.conn != nullptr && w.conn->dead))
      continue;
    if (w.link == nullptr) {
      char drain[64];
      [[maybe_unused]] auto n = ::read(s.wake[0], drain, sizeof drain);
    } else if (w.conn == nullptr) {
      accept_on(*w.link);
    } else if (w.reading) {
      read_way(s, *w.link, *w.conn, *w.way);
    } else {
      write_way(*w.conn, *w.way);
    }
  }
}

void tidy(link_entry& l) {
  if (l.fault.cut)
    for (auto& c : l.connections)
      kill_connection(*c);
  for (auto& c : l.connections) {
    pass_fin(*c, c->to_listener);
    pass_fin(*c, c->to_dialler);
  }
  auto& cs = l.connections;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [](const auto& c) { return c->dead; }),
           cs.end());
}

} // namespace

fault_proxy::fault_proxy(uint64_t seed) : state_(std::make_unique<state>()) {
  state_->random.seed(seed);
  if (::pipe2(state_->wake, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error("fault_proxy: pipe failed");
  thread_ = std::thread{[this] { run(); }};
}

fault_proxy::~fault_proxy() {
  state_->stopping = true;
  state_->poke();
  thread_.join();
  for (auto& [name, l] : state_->links) {
    for (auto& c : l.connections)
      kill_connection(*c);
    ::close(l.listen_fd);
  }
  ::close(state_->wake[0]);
  ::close(state_->wake[1]);
}

void fault_proxy::run() {
  auto& s = *state_;
  std::unique_lock<std::mutex> lock{s.mutex};
  while (!s.stopping) {
    for (auto& [name, l] : s.links)
      tidy(l);
    auto plan = plan_poll(s);
    lock.unlock();
    int ready = ::poll(plan.fds.data(), plan.fds.size(), plan.timeout_ms);
    lock.lock();
    if (ready > 0)
      serve_events(s, plan);
  }
}

void fault_proxy::add_link(const std::string& name, uint16_t listen_port,
                           uint16_t target_port) {
  int fd = listen_on(listen_port);
  std::lock_guard<std::mutex> lock{state_->mutex};
  auto& l = state_->links[name];
  l.listen_fd = fd;
  l.target_port = target_port;
  state_->poke();
}

void fault_proxy::set(const std::string& name, const link_fault& fault) {
  std::lock_guard<std::mutex> lock{state_->mutex};
  state_->links.at(name).fault = fault;
  state_->poke();
}

link_fault fault_proxy::fault(const std::string& name) const {
  std::lock_guard<std::mutex> lock{state_->mutex};
  return state_->links.at(name).fault;
}

std::vector<std::string> fault_proxy::links() const {
  std::lock_guard<std::mutex> lock{state_->mutex};
  std::vector<std::string> out;
  for (const auto& [name, l] : state_->links)
    out.push_back(name);
  return out;
}

size_t fault_proxy::connections(const std::string& name) const {
  std::lock_guard<std::mutex> lock{state_->mutex};
  return state_->links.at(name).connections.size();
}

} // namespace strom::testing
