#include "clean/zoner_cues.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <utility>

#include "base/utf8.h"

namespace sitrep::clean {
namespace {

struct CueNameEntry {
  Cue cue;
  std::string_view name;
};

constexpr CueNameEntry kCueNames[] = {
    {Cue::kNone, "none"},
    {Cue::kSourceLine, "source_line"},
    {Cue::kTranslationLine, "translation_line"},
    {Cue::kReadMoreOn, "read_more_on"},
    {Cue::kOriginalHere, "original_here"},
    {Cue::kQuoteIntro, "quote_intro"},
    {Cue::kReplyLink, "reply_link"},
    {Cue::kCommentCounter, "comment_counter"},
    {Cue::kReadAlso, "read_also"},
    {Cue::kSeeAlso, "see_also"},
    {Cue::kLoginPrompt, "login_prompt"},
    {Cue::kCommentForm, "comment_form"},
    {Cue::kRequiredFields, "required_fields"},
    {Cue::kModeration, "moderation"},
    {Cue::kCommentUi, "comment_ui"},
    {Cue::kDisclaimer, "disclaimer"},
    {Cue::kSharePrompt, "share_prompt"},
    {Cue::kFollowPrompt, "follow_prompt"},
    {Cue::kNewsletter, "newsletter"},
    {Cue::kDonation, "donation"},
    {Cue::kCookie, "cookie"},
};

bool ParseCue(std::string_view name, Cue* out) {
  for (const auto& e : kCueNames) {
    if (e.name == name && e.cue != Cue::kNone) {
      *out = e.cue;
      return true;
    }
  }
  return false;
}

RE2::Options PatternOptions() {
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  // Case-insensitive Unicode sets build large DFAs; a small budget makes RE2 throw its state
  // cache away again and again (measured: 28% of the HTML path at the default 8 MB).
  opt.set_max_mem(64 << 20);
  return opt;
}

// True when every alternative of `pattern` starts at the beginning of the line: a leading '^'
// and no '|' outside brackets and parentheses. Such patterns go to a start-anchored set, whose
// DFA stops after a few bytes on most lines instead of reading each line to its end.
bool AnchoredAtStart(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '^') return false;
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '[') in_class = true;
    else if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if (c == '|' && depth == 0) return false;
  }
  return true;
}

}  // namespace

std::string_view CueName(Cue cue) {
  for (const auto& e : kCueNames) {
    if (e.cue == cue) return e.name;
  }
  return "none";
}

// Lead bytes of the only non-ASCII characters NormalizeCueLine changes: the Unicode spaces of
// base::IsSpace (U+00A0, U+1680, U+2000..U+205F, U+3000, U+FEFF) and the apostrophes U+2018,
// U+2019, U+02BC. Any other character is copied as its bytes, without decoding.
constexpr bool MayBeSpaceOrApostrophe(unsigned char lead) {
  return lead == 0xC2 || lead == 0xCA || lead == 0xE1 || lead == 0xE2 || lead == 0xE3 ||
         lead == 0xEF;
}

std::string NormalizeCueLine(std::string_view line) {
  line = base::TrimSpace(line);
  // The result is never longer than the line (spaces collapse, apostrophes shrink to one byte):
  // write through a pointer and cut to size at the end.
  std::string out(line.size(), '\0');
  char* w = out.data();
  size_t pos = 0;
  bool space = false;
  while (pos < line.size()) {
    auto b = static_cast<unsigned char>(line[pos]);
    if (b < 0x80 || !MayBeSpaceOrApostrophe(b)) {  // most of every line: copied as is
      if (b == ' ' || (b >= '\t' && b <= '\r')) {
        ++pos;
        space = true;
        continue;
      }
      if (space) *w++ = ' ';
      space = false;
      *w++ = static_cast<char>(b);
      ++pos;
      continue;
    }
    size_t start = pos;
    char32_t c = base::DecodeOne(line, &pos);
    if (base::IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) *w++ = ' ';
    space = false;
    if (c == U'\u2019' || c == U'\u2018' || c == U'\u02BC') {
      *w++ = '\'';
    } else {
      for (size_t k = start; k < pos; ++k) *w++ = line[k];
    }
  }
  out.resize(static_cast<size_t>(w - out.data()));
  return out;
}

