// WebSocket frames as a WebSocket session of the HTTP door reads them
// (net/http/ws_session.cpp): a socket upgraded as the door upgrades it, with
// the door's message limit, reads the input's bytes as the client's frames
// through Beast, and each message a client sends goes through the door's
// commit parser (parse_ws_client_commit). Nothing crashes or loops.

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "net/http/http_door_config.hpp"
#include "net/http/ws_client_commit.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

// A client's frame: FIN, the opcode, masked with a zero key (RFC 6455 5.3:
// any key is allowed, and zero leaves the payload as it is).
std::string client_frame(uint8_t opcode, const std::string& payload) {
  std::string out;
  out += static_cast<char>(0x80 | opcode);
  out += static_cast<char>(0x80 | payload.size()); // below 126 bytes
  out += std::string(4, '\0');
  return out + payload;
}

http::request<http::empty_body> upgrade_request() {
  http::request<http::empty_body> r{http::verb::get, "/v1/topics/orders/ws?group=g", 11};
  r.set(http::field::host, "strom");
  r.set(http::field::upgrade, "websocket");
  r.set(http::field::connection, "upgrade");
  r.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  r.set(http::field::sec_websocket_version, "13");
  return r;
}

} // namespace

std::vector<std::string> seeds() {
  return {client_frame(0x1, "{\"commit\":[{\"partition\":0,\"offset\":42}]}") +
            client_frame(0x9, "ping") + client_frame(0x8, "\x03\xe8"),
          client_frame(0x2, "\x01\x02") + client_frame(0x1, "{\"commit\":[]}"),
          client_frame(0x1, "{\"commit\"") + client_frame(0xA, "")};
}

void run(std::string_view frames) {
  boost::asio::io_context io;
  beast::test::stream socket{io}, client{io};
  socket.connect(client);
  socket.append({frames.data(), frames.size()});
  socket.close_remote(); // the client sends nothing more: reads end
  websocket::stream<beast::test::stream&> ws{socket};
  ws.read_message_max(http_door_config{}.ws_message_bytes_max);
  beast::error_code ec;
  ws.accept(upgrade_request(), ec);
  require(!ec, "the upgrade is accepted");
  beast::flat_buffer in;
  while (!ec) {
    ws.read(in, ec);
    if (!ec)
      (void)parse_ws_client_commit(beast::buffers_to_string(in.data()), "orders");
    in.consume(in.size());
  }
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(strom::fuzz::as_text(data, size));
  return 0;
}
