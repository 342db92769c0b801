// Table tests for ResolveDate and the ISO helpers (src/extract/date_resolve.cc), checked against
// dates computed by hand. 2022-01-06 is a Thursday.
#include "extract/date_resolve.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace sitrep::extract {
namespace {

using std::chrono::year_month_day;

DateParts Day(std::optional<int> y, int m, int d) {
  DateParts p;
  p.year = y;
  p.month = m;
  p.day = d;
  return p;
}
DateParts Wd(int wd, Direction dir = Direction::kNone) {
  DateParts p;
  p.weekday = wd;
  p.direction = dir;
  return p;
}
DateParts Rel(RelativeUnit u, int off) {
  DateParts p;
  p.relative_unit = u;
  p.relative_offset = off;
  return p;
}
DateParts Month(std::optional<int> y, int m, Direction dir = Direction::kNone) {
  DateParts p;
  p.year = y;
  p.month = m;
  p.direction = dir;
  return p;
}

struct Row {
  const char* name;
  DateParts parts;
  const char* anchor;  // "" = none
  Tense tense;
  const char* value;   // "" = null
  Granularity g;
  const char* warning;
};

TEST(ResolveDateTest, Table) {
  DateParts with_time = Day(2022, 1, 7);
  with_time.hour = 10;
  with_time.minute = 20;
  DateParts wrong_wd = Day(2022, 1, 7);
  wrong_wd.weekday = 4;
  DateParts right_wd = Day(2022, 1, 7);
  right_wd.weekday = 5;
  DateParts yest_time = Rel(RelativeUnit::kDay, -1);
  yest_time.hour = 8;
  yest_time.minute = 5;
  DateParts bare_time;
  bare_time.hour = 22;
  bare_time.minute = 0;
  DateParts wd_day;
  wd_day.weekday = 7;
  wd_day.day = 9;
  DateParts wd_day_prev;
  wd_day_prev.weekday = 3;
  wd_day_prev.day = 29;
  const Row rows[] = {
      {"full date", Day(2022, 1, 7), "2022-01-06", Tense::kPast, "2022-01-07", Granularity::kDay, ""},
      {"full date, no anchor", Day(2022, 1, 7), "", Tense::kPast, "2022-01-07", Granularity::kDay, ""},
      {"datetime", with_time, "", Tense::kPast, "2022-01-07T10:20", Granularity::kDatetime, ""},
      {"31 February", Day(2022, 2, 31), "2022-01-06", Tense::kPast, "", Granularity::kDay, "invalid_date"},
      {"day 32", Day(std::nullopt, 1, 32), "2022-01-06", Tense::kPast, "", Granularity::kDay, "invalid_date"},
      {"year 0", Day(0, 1, 7), "2022-01-06", Tense::kPast, "", Granularity::kDay, "invalid_date"},
      {"year 99999", Day(99999, 1, 7), "2022-01-06", Tense::kPast, "", Granularity::kDay, "invalid_date"},
      {"29 Feb leap", Day(2024, 2, 29), "", Tense::kPast, "2024-02-29", Granularity::kDay, ""},
      {"29 Feb 2022", Day(2022, 2, 29), "", Tense::kPast, "", Granularity::kDay, "invalid_date"},
      {"year-less same year", Day(std::nullopt, 1, 5), "2022-01-06", Tense::kPast, "2022-01-05", Granularity::kDay, ""},
      {"28 Dec in January", Day(std::nullopt, 12, 28), "2022-01-06", Tense::kPast, "2021-12-28", Granularity::kDay, ""},
      {"19 Jan ahead", Day(std::nullopt, 1, 19), "2022-01-06", Tense::kPast, "2022-01-19", Granularity::kDay, ""},
      {"March in January (>61 d)", Day(std::nullopt, 3, 15), "2022-01-06", Tense::kPast, "2021-03-15", Granularity::kDay, ""},
      {"March future", Day(std::nullopt, 3, 15), "2022-01-06", Tense::kFuture, "2022-03-15", Granularity::kDay, ""},
      {"5 Jan in December", Day(std::nullopt, 1, 5), "2021-12-20", Tense::kPast, "2022-01-05", Granularity::kDay, ""},
      {"Dec 28 future in Jan", Day(std::nullopt, 12, 28), "2022-01-06", Tense::kFuture, "2022-12-28", Granularity::kDay, ""},
      {"year-less no anchor", Day(std::nullopt, 1, 5), "", Tense::kPast, "", Granularity::kDay, ""},
      {"weekday match", right_wd, "", Tense::kPast, "2022-01-07", Granularity::kDay, ""},
      {"weekday mismatch", wrong_wd, "", Tense::kPast, "2022-01-07", Granularity::kDay, "weekday_mismatch"},
      {"Friday past", Wd(5), "2022-01-06", Tense::kPast, "2021-12-31", Granularity::kDay, ""},
      {"Thursday past = anchor", Wd(4), "2022-01-06", Tense::kPast, "2022-01-06", Granularity::kDay, ""},
      {"Wednesday past", Wd(3), "2022-01-06", Tense::kPast, "2022-01-05", Granularity::kDay, ""},
      {"Sunday past", Wd(7), "2022-01-06", Tense::kPast, "2022-01-02", Granularity::kDay, ""},
      {"Saturday future", Wd(6), "2022-01-06", Tense::kFuture, "2022-01-08", Granularity::kDay, ""},
      {"Thursday future = anchor", Wd(4), "2022-01-06", Tense::kFuture, "2022-01-06", Granularity::kDay, ""},
      {"Monday future", Wd(1), "2022-01-06", Tense::kFuture, "2022-01-10", Granularity::kDay, ""},
      {"last Thursday", Wd(4, Direction::kLast), "2022-01-06", Tense::kPast, "2021-12-30", Granularity::kDay, ""},
      {"next Thursday", Wd(4, Direction::kNext), "2022-01-06", Tense::kPast, "2022-01-13", Granularity::kDay, ""},
      {"last Friday beats future", Wd(5, Direction::kLast), "2022-01-06", Tense::kFuture, "2021-12-31", Granularity::kDay, ""},
      {"weekday no anchor", Wd(5), "", Tense::kPast, "", Granularity::kDay, ""},
      {"weekday + day", wd_day, "2022-01-06", Tense::kPast, "2022-01-09", Granularity::kDay, ""},
      {"weekday + day prev month", wd_day_prev, "2022-01-06", Tense::kPast, "2021-12-29", Granularity::kDay, ""},
      {"yesterday", Rel(RelativeUnit::kDay, -1), "2022-01-01", Tense::kPast, "2021-12-31", Granularity::kDay, ""},
      {"yesterday 08:05", yest_time, "2022-01-06", Tense::kPast, "2022-01-05T08:05", Granularity::kDatetime, ""},
      {"last week", Rel(RelativeUnit::kWeek, -1), "2022-01-12", Tense::kPast, "2022-W01", Granularity::kWeek, ""},
      {"last week at year end", Rel(RelativeUnit::kWeek, -1), "2022-01-06", Tense::kPast, "2021-W52", Granularity::kWeek, ""},
      {"this week 2021-01-01", Rel(RelativeUnit::kWeek, 0), "2021-01-01", Tense::kPast, "2020-W53", Granularity::kWeek, ""},
      {"last month", Rel(RelativeUnit::kMonth, -1), "2022-01-06", Tense::kPast, "2021-12", Granularity::kMonth, ""},
      {"last year", Rel(RelativeUnit::kYear, -1), "2022-01-06", Tense::kPast, "2021", Granularity::kYear, ""},
      {"relative no anchor", Rel(RelativeUnit::kDay, -1), "", Tense::kPast, "", Granularity::kDay, ""},
      {"September in January", Month(std::nullopt, 9), "2022-01-06", Tense::kPast, "2021-09", Granularity::kMonth, ""},
      {"February in January", Month(std::nullopt, 2), "2022-01-06", Tense::kPast, "2022-02", Granularity::kMonth, ""},
      {"September future", Month(std::nullopt, 9), "2022-01-06", Tense::kFuture, "2022-09", Granularity::kMonth, ""},
      {"January last", Month(std::nullopt, 1, Direction::kLast), "2022-01-06", Tense::kPast, "2021-01", Granularity::kMonth, ""},
      {"month+year", Month(2013, 5), "", Tense::kPast, "2013-05", Granularity::kMonth, ""},
      {"weekday past the last year", Wd(6), "2999-12-31", Tense::kFuture, "", Granularity::kDay, ""},
      {"month past the last year", Month(std::nullopt, 1), "2999-12-31", Tense::kFuture, "", Granularity::kMonth, ""},
      {"time alone", bare_time, "2022-01-06", Tense::kPast, "2022-01-06T22:00", Granularity::kDatetime, ""},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    std::optional<Anchor> a = std::string(r.anchor).empty() ? std::nullopt : ParseAnchor(r.anchor);
    ResolvedTime got = ResolveDate(r.parts, a, r.tense);
    EXPECT_EQ(got.value.value_or(""), r.value);
    EXPECT_EQ(got.granularity, r.g);
    EXPECT_EQ(got.warning_code, r.warning);
  }
}

TEST(ResolveDateTest, YearAlone) {
  DateParts p;
  p.year = 2013;
  EXPECT_EQ(ResolveDate(p, std::nullopt, Tense::kPast).value.value_or(""), "2013");
  p.year = 0;
  EXPECT_FALSE(ResolveDate(p, std::nullopt, Tense::kPast).value.has_value());
}

TEST(ParseAnchorTest, Forms) {
  struct {
    const char* in;
    bool ok;
    int hour;
  } rows[] = {{"2022-01-07", true, -1},          {"2022-01-07T10:20", true, 10},
              {"2022-01-07T10:20:31Z", true, 10}, {"2022-01-07 23:59+03:00", true, 23},
              {"2022-02-30", false, -1},          {"0000-01-07", false, -1},
              {"2022-1-7", false, -1},            {"", false, -1},
              {"2022-01-07T25:00", true, -1}};
  for (const auto& r : rows) {
    SCOPED_TRACE(r.in);
    auto a = ParseAnchor(r.in);
    EXPECT_EQ(a.has_value(), r.ok);
    if (a) {
      EXPECT_EQ(a->hour.value_or(-1), r.hour);
    }
  }
}

// Reference check: IsoWeek against a slow, obviously-right count over every day of 2000..2030.
TEST(IsoWeekTest, MatchesDayByDayCount) {
  using namespace std::chrono;
  sys_days d = sys_days(year{2000} / January / 3);  // a Monday, week 2000-W01
  int y = 2000, w = 1;
  for (; d < sys_days(year{2031} / January / 1); d += days(7)) {
    year_month_day thu{d + days(3)};
    if (int(thu.year()) != y) {
      y = int(thu.year());
      w = 1;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", y, w);
    for (int k = 0; k < 7; ++k) {
      ASSERT_EQ(IsoWeek(year_month_day{d + days(k)}), buf);
    }
    ++w;
  }
}

// Reference check: IsoDay (hand-written digits) against snprintf's "%04d-%02d-%02d" over
// years with fewer and more than four digits and every month and day count.
TEST(IsoDayTest, MatchesSnprintf) {
  using namespace std::chrono;
  for (int y : {-32767, -1000, -999, -10, -1, 0, 1, 9, 10, 99, 999, 1000, 2022, 9999, 10000,
                32767}) {
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d : {1u, 9u, 10u, 28u, 31u}) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
        ASSERT_EQ(IsoDay(year_month_day{year{y}, month{m}, day{d}}), buf) << y << " " << m;
      }
    }
  }
}

TEST(ResolveDateTest, WritesTimeOfDayWithTwoDigits) {
  DateParts p;
  p.year = 2022;
  p.month = 1;
  p.day = 6;
  p.hour = 7;
  p.minute = 5;
  EXPECT_EQ(ResolveDate(p, std::nullopt, Tense::kPast).value.value_or(""), "2022-01-06T07:05");
  p.hour = 23;
  p.minute = 59;
  EXPECT_EQ(ResolveDate(p, std::nullopt, Tense::kPast).value.value_or(""), "2022-01-06T23:59");
}

}  // namespace
}  // namespace sitrep::extract
