// CueSet: the zoning cue lines of every language pack (resources/<lang>/zoning_cues.tsv),
// compiled into one RE2::Set. A cue says what a whole line is: a reply button, a comment
// counter, a share prompt, a provenance statement ("source : URL")... docs/resources.md lists the
// kinds. Patterns of all languages are used together: code never branches on a language.
//
// Thread safety: immutable after Create(); Match() is const and safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/tsv.h"
#include "lang/resources.h"
#include "sitrep/status.h"

namespace re2 {
class RE2;
}

namespace sitrep::clean {

// Cue kinds, in priority order: when a line matches several kinds, the smallest value wins
// (a "source :" line that also mentions cookies is a source line).
enum class Cue : uint8_t {
  kNone,
  kSourceLine,
  kTranslationLine,
  kReadMoreOn,
  kOriginalHere,
  kQuoteIntro,
  kReplyLink,
  kCommentCounter,
  kReadAlso,
  kSeeAlso,
  kLoginPrompt,
  kCommentForm,
  kRequiredFields,
  kModeration,
  kCommentUi,
  kDisclaimer,
  kSharePrompt,
  kFollowPrompt,
  kNewsletter,
  kDonation,
  kCookie,
};

// The resource name of a kind ("source_line"); "none" for kNone.
std::string_view CueName(Cue cue);

struct CueMatch {
  Cue cue = Cue::kNone;
  std::string arg;        // capture group 1 of the winning pattern, trimmed; may be empty
  bool at_start = false;  // the match begins at the first character of the line
};

// The form of a line that cue patterns see: trimmed, every run of Unicode spaces turned into
// one ASCII space, typographic apostrophes (U+2019, U+2018, U+02BC) turned into "'".
std::string NormalizeCueLine(std::string_view line);
// True when NormalizeCueLine(line) == line: trimmed, no space but single ASCII spaces, no
// typographic apostrophe. Cheaper than normalising, and most lines already are.
bool IsNormalizedCueLine(std::string_view line);

class CueSet {
 public:
  // Reads zoning_cues.tsv (columns kind, pattern, note) from every pack. Corrupt("path:line:
  // ...") on an unknown kind, a pattern RE2 cannot compile, or more than one capture group.
  static Result<std::unique_ptr<CueSet>> Create(const lang::Resources& resources);
  // Same, from parsed tables. Used by tests.
  static Result<std::unique_ptr<CueSet>> FromTables(const std::vector<base::TsvTable>& tables);
  ~CueSet();
  CueSet(const CueSet&) = delete;  // owns compiled regexps
  CueSet& operator=(const CueSet&) = delete;

  // The highest-priority cue matching `normalized` (see NormalizeCueLine), or kNone.
  // Linear in the line's size.
  // Lines are first screened by a LiteralPrefilter (cue_prefilter.h) built from the patterns.
  CueMatch Match(std::string_view normalized) const;
  // Same answer without the prefilter: both sets run on every line. For tests (the oracle of
  // Match) and for a set whose prefilter could not be built.
  CueMatch MatchUnfiltered(std::string_view normalized) const;

  size_t size() const { return kinds_.size(); }

 private:
  CueSet();
  CueMatch MatchSets(std::string_view normalized, bool run_anchored, bool run_floating) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<Cue> kinds_;
};

}  // namespace sitrep::clean
