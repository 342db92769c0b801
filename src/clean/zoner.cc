// Zoner: a line-level page grammar for plain-text dumps, and a refinement pass over the blocks
// the HTML extractor labelled.
//
// Plain text is read as a sequence: [site header] -> title -> body (interrupted by teasers and
// prompts) -> tail (related teasers and boilerplate after an end-of-article marker) -> comment
// thread. Each line gets shallow features (cue kind from the packs' zoning_cues.tsv, list marker,
// indentation, score token, date line, separator, URL-only, end punctuation); the grammar is a
// small state machine over those features, with one smoothing pass for short lines sandwiched in
// boilerplate. The body never resumes once the tail or the thread has started: a reader comment
// quoting a figure must never become the outlet's claim (DESIGN-NOTES section 2).
#include "clean/zoner.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "clean/cleaner.h"
#include "clean/text_dates.h"
#include "clean/zoner_cues.h"

namespace sitrep::clean {
namespace {

constexpr size_t kMaxZones = 20000;           // Limits::max_zones
constexpr size_t kMaxLineBytes = 1 << 20;     // longer lines get no cue, marker or date features
constexpr size_t kMaxCueLineBytes = 600;      // cue lines are short; longer lines are prose
constexpr size_t kMaxDateLineBytes = 160;     // a comment's time line, a dateline
constexpr size_t kMaxDateResidualBytes = 40;  // "Publié le " / "Posted on " around the date
constexpr size_t kMaxDateLineWords = 10;      // a date line is short: a byline, a timestamp
constexpr size_t kMaxStrongCueBytes = 200;    // relabelling inside HTML body, provenance lines
constexpr size_t kMaxAuthorBytes = 40;        // "6. 123": a user name after a comment marker
constexpr size_t kMaxTitleChars = 300;        // a longer first line is a paragraph, not a headline
constexpr int kMaxDepth = 32;
constexpr int kHeadLookahead = 3;             // nonblank lines searched for a head's time/score
constexpr int kBulletEvidenceLines = 25;      // nonblank lines searched for a bullet's evidence
constexpr size_t kShortLineBytes = 40;        // smoothing: short lines between boilerplate
constexpr size_t kHeadlineBytes = 15;         // "Lire aussi : HEADLINE" carries its teaser
constexpr size_t kMaxScoreTokenBytes = 8;     // "\xE2\x88\x9212345": ParseScoreToken's longest

enum class Marker : uint8_t { kNone, kNumber, kBullet };

enum LineFlag : uint16_t {
  kScore = 1 << 0,       // the whole line is a vote score: "+4", "-1", "0"
  kDateLine = 1 << 1,    // the line is (mostly) a date: "7 janvier 2022 10: 20"
  kIdLine = 1 << 2,      // "#2878763"
  kAtLine = 1 << 3,      // "@ Name": a reply addressed to someone
  kSeparator = 1 << 4,   // "*****", "-----"
  kUrlOnly = 1 << 5,     // "https://example.org/"
  kCueAtStart = 1 << 6,  // the cue pattern matched from the first character
  kEndPunct = 1 << 7,    // ends like a sentence
  kRestScore = 1 << 8,   // marker followed by a score token: "1. +4"
  kRestSigned = 1 << 9,  // that score token has an explicit sign
  kRestId = 1 << 10,     // marker followed by "#id" or "@name"
  kRestShort = 1 << 11,  // marker followed by nothing or a short label (a user name)
};

// One nonblank line. Kept small: a 200 MB dump may have millions of lines. Strings live in the
// side table `Extra`, only for lines that need them.
struct Line {
  uint32_t begin = 0;  // trimmed content, byte offsets into doc.text
  uint32_t end = 0;
  uint32_t indent = 0;  // leading space columns (a tab counts 4)
  int32_t number = 0;   // marker number ("3." -> 3), or the score of a score line
  int32_t rest_score = 0;
  int32_t extra = -1;   // index into extras, or -1
  uint16_t flags = 0;
  Cue cue = Cue::kNone;
  Marker marker = Marker::kNone;
  bool Has(LineFlag f) const { return (flags & f) != 0; }
};

struct Extra {
  std::string arg;   // the cue's argument
  std::string date;  // ISO date of a date line
};

std::optional<int> ParseScoreToken(std::string_view s) {
  s = base::TrimSpace(s);
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  } else if (s.substr(0, 3) == "\xE2\x88\x92" || s.substr(0, 3) == "\xE2\x80\x93") {  // − –
    sign = -1;
    s.remove_prefix(3);
  }
  if (s.empty() || s.size() > 5) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return sign * v;
}

bool HasSign(std::string_view s) {
  s = base::TrimSpace(s);
  return !s.empty() && (s[0] == '+' || s[0] == '-' || static_cast<unsigned char>(s[0]) == 0xE2);
}

bool IsUrl(std::string_view s) {
  return s.substr(0, 7) == "http://" || s.substr(0, 8) == "https://" || s.substr(0, 4) == "www.";
}

bool IsUrlOnly(std::string_view s) {
  return IsUrl(s) && s.find(' ') == std::string_view::npos;
}

bool EndsLikeSentence(std::string_view s) {
  while (!s.empty() && (s.back() == '"' || s.back() == ')' || s.back() == '\'')) s.remove_suffix(1);
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ';') return true;
  // "…" and "»" end sentences in French dumps.
  return (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6") ||
         (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xBB");
}

bool IsSeparator(std::string_view s) {
  if (s.size() < 3) return false;
  for (char c : s) {
    if (c != '*' && c != '-' && c != '=' && c != '_' && c != '~' && c != '#' && c != '.' &&
        c != ' ') {
      return false;
    }
  }
  return true;
}

// True when `s` has at most `max` words (runs of characters other than ' ' and '\t'): stops
// reading at word max + 1, so a long line costs no more than its first words.
bool AtMostWords(std::string_view s, size_t max) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ' || c == '\t';
    if (!sp && !in && ++n > max) return false;
    in = !sp;
  }
  return true;
}