bool IsNormalizedCueLine(std::string_view line) {
  const size_t n = line.size();
  // Broken UTF-8 at the end (stray continuation bytes) is trimmed oddly by TrimSpace: leave such
  // a line to NormalizeCueLine. A document's text is valid, so this costs nothing there.
  if (n > 0 && (static_cast<unsigned char>(line[n - 1]) & 0xC0) == 0x80) {
    size_t last = base::FloorBoundary(line, n - 1);
    if (base::ValidUtf8Prefix(line.substr(last)) != n - last) return false;
  }
  for (size_t pos = 0; pos < n;) {
    auto b = static_cast<unsigned char>(line[pos]);
    if (b < 0x80) {
      if (b == ' ') {
        // One space between two other characters stays; at an end, or before any space, not.
        if (pos == 0 || pos + 1 == n) return false;
        auto next = static_cast<unsigned char>(line[pos + 1]);
        if (next == ' ' || (next >= '\t' && next <= '\r')) return false;
      } else if (b >= '\t' && b <= '\r') {
        return false;
      }
      ++pos;
      continue;
    }
    if (!MayBeSpaceOrApostrophe(b)) {
      ++pos;
      continue;
    }
    char32_t c = base::DecodeOne(line, &pos);
    if (base::IsSpace(c) || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC') return false;
  }
  return true;
}

// A necessary condition for the floating set, tested before any RE2 call: RE2's FilteredRE2
// reduces each floating pattern to the literal strings ("atoms", lower-cased) that a match must
// contain; a line that holds none of the atoms one pattern needs cannot match that pattern, and
// when no floating pattern passes, the set is not run (most body lines: the set's DFA would
// otherwise read every byte of them). Patterns still pass or fail exactly as before: a line that
// passes the filter is matched in full.
//
// Atom search is done on a lower-cased copy of the line. Case-insensitive RE2 matches a letter
// with every member of its simple case-folding orbit; the copy maps only A-Z, Latin-1 capitals
// (U+00C0..U+00DE) and basic Cyrillic capitals (U+0400..U+042F) to their lower case. Atoms made
// of other characters count as always present. The few characters that fold into those ranges
// from elsewhere (KELVIN SIGN, ANGSTROM SIGN, long s, Y WITH DIAERESIS, capital sharp s, the old
// Cyrillic forms U+1C80..) are outside the lead bytes C2, C3, D0, D1, E2 80 that the copy keeps:
// a line holding any other non-ASCII character skips the filter.
class AtomFilter {
 public:
  // Adds a pattern; ids count from 0 in call order.
  bool Add(const std::string& pattern, const RE2::Options& options) {
    int id = 0;
    return filter_.Add(pattern, options, &id) == RE2::NoError;
  }

  void Compile() {
    if (filter_.NumRegexps() == 0) return;
    filter_.Compile(&atoms_);
    for (size_t i = 0; i < atoms_.size(); ++i) {
      const std::string& a = atoms_[i];
      if (a.size() < 2 || !Searchable(a)) {
        always_.push_back(static_cast<int>(i));
        continue;
      }
      const uint32_t bigram = Bigram(a[0], a[1]);
      bigrams_[bigram >> 6] |= uint64_t{1} << (bigram & 63);
      by_bigram_.emplace_back(bigram, static_cast<int>(i));
    }
    std::sort(by_bigram_.begin(), by_bigram_.end());
    std::vector<int> potentials;
    filter_.AllPotentials(always_, &potentials);
    // With no atom found, some patterns may still pass (they have no usable atom).
    useful_ = potentials.empty();
    compiled_ = true;
  }

  // False only when no added pattern can match `line`.
  bool MayMatch(std::string_view line) const {
    if (!compiled_ || !useful_) return true;
    // Lines are short: lower-case into a stack buffer, the heap only for long ones.
    char stack[512];
    std::string heap;
    char* lower = stack;
    if (line.size() > sizeof stack) {
      heap.resize(line.size());
      lower = heap.data();
    }
    for (size_t i = 0; i < line.size(); ++i) {
      auto b = static_cast<unsigned char>(line[i]);
      if (b < 0x80) {
        lower[i] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        continue;
      }
      if (b >= 0xC0) {
        if (b == 0xE2) {
          if (i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x80) {
            lower[i] = static_cast<char>(b);
            continue;
          }
          return true;
        }
        if (b != 0xC2 && b != 0xC3 && b != 0xD0 && b != 0xD1) return true;
        lower[i] = static_cast<char>(b);
        if (i + 1 < line.size() && (static_cast<unsigned char>(line[i + 1]) & 0xC0) == 0x80) {
          auto c = static_cast<unsigned char>(line[i + 1]);
          if (b == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) {
            c = static_cast<unsigned char>(c + 0x20);
          } else if (b == 0xD0 && c >= 0x90 && c <= 0x9F) {  // А..П -> а..п
            c = static_cast<unsigned char>(c + 0x20);
          } else if (b == 0xD0 && c >= 0xA0 && c <= 0xAF) {  // Р..Я -> р..я (D1 80..8F)
            lower[i] = static_cast<char>(0xD1);
            c = static_cast<unsigned char>(c - 0x20);
          } else if (b == 0xD0 && c >= 0x80 && c <= 0x8F) {  // Ѐ..Џ -> ѐ..џ (D1 90..9F)
            lower[i] = static_cast<char>(0xD1);
            c = static_cast<unsigned char>(c + 0x10);
          }
          lower[i + 1] = static_cast<char>(c);
          ++i;
        }
        continue;
      }
      lower[i] = static_cast<char>(b);  // continuation byte of an E2 80 sequence, or stray
    }
    const std::string_view lowered(lower, line.size());
    std::vector<int> found;
    for (size_t i = 0; i + 1 < lowered.size(); ++i) {
      const uint32_t bigram = Bigram(lowered[i], lowered[i + 1]);
      if ((bigrams_[bigram >> 6] >> (bigram & 63) & 1) == 0) continue;
      auto it = std::lower_bound(by_bigram_.begin(), by_bigram_.end(), std::make_pair(bigram, 0));
      for (; it != by_bigram_.end() && it->first == bigram; ++it) {
        const std::string& atom = atoms_[it->second];
        if (lowered.substr(i, atom.size()) != atom) continue;
        if (std::find(found.begin(), found.end(), it->second) == found.end()) {
          found.push_back(it->second);
        }
      }
    }
    if (found.empty()) return false;
    found.insert(found.end(), always_.begin(), always_.end());
    std::vector<int> potentials;
    filter_.AllPotentials(found, &potentials);
    return !potentials.empty();
  }

 private:
  static uint32_t Bigram(char a, char b) {
    return static_cast<uint32_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  }
  // True when every character of the atom is one the lower-cased copy can find: ASCII, Latin-1
  // lower case letters (U+00DF..U+00FE), basic Cyrillic lower case (U+0430..U+045F).
  static bool Searchable(std::string_view atom) {
    for (size_t i = 0; i < atom.size(); ++i) {
      auto b = static_cast<unsigned char>(atom[i]);
      if (b < 0x80) continue;
      if (i + 1 >= atom.size()) return false;
      auto c = static_cast<unsigned char>(atom[i + 1]);
      bool ok = (b == 0xC3 && c >= 0x9F && c <= 0xBE && c != 0xB7) ||
                (b == 0xD0 && c >= 0xB0 && c <= 0xBF) || (b == 0xD1 && c >= 0x80 && c <= 0x9F);
      if (!ok) return false;
      ++i;
    }
    return true;
  }

  re2::FilteredRE2 filter_{3};
  std::vector<std::string> atoms_;
  std::vector<int> always_;  // atoms the search cannot look for: taken as present
  std::array<uint64_t, 1024> bigrams_{};             // bit set: first two bytes of an atom
  std::vector<std::pair<uint32_t, int>> by_bigram_;  // (first two bytes, atom), sorted
  bool compiled_ = false;
  bool useful_ = false;
};

struct CueSet::Impl {
  Impl()
      : anchored(PatternOptions(), RE2::ANCHOR_START), floating(PatternOptions(), RE2::UNANCHORED) {}
  RE2::Set anchored;  // patterns whose every alternative starts with '^'
  RE2::Set floating;  // the others
  AtomFilter floating_filter;  // a necessary condition for a floating match
  std::vector<int> anchored_ids, floating_ids;  // set index -> pattern index
  std::vector<std::unique_ptr<RE2>> patterns;   // pattern index -> compiled pattern
};

CueSet::CueSet() : impl_(std::make_unique<Impl>()) {}
CueSet::~CueSet() = default;

Result<std::unique_ptr<CueSet>> CueSet::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack("zoning_cues.tsv", {"kind", "pattern"}));
  return FromTables(tables);
}

