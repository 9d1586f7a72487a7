// The line protocol as the text door reads it from a socket (net/text): the
// bytes cut into lines by the line splitter, in reads of a size taken from
// the input, and each line parsed into a command or refused with
// bad_request. Any bytes quote to a word that splits back to them.
//
// Input: a read size (uint8, 0 taken as 1), then the connection's bytes.

#include "net/text/command_parser.hpp"
#include "net/text/line_splitter.hpp"
#include "net/text/line_tokens.hpp"
#include "net/text/text_door_config.hpp"
#include "tests/fuzz/support/byte_reader.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {
namespace {

void check_quote_round_trip(std::string_view bytes) {
  auto words = split_words(quote(bytes));
  require(words.has_value() && words->size() == 1, "a quoted string is one word");
  require(words->front().quoted == std::string{bytes}, "a quoted string splits back to itself");
}

void take_lines(line_splitter& splitter, size_t line_bytes_max) {
  while (auto line = splitter.next()) {
    require(line->text.size() <= line_bytes_max, "a line is within the limit");
    if (!line->too_long)
      (void)parse_command(line->text);
  }
}

} // namespace

std::vector<std::string> seeds() {
  return {std::string(1, '\x07') + "CRTP orders 6\r\nPUBS orders key=\"two words\" \"a\\nb\\x00\"\n"
                                   "SUBS orders billing\nCONS orders earliest\nSTOP\nHELP\nQUIT\n",
          std::string(1, '\x01') + "PUBS t \"unterminated\nCRTP t many\n\t\n"};
}

void run(const uint8_t* data, size_t size) {
  byte_reader in{data, size};
  size_t read_bytes = std::max<size_t>(1, in.take<uint8_t>());
  auto bytes = in.take_rest();
  check_quote_round_trip(bytes);
  // A small limit too, so that over-long lines are found in small inputs.
  for (size_t line_bytes_max : {text_door_config{}.line_bytes_max, size_t{40}}) {
    line_splitter splitter{line_bytes_max};
    for (size_t at = 0; at < bytes.size(); at += read_bytes) {
      splitter.feed(std::string_view{bytes}.substr(at, read_bytes));
      take_lines(splitter, line_bytes_max);
      require(splitter.buffered_bytes() <= line_bytes_max + read_bytes,
              "the splitter holds at most one unfinished line and one read");
    }
  }
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  strom::fuzz::run(data, size);
  return 0;
}