// "3." / "3)" then a space or the end: a numbered marker. Bullets: • · ▪ ◦ ‣ ● (any spacing),
// and * - – — when followed by a space ("-1" is a score, "*****" a separator).
Marker ParseMarker(std::string_view s, int32_t* number, size_t* rest) {
  size_t i = 0;
  while (i < s.size() && i < 5 && s[i] >= '0' && s[i] <= '9') ++i;
  if (i > 0 && i <= 4 && i < s.size() && (s[i] == '.' || s[i] == ')') &&
      (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t')) {
    std::from_chars(s.data(), s.data() + i, *number);
    *rest = i + 1;
    return Marker::kNumber;
  }
  static constexpr std::string_view kBullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA",
                                                  "\xE2\x97\xA6", "\xE2\x80\xA3", "\xE2\x97\x8F"};
  for (std::string_view b : kBullets) {
    if (s.substr(0, b.size()) == b) {
      *rest = b.size();
      return Marker::kBullet;
    }
  }
  static constexpr std::string_view kSpaced[] = {"*", "-", "\xE2\x80\x93", "\xE2\x80\x94"};
  for (std::string_view b : kSpaced) {
    if (s.substr(0, b.size()) == b && (s.size() == b.size() || s[b.size()] == ' ')) {
      *rest = b.size();
      return Marker::kBullet;
    }
  }
  return Marker::kNone;
}

class LineZoner : public Zoner {
 public:
  LineZoner(std::unique_ptr<CueSet> cues, std::unique_ptr<TextDateReader> dates)
      : cues_(std::move(cues)), dates_(std::move(dates)) {}

  void Run(Document& doc, const std::vector<Zone>& hints) const override;

 private:
  friend class Page;
  std::unique_ptr<CueSet> cues_;
  std::unique_ptr<TextDateReader> dates_;
};

// Per-document state of one Run(); lives on the stack.
class Page {
 public:
  Page(const LineZoner& z, Document& doc) : z_(z), doc_(doc) {}

  void Split();
  void ZonePlainText();
  void ZoneWithHints(const std::vector<Zone>& hints);
  void Finish();

 private:
  std::string_view Text(const Line& l) const {
    return std::string_view(doc_.text).substr(l.begin, l.end - l.begin);
  }
  const Extra* ExtraOf(const Line& l) const { return l.extra < 0 ? nullptr : &extras_[l.extra]; }
  Extra& MakeExtra(Line& l) {
    if (l.extra < 0) {
      l.extra = static_cast<int32_t>(extras_.size());
      extras_.emplace_back();
    }
    return extras_[l.extra];
  }
  void Features(Line& l);
  bool BoilerplateCue(Cue c) const;
  bool HardEndCue(Cue c) const;
  bool RelatedRunCue(Cue c) const;
  bool HeadEvidence(size_t i) const;
  bool IsThreadHead(size_t i, bool in_thread, const std::set<uint32_t>& known) const;
  size_t FindThreadStart(size_t from) const;
  size_t ZoneHeader();
  size_t ZoneTitle(size_t from);
  void ZoneBeforeThread(size_t from, size_t thread);
  void ZoneThread(size_t thread);
  bool DateTimeLine(size_t i) const;
  bool ShortLabel(size_t i) const;
  size_t FindDateLedThread(size_t from) const;
  void ZoneDateLedThread(size_t thread);
  bool ClosesComment(const Line& l) const;
  void Smooth(size_t from, size_t to);
  void ParseCommentHeader(size_t head, size_t end, CommentInfo* info);
  void ExtractProvenance();
  std::optional<Provenance> SourceProvenance(size_t i) const;
  void OutletFromFollowPrompt();

  const LineZoner& z_;
  Document& doc_;
  std::vector<Line> lines_;
  std::vector<Extra> extras_;
  std::vector<ZoneKind> kind_;
  std::vector<int32_t> comment_of_;  // index into comments_ for comment lines, else -1
  std::vector<CommentInfo> comments_;
  std::vector<bool> valid_source_;   // plain text: source lines that are provenance
};

void Page::Split() {
  const std::string& text = doc_.text;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view raw(text.data() + pos, nl - pos);
    std::string_view content = base::TrimSpace(raw);
    if (!content.empty()) {
      Line l;
      l.begin = static_cast<uint32_t>(content.data() - text.data());
      l.end = static_cast<uint32_t>(l.begin + content.size());
      size_t p = 0;
      uint32_t cols = 0;
      std::string_view lead = raw.substr(0, content.data() - raw.data());
      while (p < lead.size()) {
        char32_t c = base::DecodeOne(lead, &p);
        cols += c == U'\t' ? 4 : 1;
      }
      l.indent = cols;
      Features(l);
      lines_.push_back(l);
    }
    pos = nl + 1;
  }
  kind_.assign(lines_.size(), ZoneKind::kBody);
  comment_of_.assign(lines_.size(), -1);
  valid_source_.assign(lines_.size(), false);
}

