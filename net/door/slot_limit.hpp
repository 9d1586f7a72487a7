#pragma once
// At most `slots_max` of something at once (Consume streams, each holding a
// gRPC server thread), taken and given back from any thread. A lease gives
// its slot back when it goes out of scope.

#include <cstddef>
#include <mutex>

namespace strom {

class slot_limit {
public:
  explicit slot_limit(size_t slots_max) : slots_max_(slots_max) {}

  bool try_take() {
    std::lock_guard<std::mutex> guard{mutex_};
    if (taken_ >= slots_max_)
      return false;
    ++taken_;
    return true;
  }
  void give_back() {
    std::lock_guard<std::mutex> guard{mutex_};
    if (taken_ > 0)
      --taken_;
  }
  size_t taken() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return taken_;
  }

private:
  mutable std::mutex mutex_;
  size_t slots_max_;
  size_t taken_ = 0;
};

class slot_lease {
public:
  explicit slot_lease(slot_limit& limit) : limit_(limit), held_(limit.try_take()) {}
  ~slot_lease() {
    if (held_)
      limit_.give_back();
  }
  slot_lease(const slot_lease&) = delete;
  slot_lease& operator=(const slot_lease&) = delete;
  explicit operator bool() const { return held_; }

private:
  slot_limit& limit_;
  bool held_;
};

} // namespace strom
