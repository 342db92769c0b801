#include "extract/date_resolve.h"

#include <algorithm>

namespace sitrep::extract {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Year-less dates: how far after the anchor a date may fall before we take the previous year
// ("28 décembre" in a 6 January piece is last December), and how far before before we take the
// next year ("5 janvier" in a 20 December piece). About two and ten months.
constexpr int kMaxDaysAfterAnchor = 61;
constexpr int kMaxDaysBeforeAnchor = 300;
// Future tense: a year-less date more than a week before the anchor is next year's.
constexpr int kFutureSlackDays = 7;

bool YearOk(int y) { return y >= kMinYear && y <= kMaxYear; }

std::optional<year_month_day> MakeDay(int y, int m, int d) {
  if (!YearOk(y) || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                     std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// Appends v as printf's "%0<width>d" writes it (sign first, then zeros up to `width`
// characters in all). Hand-written: snprintf was about 5% of the time stage on short articles
// (issue 3, item 4); date_resolve_test checks it against snprintf.
void AppendPadded(int v, int width, std::string* out) {
  char digits[16];
  int n = 0;
  unsigned magnitude = v < 0 ? 0u - unsigned(v) : unsigned(v);
  do {
    digits[n++] = char('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (v < 0) out->push_back('-');
  for (int k = n + (v < 0 ? 1 : 0); k < width; ++k) out->push_back('0');
  while (n > 0) out->push_back(digits[--n]);
}

std::string TwoDigits(int v) {
  std::string s;
  AppendPadded(v, 2, &s);
  return s;
}

std::string YearString(int y) {
  std::string s;
  AppendPadded(y, 4, &s);
  return s;
}

int DayDiff(year_month_day a, year_month_day b) {
  return int((sys_days(a) - sys_days(b)).count());
}

ResolvedTime Invalid(Granularity g, std::string message) {
  ResolvedTime r;
  r.granularity = g;
  r.warning_code = "invalid_date";
  r.warning_message = std::move(message);
  return r;
}

// Adds a time of day to a day value; granularity becomes datetime.
void AddTime(const DateParts& p, ResolvedTime* r) {
  if (!p.hour) return;
  r->granularity = Granularity::kDatetime;
  if (!r->value) return;
  r->value->push_back('T');
  AppendPadded(*p.hour, 2, &*r->value);
  r->value->push_back(':');
  AppendPadded(p.minute.value_or(0), 2, &*r->value);
}

ResolvedTime DayResult(year_month_day d, const DateParts& p) {
  ResolvedTime r;
  r.granularity = Granularity::kDay;
  r.value = IsoDay(d);
  AddTime(p, &r);
  if (p.weekday && IsoWeekday(d) != *p.weekday) {
    r.warning_code = "weekday_mismatch";
    r.warning_message = "weekday said beside " + IsoDay(d) + " does not match the date";
  }
  return r;
}

// Picks the year of a year-less month/day from the anchor, the tense and the direction.
int ChooseYear(int month, int day, const Anchor& a, Tense tense, Direction dir) {
  int y = int(a.day.year());
  // 29 February: compare using a day that exists every year; the final date is validated later.
  int d = (month == 2 && day == 29) ? 28 : day;
  auto cand = MakeDay(y, month, d);
  if (!cand) return y;
  int diff = DayDiff(*cand, a.day);  // > 0: after the anchor
  if (dir == Direction::kLast) return diff >= 0 ? y - 1 : y;
  if (dir == Direction::kNext) return diff <= 0 ? y + 1 : y;
  if (tense == Tense::kFuture) return diff < -kFutureSlackDays ? y + 1 : y;
  if (diff > kMaxDaysAfterAnchor) return y - 1;
  if (diff < -kMaxDaysBeforeAnchor) return y + 1;
  return y;
}

// Same for a month alone ("en septembre"), in whole months.
int ChooseYearForMonth(int month, const Anchor& a, Tense tense, Direction dir) {
  int y = int(a.day.year());
  int diff = month - int(unsigned(a.day.month()));
  if (dir == Direction::kLast) return diff >= 0 ? y - 1 : y;
  if (dir == Direction::kNext) return diff <= 0 ? y + 1 : y;
  if (tense == Tense::kFuture) return diff < 0 ? y + 1 : y;
  // A past-tense month more than a month ahead of the anchor is last year's ("en mars" in a
  // January report).
  if (diff > 1) return y - 1;
  if (diff < -9) return y + 1;
  return y;
}

ResolvedTime ResolveRelative(const DateParts& p, const std::optional<Anchor>& a) {
  ResolvedTime r;
  switch (*p.relative_unit) {
    case RelativeUnit::kDay:
      r.granularity = Granularity::kDay;
      break;
    case RelativeUnit::kWeek:
      r.granularity = Granularity::kWeek;
      break;
    case RelativeUnit::kMonth:
      r.granularity = Granularity::kMonth;
      break;
    case RelativeUnit::kYear:
      r.granularity = Granularity::kYear;
      break;
  }
  if (p.hour && *p.relative_unit == RelativeUnit::kDay) r.granularity = Granularity::kDatetime;
  if (!a) return r;
  // Offsets come from tables and small written numbers; clamp so the arithmetic stays sane.
  int off = std::max(-100000, std::min(100000, p.relative_offset));
  switch (*p.relative_unit) {
    case RelativeUnit::kDay: {
      year_month_day d{sys_days(a->day) + days(off)};
      if (!YearOk(int(d.year()))) return r;
      r.value = IsoDay(d);
      AddTime(p, &r);
      break;
    }
    case RelativeUnit::kWeek: {
      year_month_day d{sys_days(a->day) + days(7 * off)};
      if (!YearOk(int(d.year()))) return r;
      r.value = IsoWeek(d);
      break;
    }
    case RelativeUnit::kMonth: {
      std::chrono::year_month ym =
          std::chrono::year_month(a->day.year(), a->day.month()) + std::chrono::months(off);
      if (!YearOk(int(ym.year()))) return r;
      r.value = YearString(int(ym.year())) + "-" + TwoDigits(int(unsigned(ym.month())));
      break;
    }
    case RelativeUnit::kYear: {
      int y = int(a->day.year()) + off;
      if (!YearOk(y)) return r;
      r.value = YearString(y);
      break;
    }
  }
  return r;
}

ResolvedTime ResolveWeekday(const DateParts& p, const std::optional<Anchor>& a, Tense tense) {
  ResolvedTime r;
  r.granularity = p.hour ? Granularity::kDatetime : Granularity::kDay;
  if (!a) return r;
  int awd = IsoWeekday(a->day);
  int wd = *p.weekday;
  bool forward = p.direction == Direction::kNext ||
                 (p.direction == Direction::kNone && tense == Tense::kFuture);
  int delta = forward ? (wd - awd + 7) % 7 : (awd - wd + 7) % 7;
  if (delta == 0 && p.direction != Direction::kNone) delta = 7;
  year_month_day d{sys_days(a->day) + days(forward ? delta : -delta)};
  if (!YearOk(int(d.year()))) return r;  // an anchor at the edge of the range
  r.value = IsoDay(d);
  AddTime(p, &r);
  return r;
}

// "vendredi 7" with no month: the anchor's month, or the previous one when that puts it more
// than two weeks after the anchor (future tense: the next one when more than a week before).
ResolvedTime ResolveDayOfMonth(const DateParts& p, const std::optional<Anchor>& a, Tense tense) {
  if (*p.day < 1 || *p.day > 31) return Invalid(Granularity::kDay, "day outside 1..31");
  ResolvedTime r;
  r.granularity = p.hour ? Granularity::kDatetime : Granularity::kDay;
  if (!a) return r;
  std::chrono::year_month ym(a->day.year(), a->day.month());
  auto cand = MakeDay(int(ym.year()), int(unsigned(ym.month())), *p.day);
  int diff = cand ? DayDiff(*cand, a->day) : 0;
  if (tense == Tense::kFuture) {
    if (cand && diff < -kFutureSlackDays) ym += std::chrono::months(1);
  } else if (!cand || diff > 14) {
    ym -= std::chrono::months(1);
  }
  auto d = MakeDay(int(ym.year()), int(unsigned(ym.month())), *p.day);
  if (!d) return Invalid(r.granularity, "day " + std::to_string(*p.day) + " not in that month");
  return DayResult(*d, p);
}

}  // namespace

std::optional<Anchor> ParseAnchor(std::string_view s) {
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, &m) || s[7] != '-' ||
      !digits(8, 2, &d)) {
    return std::nullopt;
  }
  auto day = MakeDay(y, m, d);
  if (!day) return std::nullopt;
  Anchor a{*day, std::nullopt, std::nullopt};
  int hh, mm;
  if (s.size() >= 16 && (s[10] == 'T' || s[10] == ' ') && digits(11, 2, &hh) && s[13] == ':' &&
      digits(14, 2, &mm) && hh < 24 && mm < 60) {
    a.hour = hh;
    a.minute = mm;
  }
  return a;
}

std::string IsoDay(year_month_day d) {
  std::string s;
  AppendPadded(int(d.year()), 4, &s);
  s.push_back('-');
  AppendPadded(int(unsigned(d.month())), 2, &s);
  s.push_back('-');
  AppendPadded(int(unsigned(d.day())), 2, &s);
  return s;
}

int IsoWeekday(year_month_day d) {
  return int(std::chrono::weekday(sys_days(d)).iso_encoding());
}

std::string IsoWeek(year_month_day d) {
  // The ISO week-year is the year of this week's Thursday; week 1 holds the year's first Thursday.
  sys_days sd(d);
  sys_days thursday = sd + days(4 - IsoWeekday(d));
  year_month_day th{thursday};
  sys_days jan1{std::chrono::year_month_day{th.year(), std::chrono::January, std::chrono::day(1)}};
  int week = int((thursday - jan1).count()) / 7 + 1;
  return YearString(int(th.year())) + "-W" + TwoDigits(week);
}

ResolvedTime ResolveDate(const DateParts& p, const std::optional<Anchor>& a, Tense tense) {
  if (p.relative_unit) return ResolveRelative(p, a);
  const Granularity day_g = p.hour ? Granularity::kDatetime : Granularity::kDay;

  if (p.month && p.day) {
    if (*p.day < 1 || *p.day > 31) return Invalid(day_g, "day outside 1..31");
    if (p.year) {
      auto d = MakeDay(*p.year, *p.month, *p.day);
      if (!d) return Invalid(day_g, "no such calendar date");
      return DayResult(*d, p);
    }
    // Year-less: the month/day pair must exist in some year (29 February does).
    if (!MakeDay(2000, *p.month, *p.day)) return Invalid(day_g, "no such calendar date");
    if (!a) {
      ResolvedTime r;
      r.granularity = day_g;
      return r;
    }
    int y = ChooseYear(*p.month, *p.day, *a, tense, p.direction);
    auto d = MakeDay(y, *p.month, *p.day);
    if (!d) return Invalid(day_g, "no such calendar date in " + std::to_string(y));
    return DayResult(*d, p);
  }
  if (p.month) {
    ResolvedTime r;
    r.granularity = Granularity::kMonth;
    int y;
    if (p.year) {
      if (!YearOk(*p.year)) return Invalid(Granularity::kMonth, "year out of range");
      y = *p.year;
    } else {
      if (!a) return r;
      y = ChooseYearForMonth(*p.month, *a, tense, p.direction);
      if (!YearOk(y)) return r;
    }
    r.value = YearString(y) + "-" + TwoDigits(*p.month);
    return r;
  }
  if (p.year && !p.day && !p.weekday) {
    if (!YearOk(*p.year)) return Invalid(Granularity::kYear, "year out of range");
    ResolvedTime r;
    r.granularity = Granularity::kYear;
    r.value = YearString(*p.year);
    return r;
  }
  if (p.day && p.weekday) return ResolveDayOfMonth(p, a, tense);
  if (p.weekday) return ResolveWeekday(p, a, tense);
  if (p.hour) {
    // A time of day alone is on the anchor's day.
    ResolvedTime r;
    r.granularity = Granularity::kDatetime;
    if (!a) return r;
    r.value = IsoDay(a->day);
    AddTime(p, &r);
    return r;
  }
  return Invalid(Granularity::kDay, "nothing to resolve");
}

}  // namespace sitrep::extract
