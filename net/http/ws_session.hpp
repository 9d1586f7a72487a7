#pragma once
// One WebSocket client of a topic: a consumer_actor of its own pushes
// records (on_records) and rebalances (on_rebalance) from CAF's threads;
// they are copied and posted to this session's strand, turned into one
// JSON text message each and queued for the socket. A client that stops
// reading is cut off (its connection reset) once more than
// ws_output_bytes_max are queued, or once it took nothing for
// ws_stall_timeout_ms; a slow reader only pauses its consumer past
// ws_pause_bytes. Beast pings an idle client and closes
// one silent for ws_idle_timeout_ms. A group's commits cover only what the
// client's side acknowledged (delivery_ledger; every ws_commit_interval_ms,
// and at the end), never what is queued or still in the kernel: a client
// cut off or gone leaves the rest to the group's next owner. With
// ?commit=client the group commits only what the client commits itself
// ({"commit": [...]}, answered {"type": "committed"} once taken): a page
// closed with records unprocessed leaves them to the next owner. However
// the socket ends, the consumer is closed on the door's pool and leaves
// its group.
//
//   consumer (CAF thread) -> gate -> strand: announce / deliver -> queue -> socket

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "net/client/consumer_config.hpp"
#include "net/door/door_metrics.hpp"
#include "net/http/delivery_ledger.hpp"
#include "net/http/door_stream.hpp"
#include "net/http/http_context.hpp"
#include "net/http/ws_pacing.hpp"
#include "net/http/ws_request.hpp"

namespace strom {

class ws_session : public std::enable_shared_from_this<ws_session> {
public:
  using upgrade_request = boost::beast::http::request<boost::beast::http::string_body>;

  // `slot` is this session's of ws_sessions_max, given back when it ends.
  ws_session(door_stream stream, http_context& context, ws_request request,
             std::unique_ptr<slot_lease> slot);
  void run(upgrade_request upgrade);

  // On the strand, from the consumer's handlers.
  void announce(const rebalance_event& event);
  void deliver(const std::vector<consumer_record>& records, size_t bytes);

private:
  void on_accept(boost::beast::error_code ec);
  void start_consumer();
  consumer_config stream_config();
  void read_next();
  // ?commit=client: a message from the client, the offsets it processed.
  void on_client_message(const std::string& text);
  void commit_for_client(consumer_positions offsets);
  void push(std::string text,
            std::optional<std::pair<topic_partition, record_offset>> record = std::nullopt);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void cut_off();
  void finish();
  void check_later();
  void commit_delivered();
  // Confirms in the ledger what the peer acknowledged, while the socket is open.
  void settle_deliveries();
  bool stalled() const;
  void pace();
  bool grouped() const { return !request_.group.empty(); }

  // A message queued for the socket; a record's says where it is, so that
  // once written the group may commit past it.
  struct outgoing {
    std::string text;
    std::optional<std::pair<topic_partition, record_offset>> record;
  };

  boost::beast::websocket::stream<door_stream> ws_;
  http_context& context_;
  ws_request request_;
  std::unique_ptr<slot_lease> slot_;
  boost::beast::flat_buffer in_;
  std::deque<outgoing> out_;
  delivery_ledger ledger_;
  // ?commit=client: the newest offsets the client committed, per partition
  // it owns (what a last commit at the end repeats).
  consumer_positions client_committed_;
  boost::asio::steady_timer check_timer_;
  // What the consumer owns (for pausing it), and its pace.
  std::vector<topic_partition> owned_;
  std::shared_ptr<ws_pacing> pacing_;
  // When a write last finished, or writing started after a pause.
  std::chrono::steady_clock::time_point progress_;
  size_t out_bytes_ = 0;
  bool writing_ = false;
  bool finished_ = false;
  caf::actor consumer_;
  // A WebSocket counts as a connection of the HTTP door, which it is.
  door_connection counted_{"http"};
};

} // namespace strom
