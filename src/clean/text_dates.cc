#include "clean/text_dates.h"

#include <re2/re2.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>

#include "base/utf8.h"

namespace sitrep::clean {
namespace {

// Time of day after a date: "10:20", "10: 20" (machine translation inserts the space), "10h20",
// optionally joined by a short word ("à", "at", "в", a comma or a dash) and followed by am/pm.
constexpr std::string_view kTimeTail =
    R"((?:\s*,?\s*(?:à|a|at|в|um|-|–)?\s*(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*([ap])\.?m\b\.?)?)?)";

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Builds the ISO string; nullopt for an impossible date or time.
std::optional<std::string> MakeIso(int y, int m, int d, std::optional<int> hh, std::optional<int> mm,
                                   bool* has_time) {
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                  std::chrono::day(unsigned(d))};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  // Written by hand ("%04d-%02d-%02d" and "T%02d:%02d"): snprintf cost more than the rest of
  // a date line's reading. Every field is in range here: y 1900..2200, m 1..12, d 1..31.
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  char buf[16] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                  static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-'};
  two(buf + 5, m);
  buf[7] = '-';
  two(buf + 8, d);
  size_t len = 10;
  *has_time = false;
  if (hh && mm && *hh >= 0 && *hh < 24 && *mm >= 0 && *mm < 60) {
    buf[10] = 'T';
    two(buf + 11, *hh);
    buf[13] = ':';
    two(buf + 14, *mm);
    len = 16;
    *has_time = true;
  }
  return std::string(buf, len);
}

std::optional<int> Hour(const re2::StringPiece& h, const re2::StringPiece& ampm) {
  if (h.empty()) return std::nullopt;
  int v = ToInt(std::string_view(h.data(), h.size()));
  if (!ampm.empty()) {
    if (v < 1 || v > 12) return std::nullopt;
    bool pm = ampm[0] == 'p' || ampm[0] == 'P';
    v = v % 12 + (pm ? 12 : 0);
  }
  return v;
}

std::optional<int> Minute(const re2::StringPiece& m) {
  if (m.empty()) return std::nullopt;
  return ToInt(std::string_view(m.data(), m.size()));
}

}  // namespace

