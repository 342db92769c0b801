#include "clean/zoner_cues.h"

#include <re2/re2.h>
#include <re2/set.h>

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
  return opt;
}

}  // namespace

std::string_view CueName(Cue cue) {
  for (const auto& e : kCueNames) {
    if (e.cue == cue) return e.name;
  }
  return "none";
}

std::string NormalizeCueLine(std::string_view line) {
  line = base::TrimSpace(line);
  std::string out;
  out.reserve(line.size());
  size_t pos = 0;
  bool space = false;
  while (pos < line.size()) {
    char32_t c = base::DecodeOne(line, &pos);
    if (base::IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (c == U'\u2019' || c == U'\u2018' || c == U'\u02BC') c = U'\'';
    base::AppendUtf8(c, &out);
  }
  return out;
}

struct CueSet::Impl {
  Impl() : set(PatternOptions(), RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<std::unique_ptr<RE2>> patterns;  // same order as the set's indices
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
      if (cs->impl_->set.Add(pattern, &error) < 0) {
        return Corrupt(t.Where(row) + ": bad pattern: " + error);
      }
      cs->impl_->patterns.push_back(std::move(re));
      cs->kinds_.push_back(cue);
    }
  }
  if (!cs->impl_->set.Compile()) return Corrupt("zoning_cues.tsv: the cue set does not compile");
  return cs;
}

CueMatch CueSet::Match(std::string_view normalized) const {
  CueMatch best;
  if (kinds_.empty() || normalized.empty()) return best;
  std::vector<int> hits;
  re2::StringPiece in(normalized.data(), normalized.size());
  if (!impl_->set.Match(in, &hits)) return best;
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
