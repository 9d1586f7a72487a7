#pragma once
// Lets CAF's threads (a consumer's push handlers) post work to a session's
// strand only while the door's io_context lives: the consumer may push
// after the door has stopped, and a post to a destroyed io_context is
// undefined. The door closes the gate before it stops the io_context.

#include <mutex>
#include <utility>

#include <boost/asio/post.hpp>

namespace strom {

class post_gate {
public:
  template <class Executor, class F>
  void post(const Executor& executor, F&& f) {
    std::lock_guard<std::mutex> guard{mutex_};
    if (open_)
      boost::asio::post(executor, std::forward<F>(f));
  }

  void close() {
    std::lock_guard<std::mutex> guard{mutex_};
    open_ = false;
  }

private:
  std::mutex mutex_;
  bool open_ = true;
};

} // namespace strom
