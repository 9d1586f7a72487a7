#pragma once
// What one connection of the line door is doing, without the socket: the
// lines it has read, the commands started and their answers (written in
// the order of their lines, whichever finishes first), and the bytes
// written that the client has not read yet. The session actor is a thin
// shell around it; the unit tests drive it alone.
//
//   received(bytes) -> start_next() ... -> answer(slot, line) -> take_answers()
//   wrote(n) / transferred(n) -> output_over_limit()

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "net/text/line_splitter.hpp"
#include "net/text/text_command.hpp"
#include "net/text/text_door_config.hpp"

namespace strom {

// Where a command's answer goes in the line order.
using answer_slot = uint64_t;

struct started_command {
  answer_slot slot = 0;
  text_command command;
};

class session_state {
public:
  explicit session_state(const text_door_config& config);

  void received(std::string_view bytes);
  // The next command that may start now, with the slot for its answer.
  // Malformed and over-long lines are answered here (ERR) and skipped.
  // Nothing when no complete line is buffered, when commands_in_flight_max
  // answers are outstanding, or when a command that runs alone is running
  // or is next and waits for the earlier answers.
  std::optional<started_command> start_next();
  void answer(answer_slot slot, std::string line);
  // The answers at the head of the line order that are ready, in order.
  std::string take_answers();
  // Read the socket only while no complete line waits: the input held is
  // then at most one unfinished line and one read.
  bool wants_input() const;
  size_t commands_in_flight() const { return answers_.size(); }

  void wrote(size_t bytes) { output_pending_bytes_ += bytes; }
  void transferred(size_t bytes);
  size_t output_pending_bytes() const { return output_pending_bytes_; }
  bool output_over_limit() const { return output_pending_bytes_ > config_.output_bytes_max; }

private:
  struct pending_answer {
    answer_slot slot;
    std::optional<std::string> line;
  };

  // The next line's command, or nothing when it was answered as malformed.
  std::optional<text_command> parse_next();
  answer_slot open_slot();

  text_door_config config_;
  line_splitter lines_;
  std::deque<pending_answer> answers_;
  answer_slot next_slot_ = 1;
  // A command taken from the input that may not start yet.
  std::optional<text_command> waiting_;
  // The slot of the command running alone, while it runs.
  std::optional<answer_slot> alone_;
  size_t output_pending_bytes_ = 0;
};

} // namespace strom
