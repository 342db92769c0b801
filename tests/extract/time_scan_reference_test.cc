// The time scanner's tokenizer (time_scan.cc) has fast paths for well-formed two- and
// three-byte characters, for the letters of Latin-1, Latin Extended-A and basic Cyrillic, and
// folds non-ASCII words in one buffer (issue 4). This test keeps the plain tokenizer as it was
// before those paths (a reference, linked only into this test) and checks that both give the
// same tokens (DumpTimeTokens) on the sample articles, on every one- and two-byte character and
// on random strings built from awkward pieces: title-case and length-changing capitals,
// apostrophes, combining marks, Cyrillic, four-byte characters, invalid bytes.
#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "extract/time_scan.h"

namespace sitrep::extract {
namespace {

// ---- Reference: time_scan.cc's Tokenize at the branch point, rendered as DumpTimeTokens. ----

bool RefIsLetter(char32_t c) {
  return u_isalpha(UChar32(c)) || (U_GET_GC_MASK(UChar32(c)) & U_GC_M_MASK) != 0;
}

char32_t RefFoldChar(char32_t c) {
  if (c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'`') return U'\'';
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return char32_t(u_tolower(UChar32(c)));
}

char32_t RefNext(std::string_view s, size_t* pos) {
  int32_t i = int32_t(*pos);
  UChar32 c;
  U8_NEXT(s.data(), i, int32_t(s.size()), c);
  *pos = size_t(i);
  return c < 0 ? U'\uFFFD' : char32_t(c);
}

std::string RefDump(std::string_view s) {
  constexpr size_t kMaxFoldedTokenBytes = 64;
  std::string out;
  size_t pos = 0;
  bool space = false, newline = false;
  while (pos < s.size()) {
    const size_t start = pos;
    const char32_t c = RefNext(s, &pos);
    if (c == '\n' || c == '\r' || c == U'\u2028' || c == U'\u2029') {
      space = newline = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || (c >= 0x80 && base::IsSpace(c))) {
      space = true;
      continue;
    }
    std::string fold, kind, tail;
    bool capital = false;
    if (c >= '0' && c <= '9') {
      kind = "N";
      size_t e = start;
      while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
      pos = e;
      const size_t digits = e - start;
      int64_t v = -1;
      if (digits <= 9) std::from_chars(s.data() + start, s.data() + e, v);
      if (digits <= kMaxFoldedTokenBytes) fold = std::string(s.substr(start, digits));
      tail = " " + std::to_string(digits) + " " + std::to_string(int32_t(v));
    } else if (RefIsLetter(c)) {
      kind = "W";
      capital = u_isupper(UChar32(c)) || u_istitle(UChar32(c));
      size_t e = pos;
      while (e < s.size()) {
        size_t next = e;
        if (!RefIsLetter(RefNext(s, &next))) break;
        e = next;
      }
      pos = e;
      if (e - start <= kMaxFoldedTokenBytes) {
        size_t p = start;
        while (p < e) base::AppendUtf8(RefFoldChar(RefNext(s, &p)), &fold);
      }
    } else {
      kind = "P";
      base::AppendUtf8(RefFoldChar(c), &fold);
    }
    out += std::to_string(start) + " " + std::to_string(pos) + " " + kind + " " + fold + " ";
    if (space) out += 's';
    if (newline) out += 'n';
    if (capital) out += 'C';
    out += tail + "\n";
    space = newline = false;
  }
  return out;
}

std::string Show(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) {
      out += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST(TimeScanReferenceTest, SampleArticlesTokenizeAsBefore) {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    SCOPED_TRACE(e.path().string());
    ASSERT_EQ(DumpTimeTokens(ss.str()), RefDump(ss.str()));
    ++files;
  }
  EXPECT_GT(files, 0);
}

// Every code point below U+0800 and a sample of the three-byte ones, alone and inside, before
// and after words in capitals and lower case.
TEST(TimeScanReferenceTest, EveryShortCharacterTokenizesAsBefore) {
  for (char32_t c = 1; c < 0x10000; c += c < 0x800 ? 1 : 7) {
    if (c >= 0xD800 && c < 0xE000) continue;
    std::string ch;
    base::AppendUtf8(c, &ch);
    for (const std::string& text :
         {ch, "a" + ch + "b", "X" + ch, ch + "Z9", "Ё" + ch + "я", ch + ch + " " + ch + ",é",
          "- " + ch + " -x", std::string(70, 'Q') + ch + "ÉTÉ" + std::string(70, 'e'),
          "Jan" + ch + "VIER 6" + ch + "12"}) {
      ASSERT_EQ(DumpTimeTokens(text), RefDump(text))
          << "U+" << std::hex << uint32_t(c) << " in \"" << Show(text) << "\"";
    }
  }
}

TEST(TimeScanReferenceTest, RandomTextsTokenizeAsBefore) {
  const std::vector<std::string> kPieces = {
      "a", "Z", "janvier", "JANV", "Mai", "12", "2025", "0", "1234567890", "'", "’", "‘", "ʼ",
      "`", "-", ":", ".", ",", " ", "  ", "\t", "\n", "\r", "\u2028", "\u00A0", "\u202F",
      "é", "É", "à", "œ", "ß", "ÿ", "Ÿ", "İ", "ǅ", "Ǆ", "Ⱥ", "ⱥ", "K", "Ω", "ё", "Ё", "я", "Я",
      "января", "ЯНВАРЯ", "\u0301", "\u0903", "\u0663", "中", "😀", "𝐀", "\xff", "\xc3",
      "\xe2\x80", "\x80", "\xed\xa0\x80", "\xe0\x80\x80", "\xc0\xaf", "\xf4\x90\x80\x80",
      std::string(40, 'x'), std::string(30, 'e') + "é",
  };
  std::mt19937 rng(20261130);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int i = 0; i < 60000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
    ASSERT_EQ(DumpTimeTokens(text), RefDump(text)) << "case " << i << ": \"" << Show(text) << "\"";
  }
}

}  // namespace
}  // namespace sitrep::extract
