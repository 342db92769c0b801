#include "extract/name_key.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "base/hash.h"
#include "base/utf8.h"

namespace sitrep::extract {
namespace {

constexpr char32_t kLowBegin = 0x80, kLowEnd = 0x530;
constexpr char32_t kExtBegin = 0x1E00, kExtEnd = 0x1F00;

constexpr uint8_t kWord = 1, kUpper = 2, kLetter = 4;

// a == b for the few bytes of a rule, without a call to memcmp.
bool SameBytes(const char* a, const char* b, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool IsCyrillic(char32_t c) { return c >= 0x400 && c < 0x530; }

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (u_isalnum(static_cast<UChar32>(c))) return true;
  int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

bool IsUpper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(static_cast<UChar32>(c));
}

// DecodeOne with an ASCII fast path: most bytes of news text are ASCII.
inline char32_t Next(std::string_view s, size_t* pos) {
  unsigned char b = static_cast<unsigned char>(s[*pos]);
  if (b < 0x80) {
    ++*pos;
    return b;
  }
  // Two-byte sequences (Latin accents, Cyrillic) decoded inline when well formed.
  if ((b & 0xE0) == 0xC0 && b >= 0xC2 && *pos + 1 < s.size() &&
      (static_cast<unsigned char>(s[*pos + 1]) & 0xC0) == 0x80) {
    char32_t c = (char32_t(b & 0x1F) << 6) | (static_cast<unsigned char>(s[*pos + 1]) & 0x3F);
    *pos += 2;
    return c;
  }
  return base::DecodeOne(s, pos);
}

bool IsHyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

// Characters after which the next word starts a sentence (or a line: headlines, list items).
bool EndsSentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026 || c == '\n' || c == ';' ||
         c == 0x2022;
}

// Keeps [a-z0-9] of an ICU result, lower-cased.
std::string AsciiLetters(const icu::UnicodeString& u) {
  std::string utf8, out;
  u.toUTF8String(utf8);
  for (char ch : utf8) {
    if (ch >= 'A' && ch <= 'Z') out.push_back(char(ch - 'A' + 'a'));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out.push_back(ch);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<NameFolder>> NameFolder::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(base::TsvTable table,
                          resources.Common("name_folding.tsv", {"stage", "from", "to"}));
  return FromTable(table);
}

Result<std::unique_ptr<NameFolder>> NameFolder::FromTable(const base::TsvTable& table) {
  std::unique_ptr<NameFolder> f(new NameFolder());
  const int c_stage = table.Column("stage"), c_from = table.Column("from"), c_to = table.Column("to");
  if (c_stage < 0 || c_from < 0 || c_to < 0) {
    return Corrupt(table.path + ": needs columns stage, from, to");
  }
  std::vector<std::pair<char32_t, std::string>> char_rules;
  std::string fingerprint_input;
  for (const base::TsvRow& row : table.rows) {
    const std::string& stage = row.fields[c_stage];
    const std::string& from = row.fields[c_from];
    const std::string& to = row.fields[c_to];
    fingerprint_input += stage + "\t" + from + "\t" + to + "\n";
    if (stage == "char") {
      size_t pos = 0;
      char32_t cp = from.empty() ? 0 : base::DecodeOne(from, &pos);
      if (from.empty() || pos != from.size()) {
        return Corrupt(table.Where(row) + ": a char rule needs exactly one code point");
      }
      char_rules.emplace_back(cp, to);
    } else if (stage == "ascii") {
      Rule r;
      r.anchored = !from.empty() && from[0] == '^';
      r.from = r.anchored ? from.substr(1) : from;
      r.to = to;
      bool ok = !r.from.empty();
      for (char ch : r.from + r.to) ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
      if (!ok) return Corrupt(table.Where(row) + ": ascii rules use lower-case a-z and 0-9 only");
      f->rules_by_first_[static_cast<unsigned char>(r.from[0])].push_back(std::move(r));
    } else if (stage == "post") {
      if (from == "drop_glide") f->post_.push_back(Post::kDropGlide);
      else if (from == "collapse_doubles") f->post_.push_back(Post::kCollapseDoubles);
      else return Corrupt(table.Where(row) + ": unknown post step '" + from + "'");
    } else {
      return Corrupt(table.Where(row) + ": unknown stage '" + stage + "' (char, ascii, post)");
    }
  }
  for (auto& rules : f->rules_by_first_) {
    std::stable_sort(rules.begin(), rules.end(),
                     [](const Rule& a, const Rule& b) { return a.from.size() > b.from.size(); });
  }
  for (const auto& rules : f->rules_by_first_) {
    for (const Rule& r : rules) {
      f->max_expansion_ = std::max(f->max_expansion_, (r.to.size() + r.from.size() - 1) / r.from.size());
      const unsigned char first = static_cast<unsigned char>(r.from[0]);
      if (r.anchored) f->anchored_first_[first] = true;
      for (size_t k = 0; k + 1 < r.from.size(); ++k) {
        f->inner_byte_[static_cast<unsigned char>(r.from[k])] = true;
        f->straddles_by_last_[static_cast<unsigned char>(r.from[k])].push_back(
            Straddle{r.from.substr(0, k + 1), r.from.substr(k + 1), r.anchored});
      }
    }
  }
  for (Post p : f->post_) {
    if (p == Post::kCollapseDoubles) f->collapse_doubles_ = true;
    if (p == Post::kDropGlide) f->drop_glide_ = true;
  }
  f->fingerprint_ = base::Sha256Hex(fingerprint_input).substr(0, 16);

  // Per code point tables, built once with ICU. Cyrillic letters are transliterated after a
  // consonant ("бе" -> "be") so that BGN gives the in-word form ("e", not the initial "ye").
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> latin(icu::Transliterator::createInstance(
      "Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return Internal("ICU transliterator Any-Latin; Latin-ASCII unavailable");
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> bgn(icu::Transliterator::createInstance(
      "Russian-Latin/BGN; Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return Internal("ICU transliterator Russian-Latin/BGN unavailable");

  auto fill = [&](char32_t begin, char32_t end, std::vector<std::string>* table_out,
                  std::vector<bool>* mapped) {
    table_out->assign(end - begin, std::string());
    mapped->assign(end - begin, false);
    for (char32_t cp = begin; cp < end; ++cp) {
      size_t i = cp - begin;
      auto rule = std::find_if(char_rules.begin(), char_rules.end(),
                               [&](const auto& r) { return r.first == cp; });
      if (rule != char_rules.end()) {
        (*table_out)[i] = rule->second;
        (*mapped)[i] = true;
        continue;
      }
      if (!IsWordChar(cp)) continue;
      UChar32 lower = u_tolower(static_cast<UChar32>(cp));
      icu::UnicodeString u;
      if (IsCyrillic(cp)) {
        u.append(static_cast<UChar32>(0x431));  // б
        u.append(lower);
        bgn->transliterate(u);
        std::string s = AsciiLetters(u);
        (*table_out)[i] = s.empty() ? s : s.substr(1);
      } else {
        u.append(lower);
        latin->transliterate(u);
        (*table_out)[i] = AsciiLetters(u);
      }
      (*mapped)[i] = true;
    }
  };
  fill(kLowBegin, kLowEnd, &f->low_table_, &f->low_mapped_);
  f->low_class_.assign(kLowEnd, 0);
  for (char32_t cp = 0; cp < kLowEnd; ++cp) {
    f->low_class_[cp] = uint8_t((IsWordChar(cp) ? kWord : 0) | (IsUpper(cp) ? kUpper : 0) |
                                (IsLetter(cp) ? kLetter : 0));
  }
  fill(kExtBegin, kExtEnd, &f->ext_table_, &f->ext_mapped_);
  return f;
}

void NameFolder::AppendAscii(std::string_view word, std::string* out) const {
  size_t pos = 0;
  while (pos < word.size()) {
    unsigned char b = static_cast<unsigned char>(word[pos]);
    if (b < 0x80) {
      ++pos;
      if (b >= 'A' && b <= 'Z') out->push_back(char(b - 'A' + 'a'));
      else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) out->push_back(char(b));
      continue;
    }
    size_t start = pos;
    char32_t cp = Next(word, &pos);
    if (cp >= kLowBegin && cp < kLowEnd && low_mapped_[cp - kLowBegin]) {
      out->append(low_table_[cp - kLowBegin]);
    } else if (cp >= kExtBegin && cp < kExtEnd && ext_mapped_[cp - kExtBegin]) {
      out->append(ext_table_[cp - kExtBegin]);
    } else if (IsWordChar(cp)) {
      out->append(word.substr(start, pos - start));
    }
  }
}

std::string NameFolder::FoldAscii(std::string_view ascii) const {
  std::string s;
  FoldAsciiInto(ascii, &s);
  return s;
}

void NameFolder::FoldAsciiInto(std::string_view ascii, std::string* out) const {
  // Hot path (n-gram keys): written by index into `out` sized for the longest expansion, rules
  // compared byte by byte (they are 1-4 bytes long), post steps in place.
  std::string& s = *out;
  const size_t n = ascii.size();
  s.resize(n * max_expansion_);
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    const unsigned char c = static_cast<unsigned char>(ascii[i]);
    const Rule* hit = nullptr;
    if (c < 128) {
      for (const Rule& r : rules_by_first_[c]) {
        if ((r.anchored && i != 0) || r.from.size() > n - i) continue;
        size_t k = 1;
        while (k < r.from.size() && ascii[i + k] == r.from[k]) ++k;
        if (k == r.from.size()) {
          hit = &r;
          break;
        }
      }
    }
    if (hit) {
      for (char ch : hit->to) s[w++] = ch;
      i += hit->from.size();
    } else {
      s[w++] = char(c);
      ++i;
    }
  }
  s.resize(w);
  for (Post p : post_) {
    size_t k = 0;
    for (size_t r = 0; r < s.size(); ++r) {
      const char ch = s[r];
      if (p == Post::kDropGlide && ch == 'i' && k > 0 && r + 1 < s.size() && IsVowel(s[k - 1]) &&
          IsVowel(s[r + 1])) {
        continue;
      }
      if (p == Post::kCollapseDoubles && k > 0 && s[k - 1] == ch) continue;
      s[k++] = ch;
    }
    s.resize(k);
  }
}

bool NameFolder::JoinsCleanlySlow(std::string_view left, std::string_view left_key,
                                  std::string_view right, std::string_view right_key) const {
  if (left.empty() || right.empty() || left_key.empty() || right_key.empty()) return false;
  // A rule starting in the last bytes of `left` whose `from` runs on into `right`: listed by
  // the last byte of its part in `left` (an anchored rule only when that part is all of left).
  const size_t n = left.size();
  const unsigned char last = static_cast<unsigned char>(left.back());
  if (last < 128) {
    for (const Straddle& s : straddles_by_last_[last]) {
      const size_t k = s.left_part.size(), need = s.right_part.size();
      if (k > n || (s.anchored && k != n) || right.size() < need) continue;
      if (SameBytes(left.data() + (n - k), s.left_part.data(), k) &&
          SameBytes(right.data(), s.right_part.data(), need)) {
        return false;
      }
    }
  }
  // An anchored rule that applied at the start of `right` alone does not inside the join.
  const unsigned char c0 = static_cast<unsigned char>(right[0]);
  if (c0 < 128 && anchored_first_[c0]) {
    for (const Rule& r : rules_by_first_[c0]) {
      if (r.anchored && right.size() >= r.from.size() &&
          SameBytes(right.data(), r.from.data(), r.from.size())) {
        return false;
      }
    }
  }
  // Post steps look one letter to each side; the letters either side of the join are the last
  // of left_key and the first of right_key.
  return PostStepsJoin(left_key.back(), right_key.front());
}

std::string NameFolder::Key(std::string_view name) const {
  std::string ascii;
  for (const NameToken& t : Tokenize(name, 64, 256)) ascii += t.ascii;
  return FoldAscii(ascii);
}

std::string NameFolder::IdKey(std::string_view name) const {
  std::string out;
  for (const NameToken& t : Tokenize(name, 64, 256)) {
    std::string k = FoldAscii(t.ascii);
    if (k.empty()) continue;
    if (!out.empty()) out.push_back('-');
    out += k;
  }
  return out;
}

uint8_t NameFolder::Class(char32_t cp) const {
  if (cp < low_class_.size()) return low_class_[cp];
  uint8_t c = 0;
  if (IsWordChar(cp)) c |= kWord;
  if (IsUpper(cp)) c |= kUpper;
  if (IsLetter(cp)) c |= kLetter;
  return c;
}

std::vector<WordBounds> NameFolder::SplitWords(std::string_view text, size_t max_tokens) const {
  std::vector<WordBounds> tokens;
  SplitWordsInto(text, max_tokens, &tokens);
  return tokens;
}

void NameFolder::SplitWordsInto(std::string_view text, size_t max_tokens,
                                std::vector<WordBounds>* out) const {
  std::vector<WordBounds>& tokens = *out;
  tokens.clear();
  tokens.reserve(std::min(max_tokens, text.size() / 6 + 1));
  const char* const s = text.data();
  const size_t n = text.size();
  const uint8_t* const ascii_class = low_class_.data();  // covers U+0000..U+007F
  size_t pos = 0;
  bool sentence_start = true;
  bool pending_hyphen = false;  // a hyphen directly after the previous token
  size_t prev_end = 0, hyphen_end = 0;
  size_t count = 0;  // tokens.size(), which the loop would recompute for every character
  while (pos < n && count < max_tokens) {
    const size_t start = pos;
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    char32_t c;
    bool word;
    if (b < 0x80) {  // most characters of news text: no decoding, no call
      c = b;
      ++pos;
      word = (ascii_class[b] & kWord) != 0;
    } else {
      c = Next(text, &pos);
      word = (Class(c) & kWord) != 0;
    }
    if (!word) {
      if (c == ' ') {  // the most common separator: ends no sentence, is no hyphen
        pending_hyphen = false;
        hyphen_end = pos;
        continue;
      }
      if (EndsSentence(c)) sentence_start = true;
      // "Nur-Sultan": a hyphen touching both words glues them.
      pending_hyphen = IsHyphen(c) && start == prev_end && count > 0;
      hyphen_end = pos;
      continue;
    }
    WordBounds t;
    t.begin = static_cast<uint32_t>(start);
    t.hyphen_before = pending_hyphen && start == hyphen_end;
    t.sentence_start = sentence_start;
    while (pos < n) {
      const unsigned char d = static_cast<unsigned char>(s[pos]);
      if (d < 0x80) {  // ASCII fast path: most letters of news text
        if (!(ascii_class[d] & kWord)) break;
        ++pos;
        continue;
      }
      size_t p2 = pos;
      if (!(Class(Next(text, &p2)) & kWord)) break;
      pos = p2;
    }
    // A dotted initialism is one word ("U.S.", "U.K.": the name a table knows as "US"): single
    // capitals each followed by a dot, the last dot left to end a sentence.
    if (pos == start + 1 && b >= 'A' && b <= 'Z') {
      while (pos + 2 < n && s[pos] == '.' && s[pos + 1] >= 'A' && s[pos + 1] <= 'Z' &&
             s[pos + 2] == '.') {
        pos += 2;
      }
    }
    t.end = static_cast<uint32_t>(pos);
    tokens.push_back(t);
    ++count;
    prev_end = pos;
    sentence_start = false;
    pending_hyphen = false;
  }
}

void NameFolder::DescribeWord(std::string_view word, size_t max_token_bytes, NameToken* t) const {
  int letters = 0, uppers = 0;
  size_t pos = 0;
  bool first = true;
  while (pos < word.size()) {
    char32_t cp = Next(word, &pos);
    const uint8_t c = Class(cp);
    if (first) t->upper_initial = (c & kUpper) != 0;
    first = false;
    if (c & kLetter) {
      ++letters;
      if (c & kUpper) ++uppers;
    }
    if (cp >= '0' && cp <= '9') t->has_digit = true;
    if (IsCyrillic(cp)) t->cyrillic = true;
  }
  t->all_caps = letters >= 2 && uppers == letters;
  if (word.size() <= max_token_bytes) AppendAscii(word, &t->ascii);
}

std::vector<NameToken> NameFolder::Tokenize(std::string_view text, size_t max_tokens,
                                            size_t max_token_bytes) const {
  std::vector<NameToken> tokens;
  for (const WordBounds& b : SplitWords(text, max_tokens)) {
    NameToken t;
    t.begin = b.begin;
    t.end = b.end;
    t.sentence_start = b.sentence_start;
    t.hyphen_before = b.hyphen_before;
    DescribeWord(text.substr(b.begin, b.end - b.begin), max_token_bytes, &t);
    tokens.push_back(std::move(t));
  }
  return tokens;
}

std::string Skeleton(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (IsVowel(c) || c == 'y') continue;
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  return out;
}

double EditSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const size_t n = a.size(), m = b.size();
  if (n > 64 || m > 64) return 0.0;
  if (n == 0 || m == 0) return 0.0;
  size_t row[65];
  for (size_t j = 0; j <= m; ++j) row[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return 1.0 - double(row[m]) / double(std::max(n, m));
}

namespace {

// Skeleton(a) == Skeleton(b) without building either: steps through both consonant sequences
// (find_person compares every mention with every person of a document).
bool SameSkeleton(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  char last_a = 0, last_b = 0;
  auto next = [](std::string_view s, size_t* pos, char* last) -> char {
    while (*pos < s.size()) {
      const char c = s[(*pos)++];
      if (IsVowel(c) || c == 'y' || c == *last) continue;
      *last = c;
      return c;
    }
    return 0;
  };
  while (true) {
    const char x = next(a, &i, &last_a), y = next(b, &j, &last_b);
    if (x != y) return false;
    if (x == 0) return i >= a.size() && j >= b.size();
  }
}

}  // namespace

bool SameNameKey(std::string_view a, std::string_view b, double min_similarity) {
  if (a == b) return !a.empty();
  if (a.empty() || b.empty()) return false;
  if (!SameSkeleton(a, b)) return false;
  return EditSimilarity(a, b) >= min_similarity;
}

}  // namespace sitrep::extract