void Page::Features(Line& l) {
  std::string_view t = Text(l);
  if (t.size() > kMaxLineBytes) return;
  if (EndsLikeSentence(t)) l.flags |= kEndPunct;
  if (IsSeparator(t)) l.flags |= kSeparator;
  if (IsUrlOnly(t)) l.flags |= kUrlOnly;
  // A score token is at most a sign of three bytes and five digits: longer lines (t is
  // trimmed) are not read for one.
  if (auto s = t.size() <= kMaxScoreTokenBytes ? ParseScoreToken(t) : std::nullopt) {
    l.flags |= kScore;
    l.number = *s;
  }
  if (t.size() >= 2 && t[0] == '#' && t[1] >= '0' && t[1] <= '9' && t.find(' ') == std::string_view::npos) {
    l.flags |= kIdLine;
  }
  if (t[0] == '@') l.flags |= kAtLine;
  size_t rest = 0;
  l.marker = ParseMarker(t, &l.number, &rest);
  if (l.marker != Marker::kNone) {
    std::string_view r = base::TrimSpace(t.substr(rest));
    if (auto s = ParseScoreToken(r)) {
      l.flags |= kRestScore;
      if (HasSign(r)) l.flags |= kRestSigned;
      l.rest_score = *s;
    }
    if (!r.empty() && (r[0] == '#' || r[0] == '@')) l.flags |= kRestId;
    if (r.size() <= kMaxAuthorBytes && !EndsLikeSentence(r) && AtMostWords(r, 4)) {
      l.flags |= kRestShort;
    }
  }
  if (t.size() <= kMaxCueLineBytes) {
    CueMatch m = IsNormalizedCueLine(t) ? z_.cues_->Match(t) : z_.cues_->Match(NormalizeCueLine(t));
    if (m.cue != Cue::kNone) {
      l.cue = m.cue;
      if (m.at_start) l.flags |= kCueAtStart;
      if (!m.arg.empty()) MakeExtra(l).arg = std::move(m.arg);
    }
  }
  // A date is kept on a date line (few words) or a quote intro: on any other line the date
  // patterns are not run at all (most lines with digits are sentences).
  if (t.size() <= kMaxDateLineBytes &&
      std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const bool few_words = AtMostWords(t, kMaxDateLineWords);
    auto d = few_words || l.cue == Cue::kQuoteIntro ? z_.dates_->Find(t) : std::nullopt;
    if (d) {
      size_t residual = t.size() - (d->end - d->begin);
      if (residual <= kMaxDateResidualBytes && few_words) {
        l.flags |= kDateLine;
        MakeExtra(l).date = d->iso;
      } else if (l.cue == Cue::kQuoteIntro) {
        MakeExtra(l).date = d->iso;  // "Le DATE à HH:MM par NAME": bounds the publication date
      }
    }
  }
}

// Cues whose line is boilerplate wherever it stands.
bool Page::BoilerplateCue(Cue c) const {
  switch (c) {
    case Cue::kNone:
    case Cue::kQuoteIntro:
    case Cue::kReadAlso:
      return false;
    default:
      return true;
  }
}

// Cues that end the article: what follows is tail (teasers, prompts, comments), never body.
bool Page::HardEndCue(Cue c) const {
  switch (c) {
    case Cue::kSourceLine:
    case Cue::kTranslationLine:
    case Cue::kReadMoreOn:
    case Cue::kOriginalHere:
    case Cue::kSeeAlso:
    case Cue::kCommentCounter:
    case Cue::kLoginPrompt:
    case Cue::kCommentForm:
    case Cue::kRequiredFields:
    case Cue::kModeration:
    case Cue::kCommentUi:
    case Cue::kDisclaimer:
      return true;
    default:
      return false;
  }
}

// After these, untagged tail lines are teasers of other articles; after the others, prompts.
bool Page::RelatedRunCue(Cue c) const {
  return c == Cue::kSourceLine || c == Cue::kTranslationLine || c == Cue::kReadMoreOn ||
         c == Cue::kOriginalHere || c == Cue::kSeeAlso || c == Cue::kReadAlso;
}

// Does the comment that would start at marker line i look like a comment? Numbered markers
// need a time or score line right after them; bullets need a reply link, an id, a time or a
// score inside their block. A body list ("- first point") has none of these.
bool Page::HeadEvidence(size_t i) const {
  const Line& h = lines_[i];
  if (h.marker == Marker::kNumber) {
    if (!h.Has(kRestShort) && !h.Has(kRestScore)) return false;
    for (size_t j = i + 1, seen = 0; j < lines_.size() && seen < kHeadLookahead; ++j, ++seen) {
      const Line& l = lines_[j];
      if (l.marker != Marker::kNone && !l.Has(kScore)) break;
      if (l.Has(kDateLine) || l.Has(kScore)) return true;
    }
    return h.Has(kRestSigned) && i + 1 < lines_.size() && lines_[i + 1].marker == Marker::kNone;
  }
  if (h.marker == Marker::kBullet) {
    if (h.Has(kRestId)) return true;
    for (size_t j = i + 1, seen = 0; j < lines_.size() && seen < kBulletEvidenceLines;
         ++j, ++seen) {
      const Line& l = lines_[j];
      if (l.marker != Marker::kNone) break;
      if (l.cue == Cue::kReplyLink || l.Has(kDateLine) || l.Has(kIdLine) || l.Has(kScore)) {
        return true;
      }
    }
  }
  return false;
}

