#include "clean/zoner_cues.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/swar.h"
#include "base/utf8.h"
#include "clean/cue_prefilter.h"

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

// Up to this many candidate patterns on a line are run one by one rather than as sets.
constexpr size_t kMaxSingleCandidates = 4;

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

// What IsNormalizedCueLine must look at in a byte: an ASCII space, another ASCII space
// character (\t..\r), or a lead byte of MayBeSpaceOrApostrophe; every other byte is plain.
enum class CueByte : uint8_t { kPlain, kSpace, kControl, kLead };
constexpr std::array<CueByte, 256> kCueBytes = [] {
  std::array<CueByte, 256> t{};
  t[' '] = CueByte::kSpace;
  for (int c = '\t'; c <= '\r'; ++c) t[c] = CueByte::kControl;
  for (int c = 0x80; c < 0x100; ++c) {
    if (MayBeSpaceOrApostrophe(static_cast<unsigned char>(c))) t[c] = CueByte::kLead;
  }
  return t;
}();

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

namespace {

using base::BytesEqual;
constexpr uint64_t kOnes = base::kByteOnes;
constexpr uint64_t kHighs = base::kByteHighs;

// Set where a byte is below '!' (an ASCII space or any control character).
constexpr uint64_t BytesBelowBang(uint64_t w) {
  return ~(((w & ~kHighs) + kOnes * (0x80 - 0x21)) | w) & kHighs;
}

// Set where a byte may lead a character that NormalizeCueLine changes (kCueBytes' kLead): every
// byte from 0xE1 up, 0xC2 and 0xCA. A superset of kLead: such a word is read byte by byte.
constexpr uint64_t MaybeLead(uint64_t w) {
  return ((((w & ~kHighs) + kOnes * (0x80 - 0x61)) & w) & kHighs) | BytesEqual(w, 0xC2) |
         BytesEqual(w, 0xCA);
}

}  // namespace

bool IsNormalizedCueLine(std::string_view line) {
  const size_t n = line.size();
  // Broken UTF-8 at the end (stray continuation bytes) is trimmed oddly by TrimSpace: leave such
  // a line to NormalizeCueLine. A document's text is valid, so this costs nothing there.
  if (n > 0 && (static_cast<unsigned char>(line[n - 1]) & 0xC0) == 0x80) {
    size_t last = base::FloorBoundary(line, n - 1);
    if (base::ValidUtf8Prefix(line.substr(last)) != n - last) return false;
  }
  if (n == 0) return true;
  // The line is in cue form exactly when: it neither starts nor ends with a space, no space
  // follows a space, it has no \t..\r, and no character led by a kLead byte is a Unicode space
  // or a typographic apostrophe. Each condition is about one byte, or two adjacent bytes, or the
  // character at one lead byte (DecodeOne never reads past a continuation byte, so every lead
  // byte starts a character of its own): the bytes can be read in any grouping.
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  if (p[0] == ' ' || p[n - 1] == ' ') return false;
  bool after_space = false;  // the byte before `pos` is an ASCII space
  auto one_byte = [&](size_t i) {
    switch (kCueBytes[p[i]]) {
      case CueByte::kPlain:
        after_space = false;
        return true;
      case CueByte::kSpace:
        if (after_space) return false;
        after_space = true;
        return true;
      case CueByte::kControl:
        return false;
      case CueByte::kLead: {
        after_space = false;
        size_t q = i;
        const char32_t c = base::DecodeOne(line, &q);
        return !(base::IsSpace(c) || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC');
      }
    }
    return false;
  };
  size_t pos = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: masks of spaces, of \t..\r and of possible lead bytes (0xC2, 0xCA,
  // 0xE1 and up, a superset of kLead); a block with neither of the last two is settled by its
  // space mask, one with either is read byte by byte.
  const __m128i blank = _mm_set1_epi8(' ');
  const __m128i tab_minus_one = _mm_set1_epi8(0x08), cr_plus_one = _mm_set1_epi8(0x0E);
  const __m128i e0 = _mm_set1_epi8(static_cast<char>(0xE0)), zero = _mm_setzero_si128();
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i ca = _mm_set1_epi8(static_cast<char>(0xCA));
  for (; pos + 16 <= n; pos += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + pos));
    // Signed compares: \t..\r are 9..13; 0xE1..0xFF are -31..-1.
    const __m128i control =
        _mm_and_si128(_mm_cmpgt_epi8(v, tab_minus_one), _mm_cmplt_epi8(v, cr_plus_one));
    const __m128i lead = _mm_or_si128(
        _mm_and_si128(_mm_cmpgt_epi8(v, e0), _mm_cmplt_epi8(v, zero)),
        _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, ca)));
    if (_mm_movemask_epi8(_mm_or_si128(control, lead)) == 0) {
      const unsigned space = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, blank)));
      if ((space & (space >> 1)) != 0 || (after_space && (space & 1) != 0)) return false;
      after_space = (space >> 15) != 0;
      continue;
    }
    for (size_t i = pos; i < pos + 16; ++i) {
      if (!one_byte(i)) return false;
    }
  }
