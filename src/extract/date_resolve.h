// Date resolution: turns the parts of a recognised time expression ("jeudi", "28 décembre",
// "la semaine dernière", "10 h 20") into an ISO 8601 value against an anchor date (the
// document's `published` date, or a comment's own timestamp). Pure functions, no clock: the only
// "now" is the anchor passed in (issue 3, DESIGN-NOTES section 5).
//
// Known vs implied parts (chrono's split): the fields of DateParts that are set are what the text
// said; everything else comes from the anchor. The most precise part said decides granularity.
//
// Thread safety: every function here is pure and safe for concurrent use.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/document.h"

namespace sitrep::extract {

// The reference time of an expression. `day` is always ok().
struct Anchor {
  std::chrono::year_month_day day;
  std::optional<int> hour;    // 0..23 when the anchor had a time of day
  std::optional<int> minute;  // 0..59
};

// Parses "2022-01-07", "2022-01-07T10:20", "2022-01-07T10:20:31Z", "2022-01-07 10:20+03:00"
// (the offset is ignored: values are wall-clock in the document's own zone). nullopt for anything
// else, for an impossible calendar date and for a year outside [kMinYear, kMaxYear].
std::optional<Anchor> ParseAnchor(std::string_view iso);

// Years we resolve. A year outside this range ("0", "99999") is never normalised into another
// date: the expression keeps value null.
inline constexpr int kMinYear = 1000;
inline constexpr int kMaxYear = 2999;

enum class RelativeUnit { kDay, kWeek, kMonth, kYear };
// Explicit direction said by the text: "vendredi dernier" / "last Friday" (kLast), "vendredi
// prochain" / "next Friday" (kNext). kLast and kNext exclude the anchor's own day/month.
enum class Direction { kNone, kLast, kNext };
// Tense of the governing verb: "manifestation prévue samedi" (kFuture) looks forward, news
// reports (kPast, the default) look back.
enum class Tense { kPast, kFuture };

// What the text said. Unset fields were not said.
struct DateParts {
  std::optional<int> year;     // as written; validated by ResolveDate
  std::optional<int> month;    // 1..12
  std::optional<int> day;      // as written (1..99); validated by ResolveDate
  std::optional<int> weekday;  // 1 = Monday .. 7 = Sunday
  std::optional<int> hour;     // 0..23
  std::optional<int> minute;   // 0..59
  // A relative expression: "hier" = {kDay, -1}, "la semaine dernière" = {kWeek, -1}.
  std::optional<RelativeUnit> relative_unit;
  int relative_offset = 0;
  Direction direction = Direction::kNone;
};

struct ResolvedTime {
  std::optional<std::string> value;  // "2022-01-07", "2022-01-07T10:20", "2022-W01", "2022-01", "2022"
  Granularity granularity = Granularity::kDay;
  // A content warning for the document ("weekday_mismatch", "invalid_date"); empty when none.
  std::string warning_code;
  std::string warning_message;
};

// Resolves `parts` against `anchor` (nullopt: unknown reference time).
//   - Complete dates (year, month, day) resolve without an anchor; relative and partial ones need
//     it and get value nullopt without one.
//   - A year-less date takes the anchor's year, or the previous year when that would put it more
//     than 61 days after the anchor ("28 décembre" in a January piece), or the next year when it
//     would be more than 300 days before. Future tense looks forward instead.
//   - A bare weekday is the latest such day up to the anchor (kPast) or the first from the anchor
//     on (kFuture); kLast / kNext exclude the anchor's day.
//   - A weekday said beside a full date is checked: a mismatch keeps the date and sets
//     warning_code "weekday_mismatch".
//   - An impossible date ("31 février", day 32, year 0 or 99999) gives value nullopt and
//     warning_code "invalid_date"; it is never normalised into another date.
ResolvedTime ResolveDate(const DateParts& parts, const std::optional<Anchor>& anchor, Tense tense);

// "2022-W01": ISO 8601 week of `d`. REQUIRES: d.ok().
std::string IsoWeek(std::chrono::year_month_day d);
// "2022-01-07". REQUIRES: d.ok().
std::string IsoDay(std::chrono::year_month_day d);
// 1 = Monday .. 7 = Sunday. REQUIRES: d.ok().
int IsoWeekday(std::chrono::year_month_day d);

}  // namespace sitrep::extract
