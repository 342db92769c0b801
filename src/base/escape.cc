#include "base/escape.h"

#include <cstdint>

namespace sitrep::base {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t Utf8Len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || (c >= 0xF0 && c > 0xF4) || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0; // surrogate
  if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
  if (n == 4 && c == 0xF4 && b(i + 1) >= 0x90) return 0; // > U+10FFFF
  return n;
}

// Calls put(piece) for valid UTF-8 sequences, with invalid bytes replaced.
template <typename Fn>
void ForEachChar(std::string_view s, Fn&& put) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Len(s, i);
    if (n == 0) {
      put(kReplacement);
      ++i;
      continue;
    }
    put(s.substr(i, n));
    i += n;
  }
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  ForEachChar(text, [&](std::string_view ch) {
    if (ch.size() != 1) {
      out += ch;
      return;
    }
    char c = ch[0];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': case '\n': out += c; break;
      case '\r': out += '\n'; break;
      default:
        if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) out += kReplacement;
        else out += c;
    }
  });
  return out;
}

std::string MarkdownEscape(std::string_view text) {
  static constexpr std::string_view kControl = "\\`*_{}[]()#+-.!|~";
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  ForEachChar(text, [&](std::string_view ch) {
    if (ch.size() != 1) {
      out += ch;
      return;
    }
    char c = ch[0];
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
    else if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) out += kReplacement;
    else if (kControl.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  });
  return out;
}

std::string CsvField(std::string_view text, bool guard_formulas) {
  std::string body;
  if (guard_formulas && !text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
       text[0] == '\t' || text[0] == '\r')) {
    // A plain signed number ("-74.59") is data, not a formula.
    bool number = text.size() > 1 && (text[0] == '-' || text[0] == '+');
    for (size_t i = 1; number && i < text.size(); ++i) {
      number = (text[i] >= '0' && text[i] <= '9') || text[i] == '.';
    }
    if (!number) body += '\'';
  }
  body += text;
  bool quote = body.find_first_of(",\"\r\n") != std::string::npos ||
               (!body.empty() && (body.front() == ' ' || body.back() == ' '));
  if (!quote) return body;
  std::string out = "\"";
  for (char c : body) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<uint8_t>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

}  // namespace sitrep::base
