#include "launcher/text_table.hpp"

#include <algorithm>

namespace strom {

namespace {

constexpr size_t column_gap_chars = 2;

void render_row(std::string& out, const std::vector<std::string>& row,
                const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    line += row[i];
    if (i + 1 < row.size())
      line += std::string(widths[i] - row[i].size() + column_gap_chars, ' ');
  }
  out += line + "\n";
}

} // namespace

std::string text_table::render() const {
  std::vector<size_t> widths(header_.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  };
  widen(header_);
  for (const auto& row : rows_)
    widen(row);
  std::string out;
  render_row(out, header_, widths);
  for (const auto& row : rows_)
    render_row(out, row, widths);
  return out;
}

} // namespace strom
