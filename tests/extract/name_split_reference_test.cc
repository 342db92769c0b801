// NameFolder::SplitWordsInto (name_key.cc), which the entity stage runs over every zone, reads
// ASCII bytes from a class table without decoding them (issue 4). This test keeps the word
// splitter as it was before (a reference, linked only into this test: one code point at a time,
// classes from ICU) and checks that both give the same word bounds and flags on the sample
// articles, on every one- and two-byte character and a sample of three-byte ones, and on random
// strings built from awkward pieces: hyphens glued and spaced, sentence ends, combining marks,
// Cyrillic, four-byte characters, invalid bytes.
#include <gtest/gtest.h>
#include <unicode/uchar.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "extract/name_key.h"
#include "lang/resources.h"

namespace sitrep::extract {
namespace {

const NameFolder& Folder() {
  static const NameFolder* folder = [] {
    auto r = lang::Resources::Load("");
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    auto f = NameFolder::Create(*r);
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    return f->release();
  }();
  return *folder;
}

// ---- Reference: name_key.cc's word splitter at the branch point, plus the dotted initialisms
// of the sixth session ("U.S." is one word). ----

bool RefIsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (u_isalnum(static_cast<UChar32>(c))) return true;
  int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

bool RefIsHyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

bool RefEndsSentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026 || c == '\n' || c == ';' ||
         c == 0x2022;
}

std::vector<WordBounds> RefSplitWords(std::string_view text, size_t max_tokens) {
  std::vector<WordBounds> tokens;
  size_t pos = 0;
  bool sentence_start = true;
  bool pending_hyphen = false;
  size_t prev_end = 0, hyphen_end = 0;
  while (pos < text.size() && tokens.size() < max_tokens) {
    size_t start = pos;
    char32_t c = base::DecodeOne(text, &pos);
    if (!RefIsWordChar(c)) {
      if (RefEndsSentence(c)) sentence_start = true;
      pending_hyphen = RefIsHyphen(c) && start == prev_end && !tokens.empty();
      hyphen_end = pos;
      continue;
    }
    WordBounds t;
    t.begin = static_cast<uint32_t>(start);
    t.hyphen_before = pending_hyphen && start == hyphen_end;
    t.sentence_start = sentence_start;
    size_t end = pos;
    while (pos < text.size()) {
      size_t p2 = pos;
      if (!RefIsWordChar(base::DecodeOne(text, &p2))) break;
      pos = end = p2;
    }
    auto upper = [&](size_t at) { return text[at] >= 'A' && text[at] <= 'Z'; };
    if (end == start + 1 && upper(start)) {
      while (end + 2 < text.size() && text[end] == '.' && upper(end + 1) && text[end + 2] == '.') {
        end += 2;
      }
      pos = end;
    }
    t.end = static_cast<uint32_t>(end);
    tokens.push_back(t);
    prev_end = end;
    sentence_start = false;
    pending_hyphen = false;
  }
  return tokens;
}

std::string Dump(const std::vector<WordBounds>& words) {
  std::string out;
  for (const WordBounds& w : words) {
    out += std::to_string(w.begin) + "-" + std::to_string(w.end);
    if (w.sentence_start) out += " S";
    if (w.hyphen_before) out += " H";
    out += "\n";
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

std::string Got(std::string_view text, size_t max_tokens = 100000) {
  std::vector<WordBounds> got;
  Folder().SplitWordsInto(text, max_tokens, &got);
  return Dump(got);
}

TEST(NameSplitReferenceTest, SampleArticlesSplitAsBefore) {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    SCOPED_TRACE(e.path().string());
    ASSERT_EQ(Got(ss.str()), Dump(RefSplitWords(ss.str(), 100000)));
    ASSERT_EQ(Got(ss.str(), 17), Dump(RefSplitWords(ss.str(), 17)));
    ++files;
  }
  EXPECT_GT(files, 0);
}

TEST(NameSplitReferenceTest, EveryShortCharacterSplitsAsBefore) {
  for (char32_t c = 1; c < 0x10000; c += c < 0x800 ? 1 : 7) {
    if (c >= 0xD800 && c < 0xE000) continue;
    std::string ch;
    base::AppendUtf8(c, &ch);
    for (const std::string& text :
         {ch, "a" + ch + "b", "X" + ch, ch + "Z9", "Ё" + ch + "я", ch + ch + " " + ch + ",é",
          "Nur-" + ch + "-Sultan", "x." + ch + " Y", ch + "\nA-" + ch}) {
      ASSERT_EQ(Got(text), Dump(RefSplitWords(text, 100000)))
          << "U+" << std::hex << uint32_t(c) << " in \"" << Show(text) << "\"";
    }
  }
}

// SplitWordsInto's ASCII fast path and token count: words of every length from one to
// forty-eight, at offsets from zero to seventeen,
// ended by every byte value, by letters and marks of two, three and four bytes, by a truncated
// sequence or by the end of the text, split as before.
TEST(NameSplitReferenceTest, LongWordsEndedByEveryByteSplitAsBefore) {
  const std::string kLetters = "aZ9qQ0zAmM5xXbB7yYcC3kKdD1wWeE8vVfF2uUgG4tThH6sS";
  ASSERT_EQ(kLetters.size(), 48u);
  std::vector<std::string> enders;
  for (int b = 0; b < 256; ++b) enders.push_back(std::string(1, char(b)));
  for (const char* e : {"é", "Ж", "ß", "\u0301", "…", "’", "\xC3", "\xC2\xA0", "😀", "-Nur"}) {
    enders.push_back(e);
  }
  for (size_t offset : {0, 1, 3, 15, 16, 17}) {
    for (size_t len = 1; len <= kLetters.size(); ++len) {
      for (const std::string& ender : enders) {
        const std::string word = std::string(offset, ' ') + kLetters.substr(0, len) + ender;
        for (const std::string& text : {word, word + "ab", word + std::string(20, 'k') + "é"}) {
          ASSERT_EQ(Got(text), Dump(RefSplitWords(text, 100000))) << "\"" << Show(text) << "\"";
        }
      }
    }
  }
  // A word of thousands of bytes, ASCII and mixed.
  std::string huge;
  for (int i = 0; i < 300; ++i) huge += i % 50 == 49 ? "Жé" : "Abcdefgh12";
  for (const std::string& text : {huge, " " + huge + ". X", huge + huge.substr(0, 7)}) {
    ASSERT_EQ(Got(text), Dump(RefSplitWords(text, 100000)));
  }
}

TEST(NameSplitReferenceTest, RandomTextsSplitAsBefore) {
  const std::vector<std::string> kPieces = {
      "a", "Z", "Nur", "Sultan", "12", "'", "’", "-", "‐", "‑", "–", " ", "  ", "\t", "\n",
      ".", "!", "?", ":", ";", "…", "•", ",", "«", "»", "é", "É", "ß", "İ", "ǅ", "ё", "Ё",
      "Казахстан", "\u0301", "\u0903", "\u0663", "\u00A0", "中", "😀", "\xff", "\xc3",
      "\xe2\x80", "\x80", "\xed\xa0\x80", "\xc0\xaf", "M.", "Dr.",
  };
  std::mt19937 rng(20261130);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int i = 0; i < 60000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
    const size_t max_tokens = i % 7 == 0 ? size_t(i % 5) : 100000;
    ASSERT_EQ(Got(text, max_tokens), Dump(RefSplitWords(text, max_tokens)))
        << "case " << i << ": \"" << Show(text) << "\"";
  }
}

}  // namespace
}  // namespace sitrep::extract
