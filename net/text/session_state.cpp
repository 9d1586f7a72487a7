#include "net/text/session_state.hpp"

#include <algorithm>

#include "net/text/command_parser.hpp"
#include "net/text/text_replies.hpp"

namespace strom {

session_state::session_state(const text_door_config& config)
    : config_(config), lines_(config.line_bytes_max) {}

void session_state::received(std::string_view bytes) {
  lines_.feed(bytes);
}

std::optional<text_command> session_state::parse_next() {
  auto line = lines_.next();
  if (!line)
    return std::nullopt;
  if (line->too_long) {
    answer(open_slot(), line_too_long_line(config_.line_bytes_max));
    return std::nullopt;
  }
  auto command = parse_command(line->text);
  if (!command) {
    answer(open_slot(), error_line(command.error()));
    return std::nullopt;
  }
  return std::move(*command);
}

std::optional<started_command> session_state::start_next() {
  while (!alone_ && answers_.size() < config_.commands_in_flight_max) {
    if (!waiting_) {
      if (!lines_.has_line())
        return std::nullopt;
      waiting_ = parse_next();
      continue; // a malformed line took a slot: check the limit again
    }
    bool alone = runs_alone(*waiting_);
    if (alone && !answers_.empty())
      return std::nullopt;
    started_command out{open_slot(), std::move(*waiting_)};
    waiting_.reset();
    if (alone)
      alone_ = out.slot;
    return out;
  }
  return std::nullopt;
}

answer_slot session_state::open_slot() {
  answers_.push_back({next_slot_, std::nullopt});
  return next_slot_++;
}

void session_state::answer(answer_slot slot, std::string line) {
  auto it = std::find_if(answers_.begin(), answers_.end(),
                         [slot](const pending_answer& a) { return a.slot == slot; });
  if (it == answers_.end() || it->line)
    return; // answered already: the first answer stands
  it->line = std::move(line);
  if (alone_ == slot)
    alone_.reset();
}

std::string session_state::take_answers() {
  std::string out;
  while (!answers_.empty() && answers_.front().line) {
    out += *answers_.front().line;
    answers_.pop_front();
  }
  return out;
}

bool session_state::wants_input() const {
  return !waiting_ && !lines_.has_line();
}

void session_state::transferred(size_t bytes) {
  output_pending_bytes_ -= std::min(bytes, output_pending_bytes_);
}

} // namespace strom
