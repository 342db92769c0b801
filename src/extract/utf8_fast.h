// Inline UTF-8 and character-class helpers for the word tokenizers of the claim and event
// stages (claim_words.cc, event_lexicon.cc, events.cc), which look at every character of every
// sentence: the common cases (ASCII, well-formed two- and three-byte sequences, Latin-1 and
// Cyrillic letters) are answered here without a call; everything else goes to base:: or ICU
// with the same result (issue 4: the per-document pipeline at 20 MB/s).
//
// Thread safety: pure functions.
#pragma once

#include <unicode/uchar.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"

namespace sitrep::extract {

// ASCII letters and digits over all 256 byte values (false for non-ASCII bytes): the claim and
// event tokenizers' run of an ASCII word.
inline constexpr std::array<bool, 256> kAsciiWordByte = [] {
  std::array<bool, 256> t{};
  for (size_t b = 0; b < 128; ++b) {
    t[b] = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
  }
  return t;
}();

// Same result as base::DecodeOne (U+FFFD and one byte on invalid input).
// REQUIRES: *pos < s.size().
inline char32_t NextCodePoint(std::string_view s, size_t* pos) {
  size_t i = *pos;
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < s.size()) {
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b1 & 0xC0) == 0x80) {
      *pos = i + 2;
      return (char32_t(b0 & 0x1F) << 6) | (b1 & 0x3F);
    }
  }
  // E1..EC and EE..EF with two continuation bytes are never overlong nor surrogates.
  if (b0 >= 0xE1 && b0 <= 0xEF && b0 != 0xED && i + 2 < s.size()) {
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    auto b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *pos = i + 3;
      return (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | (b2 & 0x3F);
    }
  }
  return base::DecodeOne(s, pos);
}

// Same result as base::IsSpace.
inline bool IsSpaceFast(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 9 && c <= 13);
  return base::IsSpace(c);
}

// Letters of Latin-1, Latin Extended-A and the basic Cyrillic block: u_isalpha is true for all.
inline bool IsCommonLetter(char32_t c) {
  return (c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7) || (c >= 0x400 && c <= 0x45F);
}

// Same result as u_tolower (simple case mapping).
inline char32_t ToLowerFast(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;  // А..Я
  if (c >= 0x430 && c <= 0x45F) return c;          // а..я, ѐ..џ
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;  // Ѐ..Џ
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0xDF && c <= 0xFF && c != 0xFF) return c;  // ß..þ (ÿ maps to itself too, via ICU)
  return char32_t(u_tolower(UChar32(c)));
}

// Same result as u_isupper (general category Lu).
inline bool IsUpperFast(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0x400 && c <= 0x42F) return true;   // Ѐ..Я
  if (c >= 0x430 && c <= 0x45F) return false;  // а..џ
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0xDF && c <= 0xFF) return false;
  return u_isupper(UChar32(c)) != 0;
}

// Gathers bytes on the stack and appends them to `*out` in blocks (at the latest when
// destroyed): one string append per word instead of one per character.
class ByteSink {
 public:
  explicit ByteSink(std::string* out) : out_(out) {}
  ~ByteSink() { Flush(); }
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  void Put(char c) {
    if (n_ == sizeof buf_) Flush();
    buf_[n_++] = c;
  }
  void Put(std::string_view s) {
    for (char c : s) Put(c);
  }
  // UTF-8 of `c` (as base::AppendUtf8).
  void PutCodePoint(char32_t c) {
    if (n_ + 4 > sizeof buf_) Flush();
    if (c < 0x80) {
      buf_[n_++] = char(c);
    } else if (c < 0x800) {
      buf_[n_++] = char(0xC0 | (c >> 6));
      buf_[n_++] = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      buf_[n_++] = char(0xE0 | (c >> 12));
      buf_[n_++] = char(0x80 | ((c >> 6) & 0x3F));
      buf_[n_++] = char(0x80 | (c & 0x3F));
    } else {
      buf_[n_++] = char(0xF0 | (c >> 18));
      buf_[n_++] = char(0x80 | ((c >> 12) & 0x3F));
      buf_[n_++] = char(0x80 | ((c >> 6) & 0x3F));
      buf_[n_++] = char(0x80 | (c & 0x3F));
    }
  }
  void Flush() {
    out_->append(buf_, n_);
    n_ = 0;
  }

 private:
  std::string* out_;
  char buf_[128];
  size_t n_ = 0;
};

}  // namespace sitrep::extract
