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
  auto scan = [&](const RE2& re, const RE2* group_reader, int groups, auto&& build) {
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
            group_reader->Match(in, from, match_end, RE2::ANCHOR_BOTH, g, groups + 1)) {
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
  if (day_month_year) scan(*day_month_year_, day_month_year_groups_.get(), 6, read_day_month_year);
  if (month_day_year) scan(*month_day_year_, month_day_year_groups_.get(), 6, read_month_day_year);
  if (year_dash) {
    scan(*iso_, nullptr, 5, [&](bool* t) -> std::optional<std::string> {
      re2::StringPiece none;
      return MakeIso(ToInt(sv(g[1])), ToInt(sv(g[2])), ToInt(sv(g[3])), Hour(g[4], none),
                     Minute(g[5]), t);
    });
  }
  if (dot_year) {
    scan(*dotted_, nullptr, 6, [&](bool* t) -> std::optional<std::string> {
      return MakeIso(ToInt(sv(g[3])), ToInt(sv(g[2])), ToInt(sv(g[1])), Hour(g[4], g[6]),
                     Minute(g[5]), t);
    });
  }
  return best;
}

}  // namespace sitrep::clean