bool Page::IsThreadHead(size_t i, bool in_thread, const std::set<uint32_t>& known) const {
  const Line& l = lines_[i];
  if (l.marker == Marker::kNone) return false;
  if (l.marker == Marker::kNumber && !l.Has(kRestShort) && !l.Has(kRestScore)) return false;
  if (HeadEvidence(i)) return true;
  return in_thread && known.count(l.indent) > 0;
}

size_t Page::FindThreadStart(size_t from) const {
  static const std::set<uint32_t> kNone;
  for (size_t i = from; i < lines_.size(); ++i) {
    if (IsThreadHead(i, false, kNone)) return i;
  }
  return lines_.size();
}

// "Outlet name" + "https://outlet/" at the top: a site header. Returns the first line after it.
size_t Page::ZoneHeader() {
  if (lines_.empty()) return 0;
  const Line& first = lines_[0];
  if (first.Has(kUrlOnly)) {
    kind_[0] = ZoneKind::kBoilerplate;
    if (!doc_.url) doc_.url = std::string(Text(first));
    return 1;
  }
  if (lines_.size() >= 2 && lines_[1].Has(kUrlOnly) && first.end - first.begin <= 80 &&
      !first.Has(kEndPunct) && first.marker == Marker::kNone) {
    // A URL with a path under the first line is the article's own address: the first line is
    // the title. A home page ("https://outlet.example/") under it makes a site header.
    std::string_view url = Text(lines_[1]);
    size_t host = url.find("://");
    host = host == std::string_view::npos ? 0 : host + 3;
    size_t path = url.find('/', host);
    if (path != std::string_view::npos && path + 1 < url.size()) {
      if (!doc_.url) doc_.url = std::string(url);
      return 0;
    }
    kind_[0] = kind_[1] = ZoneKind::kBoilerplate;
    if (!doc_.outlet) doc_.outlet = std::string(Text(first));
    if (!doc_.url) doc_.url = std::string(Text(lines_[1]));
    return 2;
  }
  return 0;
}

// The first line that is not a prompt is the title; a title repeated on the next line (003) is
// part of the title zone. A title starting "Source :" is a translated label, not provenance.
// A first line longer than kMaxTitleChars characters is a paragraph, not a headline: the text
// has no title.
size_t Page::ZoneTitle(size_t from) {
  size_t i = from;
  while (i < lines_.size() && BoilerplateCue(lines_[i].cue) &&
         lines_[i].cue != Cue::kSourceLine && lines_[i].cue != Cue::kTranslationLine) {
    kind_[i++] = ZoneKind::kBoilerplate;
  }
  if (i >= lines_.size()) return i;
  if (base::CodePoints(Text(lines_[i])) > kMaxTitleChars) return i;
  kind_[i] = ZoneKind::kTitle;
  if (!doc_.title) doc_.title = std::string(Text(lines_[i]));
  size_t j = i + 1;
  while (j < lines_.size() && Text(lines_[j]) == Text(lines_[i])) kind_[j++] = ZoneKind::kTitle;
  return j;
}

