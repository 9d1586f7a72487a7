#include "net/http/ws_session.hpp"

#include <algorithm>

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <boost/asio/post.hpp>

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/http/http_replies.hpp"
#include "net/http/http_status_of.hpp"
#include "net/http/record_json.hpp"
#include "net/http/ws_client_commit.hpp"

namespace strom {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

std::string text_of(const nlohmann::json& event) {
  return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One handler call of the socket's consumer carries at most this share of
// ws_pause_bytes.
constexpr size_t ws_push_shares = 8;

// What a push weighs for pacing: its keys and values.
size_t pushed_bytes(const std::vector<consumer_record>& records) {
  size_t bytes = 0;
  for (const auto& r : records)
    bytes += r.record.key.value_or("").size() + r.record.value.value_or("").size();
  return bytes;
}

std::vector<topic_partition> partitions_of(const std::vector<consumer_record>& records) {
  std::vector<topic_partition> out;
  for (const auto& r : records) {
    topic_partition tp{r.topic, r.partition};
    if (std::find(out.begin(), out.end(), tp) == out.end())
      out.push_back(std::move(tp));
  }
  return out;
}

} // namespace

ws_session::ws_session(door_stream stream, http_context& context, ws_request request,
                       std::unique_ptr<slot_lease> slot)
  : ws_(std::move(stream)),
    context_(context),
    request_(std::move(request)),
    slot_(std::move(slot)),
    check_timer_(ws_.get_executor()),
    pacing_(std::make_shared<ws_pacing>(context_.config.ws_pause_bytes)) {
}

void ws_session::run(upgrade_request upgrade) {
  const auto& config = context_.config;
  // The websocket's own timeouts replace the HTTP session's.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = config.ws_handshake_timeout_ms;
  timeouts.idle_timeout = config.ws_idle_timeout_ms; // a ping at half of it
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(config.ws_message_bytes_max);
  ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
    self->on_accept(ec);
  });
}

void ws_session::on_accept(beast::error_code ec) {
  if (ec)
    return;
  ws_.text(true);
  // A client's close frame comes before Beast tears the connection down:
  // what the client acknowledged until then is the last thing known.
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::close)
      settle_deliveries();
  });
  start_consumer();
  read_next();
  check_later();
}

consumer_config ws_session::stream_config() {
  consumer_config c;
  std::weak_ptr<ws_session> weak = shared_from_this();
  auto gate = context_.gate;
  auto executor = ws_.get_executor();
  // Both run on the consumer's actor: copy, post, never block.
  c.on_rebalance = [weak, gate, executor](const rebalance_event& e) {
    gate->post(executor, [weak, e] {
      if (auto self = weak.lock())
        self->announce(e);
    });
  };
  c.on_records = [weak, gate, executor, pacing = pacing_](std::vector<consumer_record>& records) {
    auto bytes = pushed_bytes(records);
    if (pacing->arrived(bytes))
      caf::anon_send(pacing->consumer(), pause_atom::value, partitions_of(records));
    gate->post(executor, [weak, records, bytes] {
      if (auto self = weak.lock())
        self->deliver(records, bytes);
    });
    return pacing->has_room();
  };
  // A pause takes effect after the handler call that crossed the bound:
  // a small share of it per call keeps the overshoot small.
  c.push_bytes_max = context_.config.ws_pause_bytes / ws_push_shares;
  if (request_.group.empty()) {
    c.enable_auto_commit = false;
    c.auto_offset_reset = reset_policy::latest; // an offset outside the log: its end
    return c;
  }
  c.group_id = request_.group;
  // A group without commits reads the topic from its start.
  c.auto_offset_reset = reset_policy::earliest;
  // The session commits what it wrote; the consumer's own commits would
  // cover what is only queued here.
  c.enable_auto_commit = false;
  return c;
}

void ws_session::start_consumer() {
  consumer_ = context_.client.spawn_consumer(stream_config());
  pacing_->set_consumer(consumer_);
  context_.streams.add(consumer_);
  if (!request_.group.empty()) {
    caf::anon_send(consumer_, subscribe_topics_atom::value,
                   std::vector<std::string>{request_.topic});
    return;
  }
  topic_partition tp{request_.topic, partition_id{request_.partition}};
  announce(rebalance_event{rebalance_event::kind::assigned, -1, {tp}, {tp}});
  asio::post(context_.pool, [self = shared_from_this()] {
    const auto& r = self->request_;
    self->context_.client.start_partition_read(self->consumer_, r.topic, r.partition, r.offset);
  });
}

void ws_session::announce(const rebalance_event& event) {
  owned_ = event.owned;
  if (pacing_->paused()) // what was just assigned goes at the pace of the rest
    caf::anon_send(consumer_, pause_atom::value, owned_);
  if (event.what != rebalance_event::kind::assigned)
    for (const auto& tp : event.partitions) {
      ledger_.forget(tp); // no longer this member's to commit
      client_committed_.erase(tp);
    }
  push(text_of(rebalance_json(event)));
}

void ws_session::deliver(const std::vector<consumer_record>& records, size_t bytes) {
  pacing_->taken(bytes);
  for (const auto& r : records) {
    auto event = record_json(r, request_.encoding);
    event["type"] = "record";
    topic_partition tp{r.topic, r.partition};
    push(text_of(event), std::make_pair(std::move(tp), r.record.offset));
  }
}

// A read is always pending, for Beast to answer pings and time out, and to
// see a close at once; client messages are taken only with ?commit=client.
void ws_session::read_next() {
  ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec)
      return self->finish();
    if (self->request_.client_commits)
      self->on_client_message(beast::buffers_to_string(self->in_.data()));
    self->in_.consume(self->in_.size());
    self->read_next();
  });
}

