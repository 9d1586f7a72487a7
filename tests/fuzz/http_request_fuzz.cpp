// HTTP requests as the HTTP door reads them from a socket (net/http): the
// bytes through Beast's request parser with the door's body limit, the
// target through the router, then the query and the JSON body through every
// parser a handler would use. Each gives a value or a request_error. Any
// bytes survive base64 both ways.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "messages/base64.hpp"
#include "net/http/http_door_config.hpp"
#include "net/http/http_requests.hpp"
#include "net/http/ws_request.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;

// The request in `bytes`, if Beast parses one whole (the rest is ignored,
// as the door reads one request at a time).
std::optional<request> parsed_request(std::string_view bytes, const http_door_config& config) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(config.body_bytes_max);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  // The connection ends after these bytes, as Beast's read takes an end
  // of stream: the end of a request without a length, or nothing read.
  if (ec == http::error::need_more && parser.got_some())
    parser.put_eof(ec);
  if (ec || !parser.is_done())
    return std::nullopt;
  return parser.release();
}

void parse_query(const route& r, const http_door_config& config) {
  int64_t number = 0;
  (void)query_integer(r.query, "max", 1, static_cast<int64_t>(config.read_records_max), number);
  (void)query_integer(r.query, "wait_ms", 0, config.read_wait_ms_max.count(), number);
  (void)query_offset(r.query, number);
  record_encoding encoding;
  (void)query_encoding(r.query, encoding);
  int32_t partition = 0;
  (void)parse_partition_segment(r.partition, partition);
  ws_request ws;
  (void)parse_ws_request(r, ws);
}

void parse_json_body(const std::string& body, const http_door_config& config) {
  nlohmann::json in;
  if (parse_body(body, in))
    return;
  topic_spec spec;
  (void)parse_topic_spec(in, spec);
  std::vector<door_record> records;
  (void)parse_produce(in, config.produce_records_max, records);
  consumer_request consumer;
  (void)parse_consumer_request(in, consumer);
  std::vector<std::string> topics;
  (void)parse_topic_list(in, topics);
}

void check_base64(const std::string& bytes) {
  auto decoded = base64_decode(base64_encode(bytes));
  require(decoded == bytes, "base64 decodes what it encodes");
  (void)base64_decode(bytes);
}

// A request line and headers, then `body` with its length.
std::string with_body(const std::string& head, const std::string& body) {
  return head + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

std::vector<std::string> seeds() {
  return {
    with_body("POST /v1/topics HTTP/1.1\r\nHost: a",
              R"({"name":"orders","partitions":3,"replication_factor":1,"retention_ms":-1})"),
    with_body("POST /v1/topics/orders/records HTTP/1.1",
              R"({"encoding":"base64","records":[{"key":"a2V5","value":null,"partition":0,)"
              R"("headers":[{"key":"h","value":"dg=="}]}]})"),
    with_body("POST /v1/consumers/billing HTTP/1.1",
              R"({"topics":["orders"],"auto_offset_reset":"latest","auto_commit":true})"),
    with_body("POST /v1/consumers/billing/instances/c1/subscription HTTP/1.1",
              R"({"topics":["orders","audit"]})"),
    "GET /v1/topics/orders/partitions/0/records?offset=earliest&max=10&wait_ms=5"
    "&encoding=utf8 HTTP/1.1\r\n\r\n",
    "GET /v1/topics/orders/ws?group=billing&commit=client HTTP/1.1\r\nHost: a\r\n"
    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    "DELETE /v1/consumers/billing/instances/c%201 HTTP/1.1\r\n"
    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  };
}

void run(std::string_view bytes) {
  http_door_config config;
  check_base64(std::string{bytes});
  auto request = parsed_request(bytes, config);
  if (!request)
    return;
  auto r = find_route(std::string{request->method_string()}, std::string{request->target()});
  (void)boost::beast::websocket::is_upgrade(*request);
  parse_query(r, config);
  parse_json_body(request->body(), config);
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(strom::fuzz::as_text(data, size));
  return 0;
}