std::optional<Provenance> Page::SourceProvenance(size_t i) const {
  const Extra* e = ExtraOf(lines_[i]);
  if (!e || e->arg.empty() || e->arg.size() > kMaxStrongCueBytes) return std::nullopt;
  Provenance p;
  p.relation = ProvenanceRelation::kRepublishedFrom;
  std::string_view arg = e->arg;
  // The first URL or domain-like token names the source.
  size_t pos = 0;
  while (pos < arg.size()) {
    size_t sp = arg.find(' ', pos);
    std::string_view tok = arg.substr(pos, sp == std::string_view::npos ? arg.npos : sp - pos);
    while (!tok.empty() && (tok.back() == '.' || tok.back() == ',' || tok.back() == ')')) {
      tok.remove_suffix(1);
    }
    if (IsUrl(tok)) {
      std::string url(tok);
      if (url.substr(0, 4) == "www.") url = "https://" + url;
      p.url = std::string(tok);
      p.outlet = DomainOf(url);
      return p;
    }
    size_t dot = tok.find('.');
    if (dot != std::string_view::npos && dot > 0 && dot + 2 < tok.size() &&
        tok.find('@') == std::string_view::npos) {
      bool letters = std::isalpha(static_cast<unsigned char>(tok.back()));
      if (letters) {
        p.outlet = std::string(tok);
        return p;
      }
    }
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  // A short name ("Source : Reuters"): an outlet, checked for position by the caller.
  if (arg.size() <= kMaxAuthorBytes && AtMostWords(arg, 4) && !EndsLikeSentence(arg)) {
    p.outlet = std::string(arg);
    return p;
  }
  return std::nullopt;
}

void Page::ZoneBeforeThread(size_t from, size_t thread) {
  bool body_started = false, in_tail = false, pending_related = false;
  ZoneKind run = ZoneKind::kBoilerplate;
  for (size_t i = from; i < thread; ++i) {
    Line& l = lines_[i];
    Cue cue = l.cue;
    if (cue == Cue::kSourceLine) {
      // A source line is provenance only with a URL or a domain, or a bare name that no body
      // text follows; otherwise ("Source : le Kazakhstan a ...") it is plain text.
      auto p = SourceProvenance(i);
      bool ok = p && body_started && p->url.has_value();
      if (p && body_started && !ok && p->outlet) {
        ok = p->outlet->find('.') != std::string::npos;
        if (!ok) {
          ok = true;
          for (size_t j = i + 1; j < thread && lines_[j].cue == Cue::kNone; ++j) {
            if (lines_[j].Has(kEndPunct) && lines_[j].end - lines_[j].begin > 80) ok = false;
          }
        }
      }
      valid_source_[i] = ok;
      if (!ok) cue = Cue::kNone;
    }
    if (cue == Cue::kQuoteIntro) cue = Cue::kNone;  // quotes only mean something in comments
    // A cue word inside a long paragraph ("« merci pour votre soutien », a dit le ministre") is
    // prose while the article runs; in the tail, prose-like appeals are what cues are for (003).
    if (cue != Cue::kNone && !in_tail && !l.Has(kCueAtStart) &&
        l.end - l.begin > kMaxStrongCueBytes) {
      cue = Cue::kNone;
    }
    if (cue == Cue::kReadAlso) {
      const Extra* e = ExtraOf(l);
      if (e && e->arg.size() >= kHeadlineBytes) {
        kind_[i] = ZoneKind::kRelated;
      } else {
        kind_[i] = ZoneKind::kBoilerplate;
        pending_related = true;
      }
      if (in_tail) run = ZoneKind::kRelated;
      continue;
    }
    if (cue != Cue::kNone) {
      kind_[i] = ZoneKind::kBoilerplate;
      if (HardEndCue(cue) && body_started) {
        in_tail = true;
      }
      if (in_tail) run = RelatedRunCue(cue) ? ZoneKind::kRelated : ZoneKind::kBoilerplate;
      pending_related = false;
      continue;
    }
    if (l.Has(kSeparator)) {
      kind_[i] = ZoneKind::kBoilerplate;
      continue;
    }
    if (pending_related) {
      kind_[i] = ZoneKind::kRelated;
      pending_related = false;
      continue;
    }
    if (in_tail) {
      kind_[i] = run;
      continue;
    }
    if (!body_started) {
      // Under the title: a bare number is a comment counter, a date line the dateline.
      if (l.Has(kScore) || l.Has(kUrlOnly)) {
        kind_[i] = ZoneKind::kBoilerplate;
        continue;
      }
      if (l.Has(kDateLine)) {
        kind_[i] = ZoneKind::kBoilerplate;
        if (!doc_.published.value) {
          doc_.published = {ExtraOf(l)->date.substr(0, 10), PublishedSource::kText};
        }
        continue;
      }
    }
    kind_[i] = ZoneKind::kBody;
    body_started = true;
  }
  Smooth(from, thread);
}

// A short line without sentence punctuation between two boilerplate lines is boilerplate too
// ("information" between a comment counter and a login prompt).
void Page::Smooth(size_t from, size_t to) {
  for (size_t i = from + 1; i + 1 < to; ++i) {
    if (kind_[i] != ZoneKind::kBody) continue;
    const Line& l = lines_[i];
    if (l.end - l.begin > kShortLineBytes || l.Has(kEndPunct)) continue;
    if (kind_[i - 1] == ZoneKind::kBoilerplate && kind_[i + 1] == ZoneKind::kBoilerplate) {
      kind_[i] = ZoneKind::kBoilerplate;
    }
  }
}

void Page::ZoneThread(size_t thread) {
  if (thread >= lines_.size()) return;
  uint32_t base = lines_[thread].indent;
  std::set<uint32_t> known;
  int32_t open = -1;      // comment being filled
  int header_left = 0;    // header lines (author, score, time, id) still expected
  bool score_from_rest = false;
  for (size_t i = thread; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    // A thread cut at its start may open with a reply: a better-evidenced marker further left
    // becomes the new base (depth 0).
    bool head = comments_.size() < kMaxZones &&
                (l.indent >= base ? IsThreadHead(i, true, known) : HeadEvidence(i));
    if (head) {
      base = std::min(base, l.indent);
      known.insert(l.indent);
      CommentInfo info;
      if (l.marker == Marker::kNumber) info.index = l.number;
      info.depth = static_cast<int32_t>(
          std::min<size_t>(std::distance(known.begin(), known.find(l.indent)), kMaxDepth));
      score_from_rest = false;
      if (l.Has(kRestScore)) {
        info.score = l.rest_score;
        // An unsigned number after the marker may be a user name ("6. 123"): a score line
        // below it wins. A signed one ("1. +4") is the score.
        score_from_rest = !l.Has(kRestSigned);
      }
      comments_.push_back(std::move(info));
      open = static_cast<int32_t>(comments_.size() - 1);
      header_left = kHeadLookahead;
      kind_[i] = ZoneKind::kComment;
      comment_of_[i] = open;
      continue;
    }
    bool closes = ClosesComment(l) || l.indent < base;
    if (open < 0 || closes) {
      open = -1;
      kind_[i] = ZoneKind::kBoilerplate;
      continue;
    }
    CommentInfo& info = comments_[open];
    kind_[i] = ZoneKind::kComment;
    comment_of_[i] = open;
    if (l.cue == Cue::kQuoteIntro && !info.quoted_author) {
      const Extra* e = ExtraOf(l);
      if (e && !e->arg.empty()) info.quoted_author = e->arg;
      header_left = 0;
      continue;
    }
    if (header_left > 0) {
      --header_left;
      if (l.Has(kScore) && (!info.score || score_from_rest)) {
        info.score = l.number;  // "6. 123" then "+3": 123 was the user name
        score_from_rest = false;
        continue;
      }
      if (l.Has(kDateLine) && !info.posted) {
        info.posted = ExtraOf(l)->date;
        continue;
      }
      if (l.Has(kIdLine)) continue;
      if (header_left == kHeadLookahead - 1 && l.end - l.begin <= kMaxAuthorBytes &&
          !l.Has(kEndPunct) && i + 1 < lines_.size() &&
          (lines_[i + 1].Has(kScore) || lines_[i + 1].Has(kDateLine))) {
        continue;  // a user-name line between the marker and the score or time
      }
      header_left = 0;
    }
  }
}

// Comment-thread chrome: a reply button, "load more comments", a form, a counter.
bool Page::ClosesComment(const Line& l) const {
  return l.cue == Cue::kReplyLink || l.cue == Cue::kCommentUi || l.cue == Cue::kCommentForm ||
         l.cue == Cue::kLoginPrompt || l.cue == Cue::kCommentCounter ||
         l.cue == Cue::kModeration || l.cue == Cue::kRequiredFields;
}

bool Page::DateTimeLine(size_t i) const {
  const Line& l = lines_[i];
  const Extra* e = ExtraOf(l);
  return l.Has(kDateLine) && l.cue == Cue::kNone && e && e->date.size() > 10;
}

// A user name: short, no sentence punctuation, no cue, not a date or a marker.
bool Page::ShortLabel(size_t i) const {
  const Line& l = lines_[i];
  return l.end - l.begin <= kMaxAuthorBytes && !l.Has(kEndPunct) && l.cue == Cue::kNone &&
         !l.Has(kDateLine) && l.marker == Marker::kNone && !l.Has(kScore);
}

// Threads without markers ("NAME" / "7 January 2022 10:20" / text / "Reply"): only after a
// comment cue (counter, form, login prompt, thread chrome), each date-and-time line opens a
// comment, with the short line above it as the author line.
size_t Page::FindDateLedThread(size_t from) const {
  size_t cue = lines_.size();
  for (size_t i = from + 1; i < lines_.size(); ++i) {
    if (lines_[i].cue == Cue::kCommentCounter || ClosesComment(lines_[i])) {
      cue = i;
      break;
    }
  }
  for (size_t i = cue + 1; i + 1 < lines_.size(); ++i) {
    if (!DateTimeLine(i)) continue;
    if (lines_[i + 1].cue != Cue::kNone || DateTimeLine(i + 1)) continue;
    return i > cue + 1 && ShortLabel(i - 1) ? i - 1 : i;
  }
  return lines_.size();
}

void Page::ZoneDateLedThread(size_t thread) {
  int32_t open = -1;
  int header_left = 0;
  for (size_t i = thread; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    bool author_head = ShortLabel(i) && i + 1 < lines_.size() && DateTimeLine(i + 1);
    if ((author_head || DateTimeLine(i)) && comments_.size() < kMaxZones) {
      CommentInfo info;
      size_t date_line = author_head ? i + 1 : i;
      info.posted = ExtraOf(lines_[date_line])->date;
      comments_.push_back(std::move(info));
      open = static_cast<int32_t>(comments_.size() - 1);
      for (size_t j = i; j <= date_line; ++j) {
        kind_[j] = ZoneKind::kComment;
        comment_of_[j] = open;
      }
      i = date_line;
      header_left = 1;
      continue;
    }
    if (open < 0 || ClosesComment(l)) {
      open = -1;
      kind_[i] = ZoneKind::kBoilerplate;
      continue;
    }
    kind_[i] = ZoneKind::kComment;
    comment_of_[i] = open;
    CommentInfo& info = comments_[open];
    if (l.cue == Cue::kQuoteIntro && !info.quoted_author && ExtraOf(l)) {
      info.quoted_author = ExtraOf(l)->arg;
    }
    if (header_left-- > 0 && l.Has(kScore) && !info.score) info.score = l.number;
  }
}

void Page::ZonePlainText() {
  size_t start = ZoneHeader();
  size_t body_from = ZoneTitle(start);
  size_t thread = FindThreadStart(body_from);
  bool date_led = false;
  if (thread >= lines_.size()) {
    thread = FindDateLedThread(body_from);
    date_led = thread < lines_.size();
  }
  ZoneBeforeThread(body_from, thread);
  if (date_led) {
    ZoneDateLedThread(thread);
  } else {
    ZoneThread(thread);
  }
  ExtractProvenance();
  OutletFromFollowPrompt();
}

// "Rejoignez News-Front sur Facebook, ..." / "Join Northline News on Telegram": an outlet that
// asks its readers to follow it names itself. Taken as the outlet only when nothing else named
// it, from a follow prompt outside the comments whose argument (capture group 1 of the cue,
// resources/<lang>/zoning_cues.tsv) looks like a name: short, not a sentence, capitalised.
void Page::OutletFromFollowPrompt() {
  if (doc_.outlet) return;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].cue != Cue::kFollowPrompt || kind_[i] == ZoneKind::kComment) continue;
    const Extra* e = ExtraOf(lines_[i]);
    if (!e) continue;
    std::string_view arg = base::TrimSpace(e->arg);
    if (arg.empty() || arg.size() > kMaxAuthorBytes || !AtMostWords(arg, 4) ||
        EndsLikeSentence(arg)) {
      continue;
    }
    unsigned char c0 = static_cast<unsigned char>(arg[0]);
    if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z') && !(c0 >= '0' && c0 <= '9')) continue;
    doc_.outlet = std::string(arg);
    return;
  }
}

