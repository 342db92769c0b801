#include "extract/numbers.h"

#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/parsepos.h>
#include <unicode/rbnf.h>
#include <unicode/unistr.h>

#include <charconv>

#include "base/utf8.h"

namespace sitrep::extract {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Thousands separators people (and their software) use: space, NBSP, NNBSP, thin space, comma,
// dot, apostrophe. Returns the separator's byte length at text[pos], 0 if none.
size_t SeparatorAt(std::string_view text, size_t pos, char32_t* sep) {
  if (pos >= text.size()) return 0;
  size_t p = pos;
  char32_t c = base::DecodeOne(text, &p);
  if (c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == ',' || c == '.' ||
      c == '\'' || c == 0x2019) {
    *sep = c;
    return p - pos;
  }
  return 0;
}

bool IsSpaceSeparator(char32_t c) { return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009; }

// At `pos`: one space, then three digits starting with '0' and no fourth digit ("  000" of
// "170, 000"). Returns the position after the digits, or 0.
size_t LeadingZeroGroupAfterSpace(std::string_view text, size_t pos) {
  char32_t sep = 0;
  size_t len = SeparatorAt(text, pos, &sep);
  if (len == 0 || !IsSpaceSeparator(sep)) return 0;
  size_t at = pos + len;
  if (at + 3 > text.size() || text[at] != '0') return 0;
  for (size_t k = 0; k < 3; ++k) {
    if (!IsDigit(text[at + k])) return 0;
  }
  if (at + 3 < text.size() && IsDigit(text[at + 3])) return 0;
  return at + 3;
}

size_t DigitRun(std::string_view text, size_t pos) {
  size_t n = 0;
  while (pos + n < text.size() && IsDigit(text[pos + n])) ++n;
  return n;
}

std::optional<int64_t> ToInt(std::string_view digits) {
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// "a b  c" -> "a b c" (spaces of any kind collapsed), lower-cased.
std::string NormalizeRun(std::string_view s) {
  std::string lower = LowerWord(s);
  std::string out;
  size_t pos = 0;
  bool space = false;
  while (pos < lower.size()) {
    size_t at = pos;
    char32_t c = base::DecodeOne(lower, &pos);
    if (base::IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(lower, at, pos - at);
  }
  return out;
}

size_t TokenAtOrAfter(std::span<const WordToken> tokens, size_t from, uint32_t byte) {
  size_t k = from;
  while (k < tokens.size() && tokens[k].begin < byte) ++k;
  return k;
}

}  // namespace

NumberReader::~NumberReader() = default;

Result<std::unique_ptr<NumberReader>> NumberReader::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(
      std::vector<base::TsvTable> tables,
      resources.TableFromEveryPack("claim_numbers.tsv", {"kind", "phrase", "min", "max"}));
  return FromTables(tables, resources.languages());
}

Result<std::unique_ptr<NumberReader>> NumberReader::FromTables(
    const std::vector<base::TsvTable>& tables, const std::vector<std::string>& locales) {
  std::unique_ptr<NumberReader> r(new NumberReader());
  for (const base::TsvTable& table : tables) {
    int kind_col = table.Column("kind"), phrase_col = table.Column("phrase");
    int min_col = table.Column("min"), max_col = table.Column("max");
    int approx_col = table.Column("approx");
    if (kind_col < 0 || phrase_col < 0 || min_col < 0 || max_col < 0) {
      return Corrupt(table.path + ": needs columns kind, phrase, min, max");
    }
    for (const base::TsvRow& row : table.rows) {
      const std::string& kind = row.fields[size_t(kind_col)];
      const std::string& phrase = row.fields[size_t(phrase_col)];
      if (kind == "joiner") {
        if (phrase.empty() || phrase.find(' ') != std::string::npos) {
          return Corrupt(table.Where(row) + ": a joiner is one word");
        }
        r->joiners_.Insert(LowerWord(phrase), 0);
        continue;
      }
      std::optional<int64_t> lo = ToInt(row.fields[size_t(min_col)]);
      std::optional<int64_t> hi =
          row.fields[size_t(max_col)].empty() ? lo : ToInt(row.fields[size_t(max_col)]);
      if (!lo || !hi || *lo > *hi) return Corrupt(table.Where(row) + ": bad min/max");
      if (kind == "multiplier") {
        if (!r->multipliers_.Add(phrase, uint32_t(r->multiplier_values_.size()))) {
          return Corrupt(table.Where(row) + ": empty phrase");
        }
        r->multiplier_values_.push_back(*lo);
        continue;
      }
      Word w;
      w.min = *lo;
      w.max = *hi;
      if (kind == "vague") {
        std::string approx = approx_col >= 0 ? row.fields[size_t(approx_col)] : "";
        if (approx.empty()) approx = "about";
        if (!Parse(approx, &w.approx)) {
          return Corrupt(table.Where(row) + ": unknown approx '" + approx + "'");
        }
      } else if (kind != "exact") {
        return Corrupt(table.Where(row) + ": unknown kind '" + kind + "'");
      }
      PhraseTable& table_for_kind = kind == "vague" ? r->vague_ : r->exact_;
      if (!table_for_kind.Add(phrase, uint32_t(r->words_.size()))) {
        return Corrupt(table.Where(row) + ": empty phrase");
      }
      r->words_.push_back(w);
    }
  }
  // Spell-out vocabulary: every word ICU writes for 0..100, the hundreds, the thousands and a
  // few larger round numbers, in every public cardinal rule set (Russian has one per case).
  std::vector<int64_t> samples;
  for (int64_t n = 0; n <= 100; ++n) samples.push_back(n);
  for (int64_t n = 200; n <= 1000; n += 100) samples.push_back(n);
  for (int64_t n = 2000; n <= 10000; n += 1000) samples.push_back(n);
  for (int64_t n : {20000, 100000, 1000000, 2000000, 5000000}) samples.push_back(n);
  for (const std::string& locale : locales) {
    if (r->spell_.size() >= 64) break;
    UErrorCode status = U_ZERO_ERROR;
    auto format = std::make_unique<icu::RuleBasedNumberFormat>(
        icu::URBNF_SPELLOUT, icu::Locale(locale.c_str()), status);
    if (U_FAILURE(status)) {
      return Internal("ICU spell-out format for '" + locale + "': " + u_errorName(status));
    }
    uint64_t bit = uint64_t(1) << r->spell_.size();
    for (int32_t s = 0; s < format->getNumberOfRuleSetNames(); ++s) {
      icu::UnicodeString rule_set = format->getRuleSetName(s);
      std::string name;
      rule_set.toUTF8String(name);
      if (name.find("cardinal") == std::string::npos) continue;
      for (int64_t n : samples) {
        icu::UnicodeString out;
        UErrorCode st = U_ZERO_ERROR;
        icu::FieldPosition fp;
        format->format(n, rule_set, out, fp, st);
        if (U_FAILURE(st)) continue;
        std::string text;
        out.toUTF8String(text);
        std::string norm = NormalizeRun(text);
        if (r->formatted_.Insert(norm, uint32_t(r->formatted_values_.size())) ==
            r->formatted_values_.size()) {
          r->formatted_values_.push_back(n);
        }
        Words words = TokenizeWords(norm, 0, 32);
        for (const WordToken& t : words.tokens) {
          if (!t.word) continue;
          uint32_t k = r->vocabulary_.Insert(t.lower, uint32_t(r->vocabulary_masks_.size()));
          if (k == r->vocabulary_masks_.size()) r->vocabulary_masks_.push_back(0);
          r->vocabulary_masks_[k] |= bit;
        }
      }
    }
    format->setLenient(true);
    r->spell_.push_back(Spell{locale, std::move(format)});
  }
  r->start_filter_.Add(r->vague_);
  r->start_filter_.Add(r->exact_);
  r->start_filter_.Add(r->vocabulary_);
  return r;
}

std::optional<int64_t> NumberReader::ParseSpelled(std::string_view run, uint64_t mask) const {
  // A lenient RBNF parse costs some 400 000 instructions ("douze mille": a whole 4 KB
  // document's other claim work); the same runs recur from document to document.
  std::string key(run);
  key.push_back('\0');
  key.append(reinterpret_cast<const char*>(&mask), sizeof mask);
  std::lock_guard<std::mutex> lock(parse_mu_);
  if (auto it = parsed_.find(key); it != parsed_.end()) return it->second;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(run.data(), int32_t(run.size())));
  std::optional<int64_t> value;
  for (size_t k = 0; k < spell_.size(); ++k) {
    if ((mask & (uint64_t(1) << k)) == 0) continue;
    icu::Formattable result;
    icu::ParsePosition pp(0);
    spell_[k].format->parse(u, result, pp);
    if (pp.getErrorIndex() >= 0 || pp.getIndex() != u.length()) continue;
    UErrorCode st = U_ZERO_ERROR;
    double d = result.getDouble(st);
    // Written so that NaN (ICU's rule sets spell "not a number") fails too: casting it is UB.
    if (U_FAILURE(st) || !(d >= 0 && d <= double(kMaxValue)) || d != double(int64_t(d))) continue;
    value = int64_t(d);
    break;
  }
  if (parsed_.size() >= kMaxParsedRuns) parsed_.clear();
  parsed_.emplace(std::move(key), value);
  return value;
}

