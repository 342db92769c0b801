#include "base/utf8.h"

#include <gtest/gtest.h>

namespace sitrep::base {
namespace {

TEST(Utf8Test, ValidPrefixStopsAtFirstBadSequence) {
  struct Case {
    std::string input;
    size_t expected;
  } cases[] = {
      {"", 0},
      {"abc", 3},
      {"\xC3\xA9t\xC3\xA9", 5},            // été
      {"\xD0\x9C\xD0\xB8\xD1\x80", 6},     // Мир
      {"ab\xC3", 2},                        // truncated sequence
      {"ab\xC0\xAF", 2},                    // overlong '/'
      {"a\xED\xA0\x80", 1},                 // UTF-16 surrogate
      {"a\xF4\x90\x80\x80", 1},             // above U+10FFFF
      {"\xF0\x9F\x98\x80!", 5},             // emoji
      {"x\xFFy", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(ValidUtf8Prefix(c.input), c.expected);
  }
}

TEST(Utf8Test, DecodeOneReplacesInvalidByteAndAdvancesOne) {
  std::string s = "\xFFz";
  size_t pos = 0;
  EXPECT_EQ(DecodeOne(s, &pos), char32_t{0xFFFD});
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeOne(s, &pos), char32_t{'z'});
}

TEST(Utf8Test, AppendRoundTripsEveryLength) {
  for (char32_t cp : {char32_t{0x41}, char32_t{0xE9}, char32_t{0x0416}, char32_t{0x20AC},
                      char32_t{0x1F600}}) {
    std::string s;
    AppendUtf8(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(DecodeOne(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST(Utf8Test, TrimSpaceRemovesUnicodeSpaces) {
  // NBSP, narrow NBSP and ideographic space around French text.
  EXPECT_EQ(TrimSpace("\xC2\xA0 \xE2\x80\xAF" "mot \xE3\x80\x80"), "mot");
  EXPECT_EQ(TrimSpace("   "), "");
  EXPECT_EQ(TrimSpace("a b"), "a b");
}

TEST(Utf8Test, FloorBoundaryNeverSplitsACodePoint) {
  std::string s = "a\xD0\x96" "b";  // aЖb
  EXPECT_EQ(FloorBoundary(s, 2), 1u);
  EXPECT_EQ(FloorBoundary(s, 3), 3u);
  EXPECT_TRUE(IsBoundary(s, 1));
  EXPECT_FALSE(IsBoundary(s, 2));
}

}  // namespace
}  // namespace sitrep::base

namespace sitrep::base {
namespace {

TEST(ScrubUtf8Test, ReplacesOnlyInvalidBytes) {
  EXPECT_EQ(ScrubUtf8("d\xC3\xA9j\xC3\xA0"), "d\xC3\xA9j\xC3\xA0");
  EXPECT_EQ(ScrubUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ScrubUtf8("\xD0"), "\xEF\xBF\xBD");  // truncated two-byte sequence
  EXPECT_EQ(ScrubUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_TRUE(IsValidUtf8(ScrubUtf8("\xC0\xAF\x80 x \xF5\x80")));
  EXPECT_EQ(ScrubUtf8(""), "");
}

}  // namespace
}  // namespace sitrep::base