// Provenance lines outside comments. A translation line takes its source outlet from a source
// line at most two lines away: "source : https://topcor.ru" + "traduction Avic pour Réseau
// International" means "translated from topcor.ru by Avic for Réseau International".
void Page::ExtractProvenance() {
  std::vector<bool> used(lines_.size(), false);
  bool has_translation = false;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (kind_[i] == ZoneKind::kComment || kind_[i] == ZoneKind::kTitle) continue;
    if (lines_[i].cue == Cue::kTranslationLine) has_translation = true;
  }
  auto span_of = [&](size_t a, size_t b) {
    return ByteSpan{lines_[std::min(a, b)].begin, lines_[std::max(a, b)].end};
  };
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    if (kind_[i] == ZoneKind::kComment || kind_[i] == ZoneKind::kTitle || kind_[i] == ZoneKind::kBody) {
      continue;
    }
    if (l.end - l.begin > kMaxStrongCueBytes) continue;
    const Extra* e = ExtraOf(l);
    switch (l.cue) {
      case Cue::kTranslationLine: {
        Provenance p;
        p.relation = ProvenanceRelation::kTranslationOf;
        if (e && !e->arg.empty()) p.translator = e->arg;
        p.span = span_of(i, i);
        for (size_t d = 1; d <= 2; ++d) {
          for (size_t j : {i - d, i + d}) {
            if (j >= lines_.size() || used[j] || !valid_source_[j]) continue;
            if (auto s = SourceProvenance(j)) {
              p.outlet = s->outlet;
              p.url = s->url;
              p.span = span_of(i, j);
              used[j] = true;
              break;
            }
          }
          if (p.outlet || p.url) break;
        }
        doc_.provenance.push_back(std::move(p));
        break;
      }
      case Cue::kReadMoreOn: {
        Provenance p;
        p.relation = ProvenanceRelation::kExcerptOf;
        if (e && !e->arg.empty()) {
          std::string_view a = e->arg;
          while (!a.empty() && (a.back() == ':' || a.back() == '.')) a.remove_suffix(1);
          if (IsUrl(a)) {
            p.url = std::string(a);
            p.outlet = DomainOf(a.substr(0, 4) == "www." ? "https://" + std::string(a) : std::string(a));
          } else if (!a.empty()) {
            p.outlet = std::string(a);
          }
        }
        p.span = span_of(i, i);
        doc_.provenance.push_back(std::move(p));
        break;
      }
      case Cue::kOriginalHere: {
        if (has_translation) break;  // the translation line already says it
        Provenance p;
        p.relation = ProvenanceRelation::kTranslationOf;
        p.span = span_of(i, i);
        doc_.provenance.push_back(std::move(p));  // the link was lost: target unknown
        break;
      }
      default:
        break;
    }
  }
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (!valid_source_[i] || used[i] || kind_[i] == ZoneKind::kComment) continue;
    if (auto p = SourceProvenance(i)) {
      p->span = span_of(i, i);
      doc_.provenance.push_back(std::move(*p));
    }
  }
}