std::optional<std::pair<int64_t, size_t>> NumberReader::Multiplier(
    std::span<const WordToken> tokens, size_t i) const {
  PhraseTable::Hit h = multipliers_.Match(tokens, i);
  if (h.length == 0) return std::nullopt;
  return std::make_pair(multiplier_values_[h.id], size_t(h.length));
}

std::optional<NumberRead> NumberReader::ReadAt(std::string_view text, uint32_t base,
                                               std::span<const WordToken> tokens, size_t i,
                                               bool after_hedge) const {
  // Most words start no number: answered with a few bit tests before building a NumberRead.
  if (i >= tokens.size() || !MayStartAt(tokens[i])) return std::nullopt;
  const WordToken& t = tokens[i];
  NumberRead out;
  out.first_token = i;
  out.span = ByteSpan{t.begin, t.end};
  out.end_token = i + 1;
  // Machine translation masks numbers as "XNUMX" (also glued: "XNUMX%", "XNUMXe").
  if (t.lower.find("xnumx") != std::string::npos) {
    out.artifact = Artifact::kMaskedNumber;
    return out;
  }
  if (t.digits) {
    size_t pos = t.end - base;  // relative end of the digits read so far
    std::string digits(text.substr(t.begin - base, t.end - t.begin));
    std::string fraction;
    bool garbled = false;
    if (digits.size() <= 3) {
      char32_t first_sep = 0;
      for (int groups = 0; groups < 6; ++groups) {
        char32_t sep = 0;
        size_t len = SeparatorAt(text, pos, &sep);
        if (len == 0 || (first_sep != 0 && sep != first_sep)) break;
        size_t run = DigitRun(text, pos + len);
        if (run == 3) {
          digits.append(text.substr(pos + len, 3));
          pos += len + 3;
          first_sep = sep;
          continue;
        }
        if (groups == 0 && (sep == ',' || sep == '.') && run >= 1 && run <= 2) {
          fraction = std::string(text.substr(pos + len, run));
          pos += len + run;
        } else if (size_t cut = groups == 0 && (sep == ',' || sep == '.') && run == 0
                                    ? LeadingZeroGroupAfterSpace(text, pos + len)
                                    : 0;
                   cut != 0) {
          // "170, 000": a thousands group cut off by a space after the separator (text joined
          // back from tokens). A group starting with 0 cannot open a number of its own, and
          // reading the two as one would be a guess.
          garbled = true;
          pos = cut;
        } else if (groups == 0 && IsSpaceSeparator(sep) && run > 0 && run != 3 &&
                   (pos + len + run >= text.size() || !IsDigit(text[pos + len + run]))) {
          // "3 26": a space then a group that is not three digits. Machine translation splits
          // numbers like this (issue 4); no reading of it is safe.
          garbled = true;
          pos += len + run;
        }
        break;
      }
    }
    out.span.end = base + uint32_t(pos);
    out.end_token = TokenAtOrAfter(tokens, i + 1, out.span.end);
    if (garbled) {
      out.artifact = Artifact::kGarbledNumber;
      return out;
    }
    // "000", "007": a group with a leading zero alone is no count (a code, or the tail of a
    // number cut in two).
    if (digits.size() > 1 && digits[0] == '0' && fraction.empty()) return std::nullopt;
    std::optional<int64_t> v = ToInt(digits);
    if (!v) return std::nullopt;
    if (auto m = Multiplier(tokens, out.end_token)) {
      int64_t frac = 0, scale = 1;
      for (char c : fraction) {
        frac = frac * 10 + (c - '0');
        scale *= 10;
      }
      if (*v > kMaxValue / m->first) return std::nullopt;
      int64_t value = *v * m->first + frac * m->first / scale;
      out.value = ValueRange{value, value};
      out.end_token += m->second;
      out.span.end = tokens[out.end_token - 1].end;
      return out;
    }
    out.integer = fraction.empty();
    out.value = ValueRange{*v, *v};
    out.year_like = digits.size() == 4 && t.end - t.begin == 4 && *v >= 1800 && *v <= 2100;
    return out;
  }
  // "10-15", "10–15": a range; "123-45-67" (a phone number) is not a number.
  if (!t.lower.empty() && IsDigit(t.lower[0])) {
    size_t a = DigitRun(t.lower, 0);
    size_t dash = a;
    char32_t c = 0;
    if (dash < t.lower.size()) {
      size_t p = dash;
      c = base::DecodeOne(t.lower, &p);
      size_t b = DigitRun(t.lower, p);
      if ((c == '-' || c == 0x2013 || c == 0x2010 || c == 0x2011) && b > 0 && b <= 6 && a <= 6 &&
          p + b == t.lower.size()) {
        std::optional<int64_t> lo = ToInt(t.lower.substr(0, a));
        std::optional<int64_t> hi = ToInt(t.lower.substr(p, b));
        if (lo && hi && *lo < *hi) {
          out.value = ValueRange{*lo, *hi};
          return out;
        }
      }
    }
    return std::nullopt;  // "45e", "31st", "45-й", "10h20": not a count
  }
  // Vague and exact words from the packs: "une douzaine", "hundreds", "тысяча".
  PhraseTable::Hit h = after_hedge ? exact_.Match(tokens, i) : vague_.Match(tokens, i);
  if (h.length == 0) h = after_hedge ? vague_.Match(tokens, i) : exact_.Match(tokens, i);
  if (h.length > 0) {
    const Word& w = words_[h.id];
    out.end_token = i + h.length;
    out.span.end = tokens[out.end_token - 1].end;
    out.value = ValueRange{w.min, w.max};
    out.spelled = true;
    if (w.approx != Approx::kExact || w.min != w.max) out.approx = w.approx;
    if (auto m = Multiplier(tokens, out.end_token); m && w.min == w.max) {
      out.value = ValueRange{w.min * m->first, w.max * m->first};
      out.end_token += m->second;
      out.span.end = tokens[out.end_token - 1].end;
    }
    return out;
  }
  // Spelled-out numbers: a run of spell-out words whose first word is a number by itself.
  uint32_t first = vocabulary_.Find(t.lower, t.hash);
  if (first == WordIndex::kNone || formatted_.Find(t.lower, t.hash) == WordIndex::kNone) {
    return std::nullopt;
  }
  uint64_t mask = vocabulary_masks_[first];
  size_t j = i + 1;
  bool joined = false;  // a joiner inside the run ("four hundred and thirteen")
  while (j < tokens.size() && j - i < kMaxSpelledWords && tokens[j].word) {
    uint32_t k = vocabulary_.Find(tokens[j].lower, tokens[j].hash);
    if (k == WordIndex::kNone && j + 1 < tokens.size() && tokens[j + 1].word &&
        joiners_.Find(tokens[j].lower, tokens[j].hash) != WordIndex::kNone) {
      // A joiner counts only between two words of one number.
      const uint32_t after = vocabulary_.Find(tokens[j + 1].lower, tokens[j + 1].hash);
      if (after != WordIndex::kNone && (vocabulary_masks_[after] & mask) != 0) {
        joined = true;
        ++j;
        continue;
      }
    }
    if (k == WordIndex::kNone || (vocabulary_masks_[k] & mask) == 0) break;
    mask &= vocabulary_masks_[k];
    ++j;
  }
  for (; j > i; --j) {
    std::optional<int64_t> v;
    if (j == i + 1) {
      // One word: NormalizeRun of it is t.lower (a token holds no space), found above.
      v = formatted_values_[formatted_.Find(t.lower, t.hash)];
    } else {
      if (joined && joiners_.Find(tokens[j - 1].lower, tokens[j - 1].hash) != WordIndex::kNone) {
        continue;  // a run never ends on a joiner
      }
      std::string_view run = text.substr(t.begin - base, tokens[j - 1].end - t.begin);
      std::string norm = NormalizeRun(run);
      // "four hundred and thirteen" -> "four hundred thirteen": read only as a round number
      // and what is under a hundred after it, whose sum the whole must be ("two and three" is
      // no number).
      std::optional<int64_t> joined_parts;
      if (joined) {
        std::string kept, before, after;
        bool past = false;
        for (size_t x = i; x < j; ++x) {
          if (joiners_.Find(tokens[x].lower, tokens[x].hash) != WordIndex::kNone) {
            past = true;
            continue;
          }
          std::string& part = past ? after : before;
          if (!part.empty()) part.push_back(' ');
          part.append(tokens[x].lower);
          if (!kept.empty()) kept.push_back(' ');
          kept.append(tokens[x].lower);
        }
        norm = NormalizeRun(kept);
        auto value_of = [&](const std::string& words) -> std::optional<int64_t> {
          if (words.empty()) return std::nullopt;
          const std::string n = NormalizeRun(words);
          if (uint32_t f = formatted_.Find(n); f != WordIndex::kNone) return formatted_values_[f];
          return ParseSpelled(n, mask);
        };
        const std::optional<int64_t> a = past ? value_of(before) : std::nullopt;
        const std::optional<int64_t> b = past ? value_of(after) : std::nullopt;
        if (!a || !b || *a % 100 != 0 || *a == 0 || *b >= 100) continue;
        joined_parts = *a + *b;
      }
      if (uint32_t f = formatted_.Find(norm); f != WordIndex::kNone) {
        v = formatted_values_[f];
      } else {
        v = ParseSpelled(norm, mask);
      }
      if (joined_parts && v != joined_parts) continue;
    }
    if (!v) continue;
    out.end_token = j;
    out.span.end = tokens[j - 1].end;
    out.value = ValueRange{*v, *v};
    out.spelled = true;
    if (auto m = Multiplier(tokens, j); m && *v <= kMaxValue / m->first) {
      out.value = ValueRange{*v * m->first, *v * m->first};
      out.end_token += m->second;
      out.span.end = tokens[out.end_token - 1].end;
    }
    return out;
  }
  return std::nullopt;
}

std::optional<NumberRead> NumberReader::Read(std::string_view s) const {
  Words words = TokenizeWords(s, 0, 256);
  return ReadAt(s, 0, words.tokens, 0);
}

}  // namespace sitrep::extract
