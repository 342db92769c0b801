// Small UTF-8 helpers. Everything here works on bytes and never allocates unless it returns a
// string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::base {

// Length of the longest valid UTF-8 prefix of `s` (== s.size() when all of `s` is valid).
// Rejects overlongs, surrogates and code points above U+10FFFF.
size_t ValidUtf8Prefix(std::string_view s);
inline bool IsValidUtf8(std::string_view s) { return ValidUtf8Prefix(s) == s.size(); }

// True if `offset` is at a code point boundary of valid UTF-8 `s` (0 and s.size() are).
inline bool IsBoundary(std::string_view s, size_t offset) {
  return offset == 0 || offset == s.size() ||
         (offset < s.size() && (static_cast<unsigned char>(s[offset]) & 0xC0) != 0x80);
}

// Characters of UTF-8 text: the bytes that start one (a stray continuation byte counts none).
inline size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

// Moves `offset` back to the nearest code point boundary at or before it.
size_t FloorBoundary(std::string_view s, size_t offset);

// Decodes one code point at `*pos` of valid UTF-8 and advances `*pos`. Returns U+FFFD and
// advances one byte on invalid input.
char32_t DecodeOne(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);

// `s` with every invalid byte replaced by U+FFFD (a copy of `s` when it is already valid). For
// strings that arrive from containers (a WARC header, a JSON field) rather than through decoding.
std::string ScrubUtf8(std::string_view s);

// Trims ASCII and Unicode spaces (NBSP, NNBSP, ideographic...) from both ends.
std::string_view TrimSpace(std::string_view s);
// True if the code point is a space of any kind (including NBSP U+00A0, U+202F, U+2000..U+200B).
bool IsSpace(char32_t c);

}  // namespace sitrep::base