// HTML: the extractor's labels stand. Body blocks only lose lines that are clearly prompts or
// provenance statements; comment blocks get their score, time and quoted author.
void Page::ZoneWithHints(const std::vector<Zone>& hints) {
  size_t h = 0;
  std::vector<int32_t> hint_of(lines_.size(), -1);
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    while (h < hints.size() && hints[h].span.end <= l.begin) ++h;
    if (h < hints.size() && hints[h].span.begin <= l.begin) {
      hint_of[i] = static_cast<int32_t>(h);
      kind_[i] = hints[h].kind;
    } else {
      kind_[i] = ZoneKind::kBoilerplate;  // outside every hint: page furniture
    }
  }
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    bool strong = l.cue != Cue::kNone && l.Has(kCueAtStart) &&
                  l.end - l.begin <= kMaxStrongCueBytes;
    if (kind_[i] == ZoneKind::kBody && strong) {
      if (l.cue == Cue::kReadAlso) {
        const Extra* e = ExtraOf(l);
        kind_[i] = e && e->arg.size() >= kHeadlineBytes ? ZoneKind::kRelated : ZoneKind::kBoilerplate;
      } else if (l.cue == Cue::kSourceLine) {
        auto p = SourceProvenance(i);
        valid_source_[i] = p && (p->url || (p->outlet && p->outlet->find('.') != std::string::npos));
        if (valid_source_[i]) kind_[i] = ZoneKind::kBoilerplate;
      } else if (BoilerplateCue(l.cue) && l.cue != Cue::kQuoteIntro) {
        kind_[i] = ZoneKind::kBoilerplate;
      }
    } else if ((kind_[i] == ZoneKind::kBoilerplate || kind_[i] == ZoneKind::kRelated) && strong &&
               l.cue == Cue::kSourceLine) {
      auto p = SourceProvenance(i);
      valid_source_[i] = p && (p->url || (p->outlet && p->outlet->find('.') != std::string::npos));
    }
  }
  // Thread chrome at the edges of a comment block ("2 comments", "Reply") is boilerplate; in
  // the middle it stays, so one comment never becomes two zones.
  for (size_t i = 0; i < lines_.size();) {
    if (kind_[i] != ZoneKind::kComment || hint_of[i] < 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < lines_.size() && hint_of[j] == hint_of[i] && kind_[j] == ZoneKind::kComment) ++j;
    auto chrome = [&](size_t k) {
      return ClosesComment(lines_[k]) && lines_[k].Has(kCueAtStart) &&
             lines_[k].end - lines_[k].begin <= kMaxStrongCueBytes;
    };
    size_t a = i, b = j;
    while (a < b && chrome(a)) kind_[a++] = ZoneKind::kBoilerplate;
    while (b > a && chrome(b - 1)) kind_[--b] = ZoneKind::kBoilerplate;
    i = j;
  }
  // One comment per comment hint; its first lines hold the score and the time.
  int32_t last_hint = -1;
  int header_left = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (kind_[i] != ZoneKind::kComment || hint_of[i] < 0) continue;
    if (hint_of[i] != last_hint) {
      last_hint = hint_of[i];
      CommentInfo info = hints[hint_of[i]].comment.value_or(CommentInfo{});
      comments_.push_back(std::move(info));
      header_left = kHeadLookahead + 1;
    }
    comment_of_[i] = static_cast<int32_t>(comments_.size() - 1);
    CommentInfo& info = comments_.back();
    const Line& l = lines_[i];
    if (l.cue == Cue::kQuoteIntro && !info.quoted_author && ExtraOf(l) && !ExtraOf(l)->arg.empty()) {
      info.quoted_author = ExtraOf(l)->arg;
    }
    if (header_left <= 0) continue;
    --header_left;
    if (l.marker == Marker::kNumber && l.Has(kRestScore) && !info.score) info.score = l.rest_score;
    if (l.marker == Marker::kNumber && !info.index && (l.Has(kRestScore) || l.Has(kRestShort))) {
      info.index = l.number;
    }
    if (l.Has(kScore) && !info.score) info.score = l.number;
    if (l.Has(kDateLine) && !info.posted) info.posted = ExtraOf(l)->date;
  }
  if (!doc_.title) {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (kind_[i] == ZoneKind::kTitle) {
        doc_.title = std::string(Text(lines_[i]));
        break;
      }
    }
  }
  ExtractProvenance();
}

