#include "launcher/stderr_to_log.hpp"

#include <iostream>
#include <streambuf>
#include <string>

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

namespace strom {

namespace {

// Each thread's line so far: two threads writing at once never mix words.
std::string& pending_line() {
  thread_local std::string line;
  return line;
}

// To the sinks directly, past the logger's level (see the header).
void log_error_line(const std::string& line) {
  auto logger = spdlog::default_logger();
  spdlog::details::log_msg msg{logger->name(), spdlog::level::err, line};
  for (auto& sink : logger->sinks()) {
    sink->log(msg);
    sink->flush();
  }
}

// Unbuffered: every write reaches xsputn, which cuts lines.
class line_log_buffer final : public std::streambuf {
protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof()))
      return traits_type::not_eof(c);
    char one = traits_type::to_char_type(c);
    xsputn(&one, 1);
    return c;
  }

  std::streamsize xsputn(const char* text, std::streamsize count) override {
    auto& line = pending_line();
    for (std::streamsize i = 0; i < count; ++i) {
      if (text[i] != '\n') {
        line += text[i];
        continue;
      }
      log_error_line(line);
      line.clear();
    }
    return count;
  }
};

} // namespace

void route_stderr_to_log() {
  // Never freed: std::cerr may be written to until the process's last moment.
  static auto* buffer = new line_log_buffer;
  std::cerr.rdbuf(buffer);
}

} // namespace strom
