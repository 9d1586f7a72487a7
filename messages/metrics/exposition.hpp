#pragma once
// Prometheus's text exposition format, version 0.0.4: per family a HELP and
// a TYPE line, then one line per series; a histogram as cumulative
// `_bucket{le=...}` lines ending at +Inf, `_sum` and `_count`. Pure.

#include <string>
#include <vector>

#include "messages/metrics/registry.hpp"

namespace strom::metrics {

inline constexpr const char* exposition_content_type = "text/plain; version=0.0.4; charset=utf-8";

std::string render(const std::vector<family_value>& families);

// A label value with \, " and newline escaped as the format asks.
std::string escape_label_value(const std::string& value);

} // namespace strom::metrics