// Lines -> zones: consecutive lines of one kind (and one comment) form a zone; spans run from
// the first line's content to the last line's content. Past kMaxZones the last zone grows.
void Page::Finish() {
  std::vector<Zone>& zones = doc_.zones;
  zones.clear();
  bool capped = false;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    ZoneKind k = kind_[i];
    int32_t c = comment_of_[i];
    if (!zones.empty()) {
      Zone& last = zones.back();
      bool same = last.kind == k && (k != ZoneKind::kComment || c == comment_of_[i - 1]);
      if (same || zones.size() >= kMaxZones) {
        if (!same && !capped) {
          capped = true;
          doc_.warnings.push_back({"zones_capped", {l.begin, l.begin},
                                   "more than " + std::to_string(kMaxZones) +
                                       " zones; the rest of the text joins the last zone"});
        }
        last.span.end = l.end;
        continue;
      }
    }
    Zone z{k, {l.begin, l.end}, std::nullopt};
    if (k == ZoneKind::kComment) z.comment = c >= 0 ? comments_[c] : CommentInfo{};
    zones.push_back(std::move(z));
  }
  // A comment is never earlier than the article: the earliest comment time bounds publication.
  if (!doc_.published.value) {
    std::optional<std::string> earliest;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (kind_[i] != ZoneKind::kComment) continue;
      const Extra* e = ExtraOf(lines_[i]);
      if (!e || e->date.empty()) continue;
      std::string day = e->date.substr(0, 10);
      if (!earliest || day < *earliest) earliest = day;
    }
    if (earliest) doc_.published = {*earliest, PublishedSource::kComments};
  }
  std::stable_sort(doc_.provenance.begin(), doc_.provenance.end(),
                   [](const Provenance& a, const Provenance& b) { return a.span.begin < b.span.begin; });
}

void LineZoner::Run(Document& doc, const std::vector<Zone>& hints) const {
  doc.zones.clear();
  Page page(*this, doc);
  page.Split();
  if (hints.empty()) {
    page.ZonePlainText();
  } else {
    page.ZoneWithHints(hints);
  }
  page.Finish();
}

}  // namespace

Result<std::unique_ptr<Zoner>> Zoner::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<CueSet> cues, CueSet::Create(resources));
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<TextDateReader> dates, TextDateReader::Create(resources));
  return std::unique_ptr<Zoner>(new LineZoner(std::move(cues), std::move(dates)));
}

}  // namespace sitrep::clean
