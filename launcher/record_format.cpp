#include "launcher/record_format.hpp"

#include <nlohmann/json.hpp>

namespace strom {

namespace {

constexpr const char* format_fields = "tpokKsSTh";

std::string headers_text(const std::vector<record_header>& headers) {
  std::string out;
  for (const auto& h : headers)
    out += (out.empty() ? "" : ",") + h.key + "=" + h.value.value_or("");
  return out;
}

std::string length_text(const std::optional<std::string>& bytes) {
  return bytes ? std::to_string(bytes->size()) : "-1";
}

std::optional<char> escaped(char c) {
  switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case '\\': return '\\';
    default: return std::nullopt;
  }
}

} // namespace

result<record_format> record_format::parse(const std::string& text) {
  record_format out;
  auto literal = [&out]() -> std::string& {
    if (out.pieces_.empty() || out.pieces_.back().field != 0)
      out.pieces_.push_back({});
    return out.pieces_.back().literal;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '%' && c != '\\') {
      literal() += c;
      continue;
    }
    if (i + 1 == text.size())
      return {errc::bad_request, std::string{"the format ends in a lone '"} + c + "'"};
    char next = text[++i];
    if (c == '\\') {
      auto e = escaped(next);
      if (!e)
        return {errc::bad_request, std::string{"unknown escape \\"} + next + " in the format"};
      literal() += *e;
    } else if (next == '%') {
      literal() += '%';
    } else if (std::string{format_fields}.find(next) != std::string::npos) {
      out.pieces_.push_back({next, {}});
    } else {
      return {errc::bad_request, std::string{"unknown field %"} + next +
                                   " in the format (known: %t %p %o %k %K %s %S %T %h %%)"};
    }
  }
  return out;
}

std::string record_format::render(const std::string& topic, partition_id partition,
                                  const stored_record& r) const {
  std::string out;
  for (const auto& p : pieces_) {
    switch (p.field) {
      case 0: out += p.literal; break;
      case 't': out += topic; break;
      case 'p': out += std::to_string(partition.value()); break;
      case 'o': out += std::to_string(r.offset.value()); break;
      case 'k': out += r.key.value_or(""); break;
      case 'K': out += length_text(r.key); break;
      case 's': out += r.value.value_or(""); break;
      case 'S': out += length_text(r.value); break;
      case 'T': out += std::to_string(r.timestamp_ms); break;
      case 'h': out += headers_text(r.headers); break;
    }
  }
  return out;
}

std::string record_json(const std::string& topic, partition_id partition,
                        const stored_record& r) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& h : r.headers)
    headers[h.key] = h.value ? nlohmann::json(*h.value) : nlohmann::json(nullptr);
  auto nullable = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {{"topic", topic},         {"partition", partition.value()},
                      {"offset", r.offset.value()}, {"ts", r.timestamp_ms},
                      {"key", nullable(r.key)},  {"payload", nullable(r.value)},
                      {"headers", headers}};
  // Invalid UTF-8 (binary values) becomes U+FFFD rather than an exception.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace strom