void ws_session::on_client_message(const std::string& text) {
  auto parsed = parse_ws_client_commit(text, request_.topic);
  if (auto* bad = std::get_if<request_error>(&parsed))
    return push(ws_error_text("bad_request", bad->message()));
  consumer_positions mine;
  for (const auto& [tp, offset] : std::get<consumer_positions>(parsed)) {
    if (std::find(owned_.begin(), owned_.end(), tp) == owned_.end())
      continue; // not (or no longer) this member's: another commits it
    mine.emplace(tp, offset);
    auto& newest = client_committed_[tp];
    newest = std::max(newest, offset);
  }
  if (mine.empty())
    return push(ws_error_text("bad_request", "commit: no partition this socket owns"));
  commit_for_client(std::move(mine));
}

// On the pool (a commit waits for the group); the answer goes back on the
// session's strand.
void ws_session::commit_for_client(consumer_positions offsets) {
  std::weak_ptr<ws_session> weak = shared_from_this();
  auto executor = ws_.get_executor();
  asio::post(context_.pool, [weak, executor, offsets, consumer = consumer_,
                             &client = context_.client] {
    auto err = client.commit(consumer, offsets);
    asio::post(executor, [weak, offsets, err] {
      auto self = weak.lock();
      if (!self)
        return;
      if (err) {
        auto failure = http_error_of(err);
        self->push(ws_error_text(failure.error, failure.message));
      } else
        self->push(ws_committed_text(offsets));
    });
  });
}

void ws_session::push(std::string text,
                      std::optional<std::pair<topic_partition, record_offset>> record) {
  if (finished_)
    return;
  out_bytes_ += text.size();
  pacing_->queued(text.size());
  if (out_bytes_ > context_.config.ws_output_bytes_max)
    return cut_off();
  out_.push_back(outgoing{std::move(text), std::move(record)});
  pace();
  if (!writing_)
    write_next();
}

void ws_session::write_next() {
  if (!writing_)
    progress_ = std::chrono::steady_clock::now(); // a stall counts from here
  writing_ = true;
  ws_.async_write(asio::buffer(out_.front().text),
                  [self = shared_from_this()](beast::error_code ec, size_t) {
                    self->on_write(ec);
                  });
}

void ws_session::on_write(beast::error_code ec) {
  auto& front = out_.front();
  out_bytes_ -= front.text.size();
  pacing_->written(front.text.size());
  if (!ec)
    ledger_.written(front.text.size(), front.record);
  out_.pop_front();
  progress_ = std::chrono::steady_clock::now();
  pace();
  writing_ = false;
  if (ec || finished_)
    return finish();
  if (!out_.empty())
    write_next();
}

// A reset, not a close handshake: the client is not reading it.
void ws_session::cut_off() {
  spdlog::warn("http door: WebSocket client of {} cut off: it does not read ({} bytes queued)",
               request_.topic, out_bytes_);
  settle_deliveries(); // the reset drops what the client did not acknowledge
  auto& socket = beast::get_lowest_layer(ws_).socket();
  beast::error_code ignored;
  socket.set_option(asio::socket_base::linger{true, 0}, ignored);
  socket.close(ignored);
  finish();
}

void ws_session::finish() {
  if (finished_)
    return;
  finished_ = true;
  settle_deliveries();
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  if (!consumer_)
    return;
  check_timer_.cancel();
  context_.streams.remove(consumer_);
  auto written = !grouped()                 ? consumer_positions{}
                 : request_.client_commits ? client_committed_
                                           : ledger_.confirmed();
  asio::post(context_.pool, [consumer = consumer_, written, &client = context_.client] {
    client.commit_before_leaving(consumer, written);
    client.close_consumer(consumer);
  });
}

void ws_session::check_later() {
  check_timer_.expires_after(context_.config.ws_commit_interval_ms);
  check_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->finished_)
      return;
    if (self->stalled())
      return self->cut_off();
    if (self->grouped() && !self->request_.client_commits)
      self->commit_delivered();
    self->check_later();
  });
}

bool ws_session::stalled() const {
  return writing_ && std::chrono::steady_clock::now() - progress_
                       > context_.config.ws_stall_timeout_ms;
}

// Pauses the consumer while more than ws_pause_bytes are on their way to
// the client, resumes it below half of that.
void ws_session::pace() {
  if (pacing_->should_pause()) {
    spdlog::debug("http door: WebSocket of {}: {} bytes queued, consumer paused",
                  request_.topic, out_bytes_);
    caf::anon_send(consumer_, pause_atom::value, owned_);
  } else if (pacing_->should_resume()) {
    caf::anon_send(consumer_, resume_atom::value, owned_);
  }
}

// A commit that fails is covered by a later one (offsets only move forward),
// at the latest by the one at the end.
void ws_session::commit_delivered() {
  auto& socket = beast::get_lowest_layer(ws_).socket();
  int unacked = 0;
  if (!socket.is_open() || ::ioctl(socket.native_handle(), SIOCOUTQ, &unacked) != 0)
    return;
  if (!ledger_.confirm(static_cast<size_t>(unacked)))
    return;
  asio::post(context_.pool,
             [consumer = consumer_, offsets = ledger_.confirmed(), &client = context_.client] {
               (void)client.commit(consumer, offsets);
             });
}

void ws_session::settle_deliveries() {
  auto& socket = beast::get_lowest_layer(ws_).socket();
  int unacked = 0;
  if (socket.is_open() && ::ioctl(socket.native_handle(), SIOCOUTQ, &unacked) == 0)
    ledger_.confirm(static_cast<size_t>(unacked));
}

} // namespace strom