// ---- The groups of a date match, read by hand ----
//
// The group readers of FromTables (day_month_year_groups_, month_day_year_groups_) cost a few
// thousand instructions a call: their program is not one-pass, so RE2 backtracks through it.
// Their groups are forced, though: in any match of text[from, end) the day is the digit run at
// `from`, the month the whole run up to the next space (and comma), the year the four digits
// after it, the hour the digits after the year and its separators, and so on, because no
// element can end anywhere else and still be followed by what the pattern needs next. So a
// straight reading that reaches `end` has RE2's groups. The reading accepts only what it
// understands (ASCII letters of both cases, à À в В – as the connectors, RE2's \s, valid UTF-8 in
// the month) and says "unsure" otherwise: the caller then asks RE2, which knows the rest (the
// long s of "1ſt", the rounded ve of Unicode case folding).
namespace {

bool ReSpace(unsigned char c) {  // RE2's \s: [\t\n\f\r ]
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
bool Digit(unsigned char c) { return c >= '0' && c <= '9'; }
unsigned char AsciiLower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

class GroupReader {
 public:
  GroupReader(std::string_view text, size_t from, size_t end, re2::StringPiece* g)
      : t_(text), p_(from), end_(end), g_(g) {}

  // (\d{1,2})(?:er|st|nd|rd|th)?\s+([^\s,]+)\s*,?\s+(\d{4}) + kTimeTail
  bool DayMonthYear() {
    if (!Day(1) || !Suffix(true) || SkipSpaces() == 0) return false;
    const size_t month = p_;
    while (p_ < end_ && !ReSpace(At(p_)) && At(p_) != ',') ++p_;
    return Set(2, month, p_) && ValidRun(month) && YearAndTail(3);
  }

  // (\S+)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}) + kTimeTail
  bool MonthDayYear() {
    const size_t month = p_;
    while (p_ < end_ && !ReSpace(At(p_))) ++p_;
    if (!Set(1, month, p_) || !ValidRun(month) || SkipSpaces() == 0) return false;
    return Day(2) && Suffix(false) && YearAndTail(3);
  }

 private:
  unsigned char At(size_t i) const { return static_cast<unsigned char>(t_[i]); }
  bool Set(int i, size_t b, size_t e) {
    if (b >= e) return false;
    g_[i] = re2::StringPiece(t_.data() + b, e - b);
    return true;
  }
  size_t SkipSpaces() {
    const size_t start = p_;
    while (p_ < end_ && ReSpace(At(p_))) ++p_;
    return p_ - start;
  }
  bool ValidRun(size_t b) const {
    return base::ValidUtf8Prefix(t_.substr(b, p_ - b)) == p_ - b;
  }
  bool Day(int group) {
    const size_t b = p_;
    while (p_ < end_ && p_ - b < 2 && Digit(At(p_))) ++p_;
    return Set(group, b, p_);
  }
  // (?:er|st|nd|rd|th)? (er only with `er`): taken when the two letters are there; without them
  // a letter would follow the day, which nothing after it accepts.
  bool Suffix(bool er) {
    if (p_ + 2 > end_) return true;
    const unsigned char a = AsciiLower(At(p_)), b = AsciiLower(At(p_ + 1));
    if ((er && a == 'e' && b == 'r') || (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
        (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
      p_ += 2;
    }
    return true;
  }
  // \s*,?\s+(\d{4}) then the optional time tail up to `end`.
  bool YearAndTail(int group) {
    size_t spaces = SkipSpaces();
    if (p_ < end_ && At(p_) == ',') {
      ++p_;
      spaces = SkipSpaces();
    }
    if (spaces == 0 || p_ + 4 > end_) return false;
    for (size_t i = p_; i < p_ + 4; ++i) {
      if (!Digit(At(i))) return false;
    }
    Set(group, p_, p_ + 4);
    p_ += 4;
    if (p_ == end_) {  // the tail needs an hour: absent
      g_[4] = g_[5] = g_[6] = re2::StringPiece();
      return true;
    }
    return Tail();
  }
  // (?:\s*,?\s*(?:à|a|at|в|um|-|–)?\s*(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*([ap])\.?m\b\.?)?)?
  bool Tail() {
    SkipSpaces();
    if (p_ < end_ && At(p_) == ',') ++p_;
    SkipSpaces();
    static constexpr std::string_view kConnectors[] = {
        "\xC3\xA0", "\xC3\x80", "a", "at", "\xD0\xB2", "\xD0\x92", "um", "-", "\xE2\x80\x93"};
    const size_t at = p_;
    for (std::string_view c : kConnectors) {
      if (end_ - at < c.size()) continue;
      bool same = true;
      for (size_t i = 0; i < c.size() && same; ++i) {
        same = AsciiLower(At(at + i)) == static_cast<unsigned char>(c[i]);
      }
      p_ = at + c.size();
      if (same && TimeAfterConnector()) return true;
    }
    p_ = at;
    return TimeAfterConnector();
  }
  bool TimeAfterConnector() {
    SkipSpaces();
    if (!Day(4)) return false;  // the hour: one or two digits
    SkipSpaces();
    if (p_ >= end_ || (At(p_) != ':' && AsciiLower(At(p_)) != 'h')) return false;
    ++p_;
    SkipSpaces();
    if (p_ + 2 > end_ || !Digit(At(p_)) || !Digit(At(p_ + 1))) return false;
    Set(5, p_, p_ + 2);
    p_ += 2;
    const size_t after_minute = p_;
    // (?:\s*([ap])\.?m\b\.?)? taken when it reaches `end`. \b looks past `end` into the text, as
    // RE2 does: the whole text is its context.
    SkipSpaces();
    if (p_ < end_ && (AsciiLower(At(p_)) == 'a' || AsciiLower(At(p_)) == 'p')) {
      const size_t ampm = p_++;
      if (p_ < end_ && At(p_) == '.') ++p_;
      if (p_ < end_ && AsciiLower(At(p_)) == 'm') {
        ++p_;
        const unsigned char next = p_ < t_.size() ? AsciiLower(At(p_)) : ' ';
        const bool word_after = Digit(next) || next == '_' || (next >= 'a' && next <= 'z');
        if (!word_after) {
          if (p_ < end_ && At(p_) == '.') ++p_;
          if (p_ == end_) {
            Set(6, ampm, ampm + 1);
            return true;
          }
        }
      }
    }
    if (after_minute != end_) return false;
    g_[6] = re2::StringPiece();
    return true;
  }

  std::string_view t_;
  size_t p_;
  const size_t end_;
  re2::StringPiece* g_;
};

}  // namespace

bool ReadDayMonthYearGroups(std::string_view text, size_t from, size_t end, re2::StringPiece* g) {
  return from <= end && end <= text.size() && GroupReader(text, from, end, g).DayMonthYear();
}

bool ReadMonthDayYearGroups(std::string_view text, size_t from, size_t end, re2::StringPiece* g) {
  return from <= end && end <= text.size() && GroupReader(text, from, end, g).MonthDayYear();
}

std::string LowerUtf8(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

TextDateReader::~TextDateReader() = default;

Result<std::unique_ptr<TextDateReader>> TextDateReader::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack("months.tsv", {"number", "name"}));
  return FromTables(tables);
}

Result<std::unique_ptr<TextDateReader>> TextDateReader::FromTables(
    const std::vector<base::TsvTable>& month_tables) {
  std::unique_ptr<TextDateReader> r(new TextDateReader());
  std::vector<std::string> names;
  for (const base::TsvTable& t : month_tables) {
    int num_col = t.Column("number"), name_col = t.Column("name");
    if (num_col < 0 || name_col < 0) return Corrupt(t.path + ": needs columns number, name");
    for (const base::TsvRow& row : t.rows) {
      int n = ToInt(row.fields[num_col]);
      std::string name = LowerUtf8(row.fields[name_col]);
      if (n < 1 || n > 12) return Corrupt(t.Where(row) + ": month number must be 1..12");
      if (name.empty()) return Corrupt(t.Where(row) + ": empty month name");
      auto [it, inserted] = r->months_.emplace(name, n);
      if (!inserted && it->second != n) {
        return Corrupt(t.Where(row) + ": month name '" + name + "' already means " +
                       std::to_string(it->second));
      }
      if (inserted) names.push_back(name);
    }
  }
  if (names.empty()) return Corrupt("months.tsv: no month names in any language pack");
  // Longest first, so "mars" wins over "mar" and "janv." over "janv".
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  std::string alt;
  for (const std::string& n : names) {
    if (!alt.empty()) alt += '|';
    alt += RE2::QuoteMeta(n);
  }
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  std::string tail(kTimeTail);
  r->day_month_year_ = std::make_unique<RE2>(
      R"((?:^|[^\pL\pN])(\d{1,2})(?:er|st|nd|rd|th)?\s+()" + alt + R"()\s*,?\s+(\d{4}))" + tail,
      opt);
  r->month_day_year_ = std::make_unique<RE2>(
      R"((?:^|[^\pL\pN])()" + alt + R"()\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}))" + tail, opt);
  r->iso_ = std::make_unique<RE2>(R"((?:^|[^\pN])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?)",
                                  opt);
  r->dotted_ = std::make_unique<RE2>(
      R"((?:^|[^\pN.])(\d{1,2})\.(\d{1,2})\.(\d{4}))" + tail, opt);
  for (const auto* re : {r->day_month_year_.get(), r->month_day_year_.get(), r->iso_.get(),
                         r->dotted_.get()}) {
    if (!re->ok()) return Corrupt("months.tsv: cannot compile date pattern: " + re->error());
    // Find asks for where a match starts, which RE2 answers with a reverse program that it
    // compiles on first use: for the month-name patterns some 20 M instructions each, paid by
    // the first document with a date line. Compiled here, with the forward one, at start-up.
    if (re->ReverseProgramSize() < 0) {
      return Corrupt("months.tsv: cannot compile date pattern (reverse program)");
    }
  }
  // Group readers. Both month-name patterns start with (?:^|[^\pL\pN]): on the text one of
  // them matched, that part is empty at the start of the text before a letter or a digit, and
  // one character otherwise; Find skips it. What follows is read by the same pattern with a
  // run of non-spaces in place of the month names, which assigns the same groups provided no
  // name holds a space (nor, day first, a comma: the year may follow "mars,"), and, month
  // first, every name starts with a letter or digit: a name is then the one such run at its
  // place. Packs whose names break the rule keep reading groups through the names.
  bool dmy_ok = true, mdy_ok = true;
  RE2 dmy_word(R"([^\s,]+)", opt), mdy_word(R"([\pL\pN]\S*)", opt);
  for (const std::string& n : names) {
    dmy_ok = dmy_ok && RE2::FullMatch(n, dmy_word);
    mdy_ok = mdy_ok && RE2::FullMatch(n, mdy_word);
  }
  r->letter_or_digit_ = std::make_unique<RE2>(R"([\pL\pN])", opt);
  if (dmy_ok) {
    r->day_month_year_groups_ = std::make_unique<RE2>(
        R"((\d{1,2})(?:er|st|nd|rd|th)?\s+([^\s,]+)\s*,?\s+(\d{4}))" + tail, opt);
  }
  if (mdy_ok) {
    r->month_day_year_groups_ = std::make_unique<RE2>(
        R"((\S+)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}))" + tail, opt);
  }
  for (const auto& re : {std::cref(r->day_month_year_groups_), std::cref(r->month_day_year_groups_),
                         std::cref(r->letter_or_digit_)}) {
    if (re.get() && !re.get()->ok()) {
      return Corrupt("months.tsv: cannot compile date pattern: " + re.get()->error());
    }
  }
  return r;
}

std::optional<int> TextDateReader::MonthNumber(std::string_view name) const {
  // ASCII names ("March", "Jan.") are lower-cased by hand; ICU does the same to ASCII.
  bool ascii = true;
  for (char c : name) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string lower;
  if (ascii) {
    lower.assign(name);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    }
  } else {
    lower = LowerUtf8(name);
  }
  auto it = months_.find(lower);
  if (it == months_.end()) return std::nullopt;
  return it->second;
}

std::optional<TextDate> TextDateReader::Find(std::string_view text) const {
  // Every pattern needs a four-digit year: lines without four digits in a row (most lines with
  // numbers: counts, scores, times) skip the regular expressions.
  // What comes right before the year, or after it, also rules patterns out: the name patterns
  // need a space before it (RE2's \s), the dotted one a dot, the ISO one a dash after it.
  // Necessary conditions only: a pattern that passes is still matched in full.
  // Before a year with a space in front, the name patterns need "\s*,?\s+" (at most one comma
  // among spaces), and before that, month first, the day (a digit, then at most a suffix of
  // three bytes: "st", or "ſt" which RE2 folds to it); day first, the month name, with the day's
  // digits somewhere before it.
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  bool year = false, dot_year = false, year_dash = false;
  bool day_month_year = false, month_day_year = false;
  size_t first_digit = text.size();
  int run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      first_digit = std::min(first_digit, i);
      if (++run == 4) {
        year = true;
        const char before = i >= 4 ? text[i - 4] : '\0';
        dot_year = dot_year || before == '.';
        if (is_space(before)) {
          size_t q = i - 4;  // text[q] is a space; walk back over "\s*,?\s+"
          while (q > 0 && is_space(text[q])) --q;
          if (text[q] == ',' && q > 0) --q;
          while (q > 0 && is_space(text[q])) --q;
          // text[q] ends what precedes the spaces (unless the walk reached the start).
          day_month_year = day_month_year || first_digit <= q;
          for (size_t k = q - std::min<size_t>(q, 3); k <= q && !month_day_year; ++k) {
            month_day_year = is_digit(text[k]);
          }
        }
      }
      continue;
    }
    year_dash = year_dash || (c == '-' && run >= 4);
    run = 0;
  }
  if (!year) return std::nullopt;
  re2::StringPiece in(text.data(), text.size());
  std::optional<TextDate> best;
  auto consider = [&](size_t begin, size_t end, std::optional<std::string> iso, bool has_time) {
    if (!iso) return;
    if (best && best->begin <= begin) return;
    best = TextDate{*iso, has_time, begin, end};
  };
  auto offset = [&](const re2::StringPiece& p) { return size_t(p.data() - text.data()); };
  re2::StringPiece g[7];
  // Does the text start with \pL or \pN? ASCII is answered here (letters and digits are the
  // only ASCII characters of those classes), anything else by RE2's own tables.
  auto starts_with_letter_or_digit = [&](std::string_view t) {
    const auto c = static_cast<unsigned char>(t.empty() ? 0 : t[0]);
    if (!t.empty() && c < 0x80) {
      return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }
    return letter_or_digit_->Match(in, 0, t.size(), RE2::ANCHOR_START, nullptr, 0);
  };
  // Each pattern is tried from successive positions so an invalid first hit ("31 février 2022")
  // does not hide a later valid one; the loop advances past every hit, so it stays linear.
  using HandReader = bool (*)(std::string_view, size_t, size_t, re2::StringPiece*);
  auto scan = [&](const RE2& re, const RE2* group_reader, HandReader hand, int groups,
                  auto&& build) {
    size_t pos = 0;
    const int want = group_reader != nullptr ? 1 : groups + 1;
    while (pos <= text.size() && re.Match(in, pos, text.size(), RE2::UNANCHORED, g, want)) {
      if (group_reader != nullptr) {
        // Skip the (?:^|[^\pL\pN]) part, then read the groups with the small pattern.
        const size_t match_begin = offset(g[0]), match_end = match_begin + g[0].size();
        size_t from = match_begin;
        if (match_begin > 0 || !starts_with_letter_or_digit(text)) base::DecodeOne(text, &from);
        const re2::StringPiece whole = g[0];
        if (from <= match_end &&
            (hand(text, from, match_end, g) ||
             group_reader->Match(in, from, match_end, RE2::ANCHOR_BOTH, g, groups + 1))) {
          g[0] = whole;
        } else if (!re.Match(in, pos, text.size(), RE2::UNANCHORED, g, groups + 1)) {
          return;  // cannot happen: the same match, read through the names
        }
      }
      size_t begin = offset(g[1]);
      size_t end = offset(g[0]) + g[0].size();
      bool has_time = false;
      std::optional<std::string> iso = build(&has_time);
      if (iso) {
        consider(begin, end, iso, has_time);
        return;
      }
      pos = std::max(end, pos + 1);
    }
  };
  auto sv = [](const re2::StringPiece& p) { return std::string_view(p.data(), p.size()); };
  auto read_day_month_year = [&](bool* t) -> std::optional<std::string> {
    auto m = MonthNumber(sv(g[2]));
    if (!m) return std::nullopt;
    return MakeIso(ToInt(sv(g[3])), *m, ToInt(sv(g[1])), Hour(g[4], g[6]), Minute(g[5]), t);
  };
  auto read_month_day_year = [&](bool* t) -> std::optional<std::string> {
    auto m = MonthNumber(sv(g[1]));
    if (!m) return std::nullopt;
    return MakeIso(ToInt(sv(g[3])), *m, ToInt(sv(g[2])), Hour(g[4], g[6]), Minute(g[5]), t);
  };
  if (day_month_year) {
    scan(*day_month_year_, day_month_year_groups_.get(), ReadDayMonthYearGroups, 6,
         read_day_month_year);
  }
  if (month_day_year) {
    scan(*month_day_year_, month_day_year_groups_.get(), ReadMonthDayYearGroups, 6,
         read_month_day_year);
  }
  if (year_dash) {
    scan(*iso_, nullptr, nullptr, 5, [&](bool* t) -> std::optional<std::string> {
      re2::StringPiece none;
      return MakeIso(ToInt(sv(g[1])), ToInt(sv(g[2])), ToInt(sv(g[3])), Hour(g[4], none),
                     Minute(g[5]), t);
    });
  }
  if (dot_year) {
    scan(*dotted_, nullptr, nullptr, 6, [&](bool* t) -> std::optional<std::string> {
      return MakeIso(ToInt(sv(g[3])), ToInt(sv(g[2])), ToInt(sv(g[1])), Hour(g[4], g[6]),
                     Minute(g[5]), t);
    });
  }
  return best;
}

}  // namespace sitrep::clean
