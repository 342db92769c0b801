#include "base/utf8.h"

#include <cstring>

#include "base/swar.h"

namespace sitrep::base {

size_t ValidUtf8Prefix(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // ASCII runs, eight bytes at a time (most of any page, markup included).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & kByteHighs) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Two-byte sequences (accented Latin, Cyrillic) are most of what is not ASCII: C2..DF and
    // one continuation byte is always valid.
    if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    size_t len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return n;
}

size_t FloorBoundary(std::string_view s, size_t offset) {
  if (offset >= s.size()) return s.size();
  while (offset > 0 && (static_cast<unsigned char>(s[offset]) & 0xC0) == 0x80) --offset;
  return offset;
}

char32_t DecodeOne(std::string_view s, size_t* pos) {
  size_t i = *pos;
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {  // ASCII: no validation needed
    *pos = i + 1;
    return c0;
  }
  // Well-formed two- and three-byte sequences (Latin accents, Cyrillic, punctuation) without the
  // general validator; anything else, including every ill-formed sequence, takes the path below.
  if (c0 >= 0xC2 && c0 < 0xE0 && i + 1 < s.size()) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c1 & 0xC0) == 0x80) {
      *pos = i + 2;
      return (static_cast<char32_t>(c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
    }
  } else if ((c0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    const auto c2 = static_cast<unsigned char>(s[i + 2]);
    if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
      char32_t cp = (static_cast<char32_t>(c0 & 0x0Fu) << 12) |
                    (static_cast<char32_t>(c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        *pos = i + 3;
        return cp;
      }
    }
  }
  size_t valid = ValidUtf8Prefix(s.substr(i, 4 < s.size() - i ? 4 : s.size() - i));
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (valid < len) {
    *pos = i + 1;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *pos = i + len;
  return cp;
}

std::string ScrubUtf8(std::string_view s) {
  size_t valid = ValidUtf8Prefix(s);
  std::string out(s.substr(0, valid));
  if (valid == s.size()) return out;
  out.reserve(s.size() + 8);
  for (size_t pos = valid; pos < s.size();) AppendUtf8(DecodeOne(s, &pos), &out);
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

namespace {
bool IsAsciiSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
}  // namespace

std::string_view TrimSpace(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    const auto c = static_cast<unsigned char>(s[b]);
    if (c < 0x80) {  // ASCII, the usual case: no decoding
      if (!IsAsciiSpace(c)) break;
      ++b;
      continue;
    }
    size_t p = b;
    if (!IsSpace(DecodeOne(s, &p))) break;
    b = p;
  }
  size_t e = s.size();
  while (e > b) {
    const auto c = static_cast<unsigned char>(s[e - 1]);
    if (c < 0x80) {
      if (!IsAsciiSpace(c)) break;
      --e;
      continue;
    }
    size_t start = FloorBoundary(s, e - 1);
    size_t p = start;
    if (!IsSpace(DecodeOne(s, &p))) break;
    e = start;
  }
  return s.substr(b, e - b);
}

}  // namespace sitrep::base
