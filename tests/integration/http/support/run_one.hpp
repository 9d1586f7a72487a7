#pragma once
// The door clients' way to wait: one asynchronous operation run to its end
// (or to the stream's deadline), its error returned.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/error.hpp>

namespace strom::testing {

template <class Start>
boost::beast::error_code run_one(boost::asio::io_context& io, Start start) {
  boost::beast::error_code result = boost::asio::error::would_block;
  start([&result](boost::beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

} // namespace strom::testing
