#include "messages/metrics/exposition.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace strom::metrics {

namespace {

// HELP text escapes \ and newline; a label value also its quote.
std::string escaped(const std::string& text, bool quotes) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quotes)
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

// Integers as integers (counts stay exact), fractions as the shortest that
// reads back the same.
std::string number(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int digits = 9; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

std::string label_text(const label_set& labels, const char* extra_key = nullptr,
                       const std::string& extra_value = {}) {
  if (labels.empty() && extra_key == nullptr)
    return {};
  std::string out = "{";
  bool first = true;
  auto put = [&](const std::string& key, const std::string& value) {
    if (!first)
      out += ',';
    first = false;
    out += key + "=\"" + escape_label_value(value) + '"';
  };
  for (const auto& [key, value] : labels)
    put(key, value);
  if (extra_key != nullptr)
    put(extra_key, extra_value);
  return out + "}";
}

void render_histogram(std::string& out, const std::string& name, const series_value& s) {
  const auto& b = s.buckets;
  for (size_t i = 0; i < b.cumulative.size(); ++i) {
    auto le = i < latency_bounds_us.size()
                ? number(static_cast<double>(latency_bounds_us[i]) / 1e6)
                : std::string{"+Inf"};
    out += name + "_bucket" + label_text(s.labels, "le", le) + ' ' +
           number(static_cast<double>(b.cumulative[i])) + '\n';
  }
  out += name + "_sum" + label_text(s.labels) + ' ' +
         number(static_cast<double>(b.sum_us) / 1e6) + '\n';
  out += name + "_count" + label_text(s.labels) + ' ' +
         number(static_cast<double>(b.count)) + '\n';
}

} // namespace

std::string escape_label_value(const std::string& value) {
  return escaped(value, true);
}

std::string render(const std::vector<family_value>& families) {
  std::string out;
  for (const auto& fam : families) {
    out += "# HELP " + fam.name + ' ' + escaped(fam.help, false) + '\n';
    out += "# TYPE " + fam.name + ' ' + to_string(fam.type) + '\n';
    for (const auto& s : fam.series) {
      if (fam.type == kind::histogram)
        render_histogram(out, fam.name, s);
      else
        out += fam.name + label_text(s.labels) + ' ' + number(s.value) + '\n';
    }
  }
  return out;
}

} // namespace strom::metrics
