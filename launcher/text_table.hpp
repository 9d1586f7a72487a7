#pragma once
// Aligned plain-text tables for the console and the one-shot commands.

#include <string>
#include <vector>

namespace strom {

class text_table {
public:
  explicit text_table(std::vector<std::string> header) : header_(std::move(header)) {}

  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

} // namespace strom
