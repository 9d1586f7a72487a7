#include "net/text/command_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>

#include "net/text/line_tokens.hpp"

namespace strom {

namespace {

using words = std::vector<line_word>;

strom::error bad(std::string message) {
  return {errc::bad_request, std::move(message)};
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string usage_error(const std::string& command, const std::string& usage) {
  return "usage: " + command + " " + usage;
}

// A topic or group name into `to`: one bare word (the controller checks
// the rest); the error when it is not one.
std::optional<strom::error> take_name(const line_word& w, const char* what, std::string& to) {
  if (w.quoted)
    return bad(std::string{what} + " must be a bare word, not quoted, at column " +
               std::to_string(w.column));
  to = w.bare;
  return std::nullopt;
}

template <class T>
result<T> whole_number(const std::string& text, T min, const char* what) {
  T value{};
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || text[0] == '-' || text[0] == '+' || ec != std::errc{} || ptr != end ||
      value < min)
    return bad(std::string{what} + " must be a whole number from " + std::to_string(min) +
               " to " + std::to_string(std::numeric_limits<T>::max()) + ", got '" + text + "'");
  return value;
}

template <class T>
result<T> whole_number(const line_word& w, T min, const char* what) {
  if (w.quoted)
    return bad(std::string{what} + " must be a number, not quoted");
  return whole_number<T>(w.bare, min, what);
}

result<text_command> create_topic(const words& w) {
  if (w.size() < 2 || w.size() > 3)
    return bad(usage_error("CRTP", "topic [partitions]"));
  create_topic_command out;
  if (auto wrong = take_name(w[1], "the topic", out.topic))
    return *wrong;
  if (w.size() == 3) {
    auto n = whole_number<int32_t>(w[2], 1, "partitions");
    if (!n)
      return n.error();
    out.partitions = *n;
  }
  return text_command{out};
}

// key=word or key="quoted"
result<std::string> key_of(const line_word& w) {
  if (w.bare.rfind("key=", 0) != 0)
    return bad("expected key=K or the quoted message at column " + std::to_string(w.column));
  if (w.quoted && w.bare != "key=")
    return bad("key=\"...\" must be quoted whole, at column " + std::to_string(w.column));
  if (w.quoted)
    return *w.quoted;
  if (w.bare.size() == 4)
    return bad("key= needs a value (key=\"\" for an empty key)");
  return w.bare.substr(4);
}

result<text_command> publish(const words& w) {
  static const std::string usage = "topic [key=K] \"message\"";
  if (w.size() < 3 || w.size() > 4)
    return bad(usage_error("PUBS", usage));
  publish_command out;
  if (auto wrong = take_name(w[1], "the topic", out.topic))
    return *wrong;
  if (w.size() == 4) {
    auto key = key_of(w[2]);
    if (!key)
      return key.error();
    out.key = *key;
  }
  const auto& message = w.back();
  if (!message.quoted || !message.bare.empty())
    return bad("the message must be in double quotes, at column " +
               std::to_string(message.column) + "; " + usage_error("PUBS", usage));
  out.value = *message.quoted;
  return text_command{out};
}

result<std::vector<partition_id>> partition_list(const line_word& w) {
  if (w.quoted)
    return bad("partitions must be a list like 0,2 - not quoted");
  std::vector<partition_id> out;
  size_t from = 0;
  for (;;) {
    auto comma = w.bare.find(',', from);
    auto item = w.bare.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    auto p = whole_number<int32_t>(item, 0, "a partition");
    if (!p)
      return p.error();
    if (std::find(out.begin(), out.end(), partition_id{*p}) != out.end())
      return bad("partition " + item + " is listed twice");
    out.push_back(partition_id{*p});
    if (comma == std::string::npos)
      return out;
    from = comma + 1;
  }
}

result<text_command> subscribe(const words& w) {
  if (w.size() < 3 || w.size() > 4)
    return bad(usage_error("SUBS", "topic group [partitions, like 0,2]"));
  subscribe_command out;
  if (auto wrong = take_name(w[1], "the topic", out.topic))
    return *wrong;
  if (auto wrong = take_name(w[2], "the group", out.group))
    return *wrong;
  if (w.size() == 4) {
    auto list = partition_list(w[3]);
    if (!list)
      return list.error();
    out.partitions = std::move(*list);
  }
  return text_command{out};
}

result<start_offset> start_of(const line_word& w) {
  if (!w.quoted) {
    auto word = upper(w.bare);
    if (word == "EARLIEST")
      return start_offset{start_offset::kind::earliest, record_offset{0}};
    if (word == "LATEST")
      return start_offset{start_offset::kind::latest, record_offset{0}};
  }
  auto n = whole_number<int64_t>(w, 0, "the offset (or earliest, latest)");
  if (!n)
    return n.error();
  return start_offset{start_offset::kind::offset, record_offset{*n}};
}

result<text_command> consume(const words& w) {
  if (w.size() != 4)
    return bad(usage_error("CONS", "topic partition offset|earliest|latest"));
  consume_command out;
  if (auto wrong = take_name(w[1], "the topic", out.topic))
    return *wrong;
  auto p = whole_number<int32_t>(w[2], 0, "the partition");
  if (!p)
    return p.error();
  out.partition = partition_id{*p};
  auto start = start_of(w[3]);
  if (!start)
    return start.error();
  out.start = *start;
  return text_command{out};
}

template <class Command>
result<text_command> no_arguments(const words& w, const std::string& command) {
  if (w.size() != 1)
    return bad(command + " takes no arguments");
  return text_command{Command{}};
}

result<text_command> delete_topic(const words& w) {
  if (w.size() != 2)
    return bad(usage_error("DELT", "topic"));
  delete_topic_command out;
  if (auto wrong = take_name(w[1], "the topic", out.topic))
    return *wrong;
  return text_command{out};
}

// The password bare or in double quotes (with spaces, or empty).
result<text_command> auth(const words& w) {
  if (w.size() != 3)
    return bad(usage_error("AUTH", "user password (quoted if it holds spaces)"));
  auth_command out;
  if (auto wrong = take_name(w[1], "the user", out.user))
    return *wrong;
  if (w[2].quoted && !w[2].bare.empty())
    return bad("the password must be one word or quoted whole");
  out.password = w[2].quoted ? *w[2].quoted : w[2].bare;
  return text_command{out};
}

result<text_command> help(const words& w) {
  if (w.size() > 2)
    return bad(usage_error("HELP", "[command]"));
  help_command out;
  if (w.size() == 2)
    out.about = upper(w[1].bare);
  return text_command{out};
}

} // namespace

result<text_command> parse_command(std::string_view line) {
  auto split = split_words(line);
  if (!split)
    return split.error();
  const auto& w = *split;
  if (w.empty())
    return bad("empty line; HELP lists the commands");
  if (w[0].quoted)
    return bad("a line starts with a command; HELP lists them");
  auto command = upper(w[0].bare);
  if (command == "CRTP")
    return create_topic(w);
  if (command == "PUBS")
    return publish(w);
  if (command == "SUBS")
    return subscribe(w);
  if (command == "CONS")
    return consume(w);
  if (command == "STOP")
    return no_arguments<stop_command>(w, command);
  if (command == "QUIT")
    return no_arguments<quit_command>(w, command);
  if (command == "HELP")
    return help(w);
  if (command == "DELT")
    return delete_topic(w);
  if (command == "AUTH")
    return auth(w);
  return bad("unknown command '" + w[0].bare + "'; HELP lists the commands");
}

} // namespace strom