Result<std::unique_ptr<CueSet>> CueSet::FromTables(const std::vector<base::TsvTable>& tables) {
  std::unique_ptr<CueSet> cs(new CueSet());
  for (const base::TsvTable& t : tables) {
    int kind_col = t.Column("kind"), pattern_col = t.Column("pattern");
    if (kind_col < 0 || pattern_col < 0) return Corrupt(t.path + ": needs columns kind, pattern");
    for (const base::TsvRow& row : t.rows) {
      Cue cue;
      if (!ParseCue(row.fields[kind_col], &cue)) {
        return Corrupt(t.Where(row) + ": unknown cue kind '" + row.fields[kind_col] + "'");
      }
      const std::string& pattern = row.fields[pattern_col];
      if (pattern.empty()) return Corrupt(t.Where(row) + ": empty pattern");
      auto re = std::make_unique<RE2>(pattern, PatternOptions());
      if (!re->ok()) return Corrupt(t.Where(row) + ": bad pattern: " + re->error());
      if (re->NumberOfCapturingGroups() > 1) {
        return Corrupt(t.Where(row) + ": at most one capture group (the cue's argument)");
      }
      std::string error;
      const bool anchored = AnchoredAtStart(pattern);
      RE2::Set& set = anchored ? cs->impl_->anchored : cs->impl_->floating;
      (anchored ? cs->impl_->anchored_ids : cs->impl_->floating_ids)
          .push_back(static_cast<int>(cs->impl_->patterns.size()));
      if (set.Add(pattern, &error) < 0) {
        return Corrupt(t.Where(row) + ": bad pattern: " + error);
      }
      if (!anchored && !cs->impl_->floating_filter.Add(pattern, PatternOptions())) {
        return Corrupt(t.Where(row) + ": bad pattern: " + pattern);
      }
      cs->impl_->patterns.push_back(std::move(re));
      cs->kinds_.push_back(cue);
    }
  }
  if (!cs->impl_->anchored.Compile() || !cs->impl_->floating.Compile()) {
    return Corrupt("zoning_cues.tsv: the cue set does not compile");
  }
  cs->impl_->floating_filter.Compile();
  return cs;
}

