#pragma once
// spdlog's lines as JSON, one object per line (log_line.hpp), for
// --log-format json.

#include <memory>
#include <string_view>
#include <utility>

#include <spdlog/formatter.h>

#include "launcher/log_line.hpp"

namespace strom {

// The names --log-level takes: trace, debug, info, warn, error, critical.
std::string_view log_level_name(spdlog::level::level_enum level);

class json_log_formatter final : public spdlog::formatter {
public:
  explicit json_log_formatter(log_source source) : source_(std::move(source)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

private:
  log_source source_;
};

} // namespace strom
