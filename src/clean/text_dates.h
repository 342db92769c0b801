// TextDateReader: finds calendar dates (with an optional time of day) written in page text, in any
// language that has a months.tsv pack: "7 janvier 2022 10: 20", "January 7, 2022 at 10:20 pm",
// "7 января 2022 в 10:20", "2022-01-07 10:20", "07.01.2022". Month names are data
// (resources/<lang>/months.tsv); the structure of the patterns is shared by every language.
//
// Only dates with a year are read: "vendredi 7 janvier" is left to the time extractor, which can
// resolve it against the publication date.
//
// Thread safety: immutable after Create(); Find() is const and safe for concurrent use.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/tsv.h"
#include "lang/resources.h"
#include "sitrep/status.h"

namespace re2 {
class RE2;
class StringPiece;
}

namespace sitrep::clean {

struct TextDate {
  std::string iso;     // "2022-01-07" or "2022-01-07T10:20"
  bool has_time = false;
  size_t begin = 0;    // byte offsets of the date expression inside the searched text
  size_t end = 0;
};

class TextDateReader {
 public:
  // Reads months.tsv from every pack. Corrupt("path:line: ...") on a bad row (month outside 1..12,
  // empty name).
  static Result<std::unique_ptr<TextDateReader>> Create(const lang::Resources& resources);
  // Same, from already parsed tables (columns number, name). Used by tests.
  static Result<std::unique_ptr<TextDateReader>> FromTables(
      const std::vector<base::TsvTable>& month_tables);
  ~TextDateReader();
  TextDateReader(const TextDateReader&) = delete;  // owns compiled regexps
  TextDateReader& operator=(const TextDateReader&) = delete;

  // The earliest valid date (with a year) in `text`, or nullopt. Invalid calendar dates
  // ("31 février 2022") and hours >= 24 are rejected, not clamped.
  // REQUIRES: text is valid UTF-8. Linear in text size.
  std::optional<TextDate> Find(std::string_view text) const;

 private:
  TextDateReader() = default;
  std::optional<int> MonthNumber(std::string_view name) const;

  std::unordered_map<std::string, int> months_;  // lower-cased name -> 1..12
  // The month-name patterns find dates; their groups are then read, on exactly the text each
  // matched, by a small pattern of the same shape (see FromTables): RE2 reads groups in time
  // proportional to the program's size, and the names and Unicode classes make it large.
  std::unique_ptr<re2::RE2> day_month_year_;
  std::unique_ptr<re2::RE2> month_day_year_;
  std::unique_ptr<re2::RE2> day_month_year_groups_;  // null: read groups with the one above
  std::unique_ptr<re2::RE2> month_day_year_groups_;
  std::unique_ptr<re2::RE2> letter_or_digit_;
  std::unique_ptr<re2::RE2> iso_;
  std::unique_ptr<re2::RE2> dotted_;
};

// The groups 1..6 that TextDateReader's day-month-year (and month-day-year) group pattern, matched
// by RE2 on text[from, end) with ANCHOR_BOTH (the whole text as context), puts in g[1..6]; g[0] is
// left alone. False when there is no such match or the text holds something the hand reading
// leaves to RE2 (non-ASCII case variants, invalid UTF-8): the caller then asks RE2. Exposed for
// the test that compares them with RE2.
bool ReadDayMonthYearGroups(std::string_view text, size_t from, size_t end, re2::StringPiece* g);
bool ReadMonthDayYearGroups(std::string_view text, size_t from, size_t end, re2::StringPiece* g);

// Lower-cases UTF-8 text with Unicode rules (É -> é, Я -> я).
std::string LowerUtf8(std::string_view s);

}  // namespace sitrep::clean