CueMatch CueSet::Match(std::string_view normalized) const {
  CueMatch best;
  if (kinds_.empty() || normalized.empty()) return best;
  re2::StringPiece in(normalized.data(), normalized.size());
  // Most lines match no cue. Asking a set only whether something matches lets RE2 stop at the
  // first match and allocate nothing; which patterns matched is asked only on a hit.
  const bool anchored_hit = !impl_->anchored_ids.empty() && impl_->anchored.Match(in, nullptr);
  const bool floating_hit = !impl_->floating_ids.empty() &&
                            impl_->floating_filter.MayMatch(normalized) &&
                            impl_->floating.Match(in, nullptr);
  if (!anchored_hit && !floating_hit) return best;
  std::vector<int> hits, set_hits;
  if (anchored_hit && impl_->anchored.Match(in, &set_hits)) {
    for (int h : set_hits) hits.push_back(impl_->anchored_ids[h]);
  }
  set_hits.clear();
  if (floating_hit && impl_->floating.Match(in, &set_hits)) {
    for (int h : set_hits) hits.push_back(impl_->floating_ids[h]);
  }
  if (hits.empty()) return best;
  // RE2::Set says which patterns matched, not where: rerun the best one for its capture.
  int best_index = -1;
  for (int h : hits) {
    if (best_index < 0 || kinds_[h] < kinds_[best_index] ||
        (kinds_[h] == kinds_[best_index] && h < best_index)) {
      best_index = h;
    }
  }
  const RE2& re = *impl_->patterns[best_index];
  re2::StringPiece groups[2];
  int n = re.NumberOfCapturingGroups() + 1;
  if (!re.Match(in, 0, normalized.size(), RE2::UNANCHORED, groups, n)) return best;
  best.cue = kinds_[best_index];
  best.at_start = groups[0].data() == normalized.data();
  if (n > 1 && groups[1].data() != nullptr) {
    best.arg = std::string(base::TrimSpace(std::string_view(groups[1].data(), groups[1].size())));
  }
  return best;
}

}  // namespace sitrep::clean