#endif
  // Eight bytes at a time (the rest of the line, or all of it without SSE2): a word of letters
  // and single spaces is settled with a few masks; a word with a control character or a possible
  // lead byte is read byte by byte.
  for (; pos + 8 <= n; pos += 8) {
    uint64_t w;
    std::memcpy(&w, p + pos, 8);
    const uint64_t low = BytesBelowBang(w);
    const uint64_t lead = MaybeLead(w);
    if ((low | lead) == 0) {
      after_space = false;
      continue;
    }
    const uint64_t space = BytesEqual(w, ' ');
    if (lead == 0 && low == space) {
      // Only spaces: none may follow another, in this word or across the previous one.
      if ((space & (space << 8)) != 0 || (after_space && (space & 0x80) != 0)) return false;
      after_space = (space >> 63) != 0;
      continue;
    }
    for (size_t i = pos; i < pos + 8; ++i) {
      if (!one_byte(i)) return false;
    }
  }
  for (; pos < n; ++pos) {
    if (!one_byte(pos)) return false;
  }
  return true;
}

struct CueSet::Impl {
  Impl()
      : anchored(PatternOptions(), RE2::ANCHOR_START), floating(PatternOptions(), RE2::UNANCHORED) {}
  RE2::Set anchored;  // patterns whose every alternative starts with '^'
  RE2::Set floating;  // the others
  std::vector<int> anchored_ids, floating_ids;  // set index -> pattern index
  std::vector<std::unique_ptr<RE2>> patterns;   // pattern index -> compiled pattern
  // Pattern index -> true for a pattern of the start-anchored set without a capture group. When
  // such a pattern wins, the set has already said all Match returns: it matches from the first
  // character (so the leftmost match starts there) and has no argument to capture.
  std::vector<bool> whole_answer;
  std::vector<bool> is_anchored;  // pattern index -> in the start-anchored set
  // Which patterns can match a line at all, from the words they need; nullptr: all of them.
  std::unique_ptr<LiteralPrefilter> prefilter;
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
  std::vector<std::string> all_patterns;
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
      cs->impl_->whole_answer.push_back(anchored && re->NumberOfCapturingGroups() == 0);
      cs->impl_->is_anchored.push_back(anchored);
      all_patterns.push_back(pattern);
      cs->impl_->patterns.push_back(std::move(re));
      cs->kinds_.push_back(cue);
    }
  }
  if (!cs->impl_->anchored.Compile() || !cs->impl_->floating.Compile()) {
    return Corrupt("zoning_cues.tsv: the cue set does not compile");
  }
  cs->impl_->prefilter = LiteralPrefilter::Create(all_patterns, PatternOptions().case_sensitive());
  return cs;
}

CueMatch CueSet::Match(std::string_view normalized) const {
  if (kinds_.empty() || normalized.empty() || !impl_->prefilter) {
    return MatchUnfiltered(normalized);
  }
  // Most lines hold none of the words any cue needs, and the sets would read each such line to
  // its end (the floating set) or for tens of bytes (the anchored one) to say so.
  std::vector<int> candidates;
  impl_->prefilter->Candidates(normalized, &candidates);
  if (candidates.empty()) return CueMatch{};
  if (candidates.size() > kMaxSingleCandidates) {
    // Many candidates: one pass of each set that holds one finds what it would have anyway.
    bool anchored = false, floating = false;
    for (int c : candidates) (impl_->is_anchored[size_t(c)] ? anchored : floating) = true;
    return MatchSets(normalized, anchored, floating);
  }
  // A few candidates: each is run alone, best first (smallest kind, then first in the tables),
  // and the first that matches is the answer the sets would give, with one capture pass for it
  // alone. A lone pattern also rejects most lines by its literal prefix ("^source", "^reply")
  // before its automaton starts.
  std::sort(candidates.begin(), candidates.end(), [&](int a, int b) {
    return kinds_[size_t(a)] != kinds_[size_t(b)] ? kinds_[size_t(a)] < kinds_[size_t(b)] : a < b;
  });
  re2::StringPiece in(normalized.data(), normalized.size());
  for (int c : candidates) {
    const RE2& re = *impl_->patterns[size_t(c)];
    // Whether it matches first: asking for captures makes RE2 run its slower engines even on a
    // line that does not match (measured: eight times the cost).
    if (!re.Match(in, 0, normalized.size(), RE2::UNANCHORED, nullptr, 0)) continue;
    CueMatch best;
    if (impl_->whole_answer[size_t(c)]) {  // matches from the first character, nothing to capture
      best.cue = kinds_[size_t(c)];
      best.at_start = true;
      return best;
    }
    re2::StringPiece groups[2];
    const int n = re.NumberOfCapturingGroups() + 1;
    if (!re.Match(in, 0, normalized.size(), RE2::UNANCHORED, groups, n)) return best;
    best.cue = kinds_[size_t(c)];
    best.at_start = groups[0].data() == normalized.data();
    if (n > 1 && groups[1].data() != nullptr) {
      best.arg = std::string(base::TrimSpace(std::string_view(groups[1].data(), groups[1].size())));
    }
    return best;
  }
  return CueMatch{};
}

CueMatch CueSet::MatchUnfiltered(std::string_view normalized) const {
  return MatchSets(normalized, true, true);
}

CueMatch CueSet::MatchSets(std::string_view normalized, bool run_anchored,
                           bool run_floating) const {
  CueMatch best;
  if (kinds_.empty() || normalized.empty()) return best;
  re2::StringPiece in(normalized.data(), normalized.size());
  // Most lines match no cue. Asking a set only whether something matches lets RE2 stop at the
  // first match and allocate nothing; which patterns matched is asked only on a hit.
  const bool anchored_hit =
      run_anchored && !impl_->anchored_ids.empty() && impl_->anchored.Match(in, nullptr);
  const bool floating_hit =
      run_floating && !impl_->floating_ids.empty() && impl_->floating.Match(in, nullptr);
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
  if (impl_->whole_answer[best_index]) {  // "Reply", "12 comments": no second search
    best.cue = kinds_[best_index];
    best.at_start = true;
    return best;
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
