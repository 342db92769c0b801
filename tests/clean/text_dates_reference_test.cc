// TextDateReader reads the groups of a day-month-year or month-day-year match by hand
// (ReadDayMonthYearGroups, ReadMonthDayYearGroups in text_dates.cc) and asks RE2's group
// patterns only when the hand reading is unsure (issue 4). This test keeps those group patterns
// as FromTables builds them (the reference) and checks, on dates built from awkward pieces
// (ordinal suffixes in both cases and with the long s, every RE2 space and the ones it does not
// count, commas, three-digit days, five-digit years, connectors in both cases and the rounded
// ve of Unicode case folding, "h" and ":" with spaces, am/pm with dots, text going on after the
// end), that whenever the hand reading answers, RE2 matches too and puts the same groups at the
// same places; and that the hand reading does answer for the usual dates.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "clean/text_dates.h"

namespace sitrep::clean {
namespace {

// ---- Reference: the group patterns of TextDateReader::FromTables. ----
constexpr const char* kTimeTail =
    R"((?:\s*,?\s*(?:à|a|at|в|um|-|–)?\s*(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*([ap])\.?m\b\.?)?)?)";

RE2::Options Options() {
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  return opt;
}

const RE2& DayMonthYear() {
  static const RE2 re(std::string(R"((\d{1,2})(?:er|st|nd|rd|th)?\s+([^\s,]+)\s*,?\s+(\d{4}))") +
                          kTimeTail,
                      Options());
  return re;
}

const RE2& MonthDayYear() {
  static const RE2 re(std::string(R"((\S+)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}))") +
                          kTimeTail,
                      Options());
  return re;
}

using Reader = bool (*)(std::string_view, size_t, size_t, re2::StringPiece*);

struct Tally {
  int answered = 0;
  int unsure = 0;
};

// Compares the hand reading of text[from, end) with RE2's; true when the hand reading answered.
bool Same(Reader hand, const RE2& re, const std::string& text, size_t from, size_t end,
          Tally* tally) {
  re2::StringPiece mine[7], theirs[7];
  const bool answered = hand(text, from, end, mine);
  if (!answered) {
    ++tally->unsure;
    return false;
  }
  ++tally->answered;
  const bool matched =
      re.Match(re2::StringPiece(text), from, end, RE2::ANCHOR_BOTH, theirs, 7);
  EXPECT_TRUE(matched) << testing::PrintToString(text) << " [" << from << ", " << end << ")";
  if (!matched) return true;
  for (int i = 1; i <= 6; ++i) {
    EXPECT_EQ(mine[i].data() == nullptr, theirs[i].data() == nullptr)
        << "group " << i << " of " << testing::PrintToString(text);
    if (theirs[i].data() == nullptr) continue;
    EXPECT_EQ(mine[i].data() - text.data(), theirs[i].data() - text.data())
        << "group " << i << " of " << testing::PrintToString(text);
    EXPECT_EQ(mine[i].size(), theirs[i].size())
        << "group " << i << " of " << testing::PrintToString(text);
  }
  return true;
}

TEST(TextDateGroupsTest, UsualDatesAreReadByHand) {
  struct Case {
    Reader hand;
    const char* text;
    const char* groups[6];
  };
  const Case kCases[] = {
      {ReadDayMonthYearGroups, "7 janvier 2022 10: 20", {"7", "janvier", "2022", "10", "20", ""}},
      {ReadDayMonthYearGroups, "1er mars 2025", {"1", "mars", "2025", "", "", ""}},
      {ReadDayMonthYearGroups, "13 мая 2025 в 19:47", {"13", "мая", "2025", "19", "47", ""}},
      {ReadDayMonthYearGroups, "2 February, 2024 at 9:05 p.m.", {"2", "February", "2024", "9", "05", "p"}},
      {ReadDayMonthYearGroups, "14 févr. 2025 à 08h30", {"14", "févr.", "2025", "08", "30", ""}},
      {ReadMonthDayYearGroups, "March 16, 2025 at 10:20 pm", {"March", "16", "2025", "10", "20", "p"}},
      {ReadMonthDayYearGroups, "Jan. 3rd 2024", {"Jan.", "3", "2024", "", "", ""}},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    const std::string text = c.text;
    re2::StringPiece g[7];
    ASSERT_TRUE(c.hand(text, 0, text.size(), g));
    for (int i = 1; i <= 6; ++i) {
      EXPECT_EQ(std::string(g[i].data() ? std::string(g[i].data(), g[i].size()) : ""), c.groups[i - 1]);
    }
    Tally tally;
    Same(c.hand, c.hand == ReadDayMonthYearGroups ? DayMonthYear() : MonthDayYear(), text, 0,
         text.size(), &tally);
  }
}

TEST(TextDateGroupsTest, HandReadingAgreesWithRe2OnAwkwardDates) {
  const std::vector<std::string> kDays = {"7", "07", "31", "123", "", "x7"};
  const std::vector<std::string> kSuffixes = {"", "er", "ER", "st", "St", "\u017Ft", "nd", "rd",
                                              "th", "TH", "e"};
  const std::vector<std::string> kSpaces = {" ", "  ", "\t", "\n", "\r", "\f", "\v", "\u00a0",
                                            "", " \u00a0 "};
  const std::vector<std::string> kMonths = {"janvier", "F\u00e9vrier", "\u044f\u043d\u0432\u0430\u0440\u044f",
                                            "March", "Jan.", "mars,", "a,b", "x\xff", "\u00e9",
                                            "12", "1st"};
  const std::vector<std::string> kSeparators = {" ", ", ", " , ", ",", " ,", "  ", "\v", ",\t"};
  const std::vector<std::string> kYears = {"2022", "20221", "202", "1999", "2022x"};
  const std::vector<std::string> kConnectors = {"", " ", ", ", " \u00e0 ", " \u00c0 ", " a ", "a",
                                                " at ", " AT", "at", " \u0432 ", " \u0412 ",
                                                " \u1c80 ", " um ", " UM ", " - ", " \u2013 ",
                                                " ,", " x "};
  const std::vector<std::string> kHours = {"10", "1", "100", "", "1a"};
  const std::vector<std::string> kColons = {":", "h", "H", " : ", "\u02d0", " h "};
  const std::vector<std::string> kMinutes = {"20", "2", "200", "2x"};
  const std::vector<std::string> kAmPm = {"", " am", "am", " a.m.", " PM", " pm.", " p.M", "amx",
                                          " a m", " am.", " m", ".", " "};
  const std::vector<std::string> kAfter = {"", "x", "m", ".", " ", "5", "\u00e9"};
  std::mt19937 rng(4);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[rng() % v.size()];
  };
  Tally dmy, mdy;
  for (int i = 0; i < 60000; ++i) {
    std::string tail;
    if (rng() % 3 != 0) {
      tail = pick(kConnectors) + pick(kHours) + pick(kColons) + pick(kMinutes) + pick(kAmPm);
    }
    const std::string day = pick(kDays) + pick(kSuffixes);
    const std::string month = pick(kMonths);
    const std::string rest = pick(kSeparators) + pick(kYears) + tail;
    // The matched span is text[from, end): a character before it (the pattern's (?:^|[^\pL\pN]))
    // and text after it, which \b may look at.
    const std::string before = rng() % 2 ? "" : "(";
    const std::string after = pick(kAfter);
    const std::string a = before + day + pick(kSpaces) + month + rest + after;
    Same(ReadDayMonthYearGroups, DayMonthYear(), a, before.size(), a.size() - after.size(), &dmy);
    const std::string b = before + month + pick(kSpaces) + day + rest + after;
    Same(ReadMonthDayYearGroups, MonthDayYear(), b, before.size(), b.size() - after.size(), &mdy);
    if (HasFailure()) return;
  }
  // The hand reading must answer often (it is the fast path), and leave some to RE2.
  EXPECT_GT(dmy.answered, 500);
  EXPECT_GT(mdy.answered, 500);
  EXPECT_GT(dmy.unsure, 1000);
  EXPECT_GT(mdy.unsure, 1000);
}

// Random strings of date pieces, not in date order: the hand reading may answer only with RE2's
// groups.
TEST(TextDateGroupsTest, HandReadingAgreesWithRe2OnJumbledPieces) {
  const std::vector<std::string> kPieces = {"7", "12", "2022", " ", "  ", ",", "\t", "\v",
                                            "mai", "May", "\u043c\u0430\u044f", "er", "st", "th",
                                            "\u017F", "at", "\u00e0", "\u0432", "\u1c80", "-",
                                            "\u2013", ":", "h", "am", "p.m.", ".", "m", "x", "\xc3"};
  std::mt19937 rng(11);
  Tally dmy, mdy;
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < n; ++k) s += kPieces[rng() % kPieces.size()];
    const size_t end = s.size() - (rng() % 3 == 0 && !s.empty() ? 1 : 0);
    Same(ReadDayMonthYearGroups, DayMonthYear(), s, 0, end, &dmy);
    Same(ReadMonthDayYearGroups, MonthDayYear(), s, 0, end, &mdy);
    if (HasFailure()) return;
  }
  EXPECT_GT(dmy.answered + mdy.answered, 0);
}

}  // namespace
}  // namespace sitrep::clean
