#include "extract/events.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <optional>
#include <unordered_map>

#include "base/utf8.h"
#include "extract/utf8_fast.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sitrep::extract {
namespace {

// ASCII bytes the sentence splitter must look at: a line break or a sentence end.
constexpr std::array<bool, 128> kMayEndSentence = [] {
  std::array<bool, 128> t{};
  for (char b : {'\n', '.', '!', '?'}) t[size_t(b)] = true;
  return t;
}();

#if defined(__SSE2__)
// Bit k set if byte k of p[0..16) is a kMayEndSentence byte or starts a character of three bytes
// or more (0xE0..0xFF: '…' is E2 80 A6). Other bytes (ASCII, two-byte leads, continuation bytes)
// never end a sentence, decoded either way.
inline unsigned MayStopMask16(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i stops = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')), _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
  __m128i long_lead = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(char(0xE0))), v);  // v >= E0
  return unsigned(_mm_movemask_epi8(_mm_or_si128(stops, long_lead)));
}
#endif

bool IsSentenceEnd(char32_t c) { return c == '.' || c == '!' || c == '?' || c == U'…'; }
bool IsCloser(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == U'»' || c == U'”' || c == U'’';
}

// The word (letters only) that ends right before byte `end` of `text`, at most 32 bytes back.
std::string_view WordBefore(std::string_view text, size_t end, size_t floor) {
  size_t b = end;
  while (b > floor && end - b < 32) {
    size_t prev = base::FloorBoundary(text, b - 1);
    size_t p = prev;
    char32_t c = base::DecodeOne(text, &p);
    if (!u_isalpha(UChar32(c))) break;
    b = prev;
  }
  return text.substr(b, end - b);
}

// A mention of an entity, for place and actor lookup.
struct EntityMention {
  ByteSpan span;
  const std::string* id = nullptr;
};

// One trigger occurrence before merging.
struct Mention {
  EventType type = EventType::kProtest;
  ByteSpan span;
  std::optional<std::string> date;
  std::optional<std::string> place;
  std::vector<std::string> actors;
  std::optional<Attribution> attribution;
  ZoneKind zone = ZoneKind::kBody;
  int64_t group = -1;  // -1 title/body; a comment zone's index otherwise
  uint32_t rule = 0;   // the trigger row that matched
  // A row of the same words whose context did not hold here ("clashes" near "army" is an
  // armed clash; alone, a riot): when that row matches elsewhere in the document, this
  // mention is read as that row's type too (FindEvents).
  std::optional<uint32_t> alternative;
};

uint32_t Distance(ByteSpan a, ByteSpan b) {
  if (a.end <= b.begin) return b.begin - a.end;
  if (b.end <= a.begin) return a.begin - b.end;
  return 0;
}

bool Inside(ByteSpan inner, ByteSpan outer) {
  return inner.begin >= outer.begin && inner.end <= outer.end;
}

// Entity mentions (sorted by begin) inside `outer`.
template <typename T, typename F>
void ForEachInside(const std::vector<T>& sorted, ByteSpan outer, F&& f) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), outer.begin,
                             [](const T& m, uint32_t b) { return m.span.begin < b; });
  for (; it != sorted.end() && it->span.begin < outer.end; ++it) {
    if (Inside(it->span, outer)) f(*it);
  }
}

std::string EventDay(const TimeExpr& t) {
  if (t.granularity == Granularity::kDatetime && t.value->size() >= 10) return t.value->substr(0, 10);
  return *t.value;
}

// Places of the document by entity id, for the country test in Compatible.
class PlaceIndex {
 public:
  explicit PlaceIndex(const Document& doc) {
    for (const Place& p : doc.places) by_id_.emplace(p.entity, &p);
  }
  // Same place, an unknown one, or a country and a place inside it (one protest "in Almaty"
  // and "in Kazakhstan").
  bool Compatible(const std::optional<std::string>& a, const std::optional<std::string>& b) const {
    if (!a || !b || *a == *b) return true;
    return Inside(*a, *b) || Inside(*b, *a);
  }
  // True if `inner` is a non-country place whose country is the country `outer`.
  bool Inside(const std::string& inner, const std::string& outer) const {
    auto i = by_id_.find(inner), o = by_id_.find(outer);
    if (i == by_id_.end() || o == by_id_.end()) return false;
    return o->second->kind == PlaceKind::kCountry && i->second->kind != PlaceKind::kCountry &&
           i->second->country && o->second->country && *i->second->country == *o->second->country;
  }

 private:
  std::unordered_map<std::string, const Place*> by_id_;
};

class DocumentScanner {
 public:
  DocumentScanner(const Document& doc, const EventLexicon& lex, const AttributionCues* attribution,
                  const EventLimits& limits, const TokenLayer* layer)
      : doc_(doc), lex_(lex), attribution_(attribution), limits_(limits), layer_(layer) {
    // A document in a language with a pack reads that pack's triggers only; one whose language
    // is undetermined reads every pack's.
    if (lex.HasPack(doc.language)) rules_lang_ = doc.language;
    for (const Entity& e : doc.entities) {
      std::vector<EntityMention>& into = e.type == EntityType::kLocation ? locations_ : actors_;
      for (const ByteSpan& s : e.mentions) into.push_back(EntityMention{s, &e.id});
    }
    auto by_begin = [](const EntityMention& a, const EntityMention& b) {
      return a.span.begin < b.span.begin;
    };
    std::sort(locations_.begin(), locations_.end(), by_begin);
    std::sort(actors_.begin(), actors_.end(), by_begin);
    for (const TimeExpr& t : doc.times) {
      if (t.value && !t.value->empty()) times_.push_back(&t);
      time_spans_.push_back(t.span);
    }
    std::sort(time_spans_.begin(), time_spans_.end(),
              [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
    std::stable_sort(times_.begin(), times_.end(), [](const TimeExpr* a, const TimeExpr* b) {
      return a->span.begin < b->span.begin;
    });
    // Whether a time is excluded (ExcludedTime) is asked only of the times a trigger's date
    // search looks at: most times of a long article are near no trigger.
    excluded_.assign(times_.size(), kUnknown);
  }

  std::vector<Mention> Scan(bool* truncated) {
    // The document's zones, read in place (a copy allocated every zone's strings); a document
    // without zones is one body zone.
    std::vector<Zone> whole;
    if (doc_.zones.empty()) {
      whole.emplace_back();
      whole.back().span = ByteSpan{0, uint32_t(doc_.text.size())};
    }
    const std::vector<Zone>& zones = doc_.zones.empty() ? whole : doc_.zones;
    for (size_t z = 0; z < zones.size(); ++z) {
      const Zone& zone = zones[z];
      // Boilerplate is page furniture; a related teaser reports another article's events.
      if (zone.kind == ZoneKind::kBoilerplate || zone.kind == ZoneKind::kRelated) continue;
      if (zone.span.end > doc_.text.size() || zone.span.begin >= zone.span.end) continue;
      int64_t group = zone.kind == ZoneKind::kComment ? int64_t(z) : -1;
      ScanZone(zone, group);
      if (mentions_.size() >= kMaxMentions) {
        *truncated = true;
        break;
      }
    }
    return std::move(mentions_);
  }

 private:
  static constexpr size_t kMaxMentions = 20000;
  static constexpr size_t kJoinWords = 4;

  void ScanZone(const Zone& zone, int64_t group) {
    std::string_view text = doc_.text;
    uint32_t pos = zone.span.begin;
    while (pos < zone.span.end && mentions_.size() < kMaxMentions) {
      size_t nl = text.find('\n', pos);
      uint32_t line_end = nl == std::string_view::npos || nl > zone.span.end ? zone.span.end : uint32_t(nl);
      ByteSpan paragraph{pos, line_end};
      if (line_end > pos) {
        SplitSentencesInto(text, paragraph, lex_, limits_.max_sentence_bytes, &sentences_);
        for (const ByteSpan& s : sentences_) {
          ScanSentence(s, paragraph, zone.kind, group);
        }
      }
      pos = line_end + 1;
    }
  }

  struct Cue {  // a suppressor cue (negation, hypothetical) at tokens [begin, end)
    size_t begin, end;
    uint32_t window;
    uint32_t id;  // EventLexicon::cue_window / cue_unless
  };

  // Whether cue `c` governs the word at toks[k, k_end): within its window after the cue, in the
  // same clause, no `scope_end` word between them, and no `unless_after` word of the cue in the
  // kUnlessAfterWords tokens after it
  // ("la police n'arrête que les meneurs": the arrests happen).
  bool Governs(const std::vector<EventToken>& toks, const Cue& c, size_t k, size_t k_end) const {
    if (c.end > k || k - c.end >= c.window || toks[c.begin].clause != toks[k].clause) return false;
    for (size_t x = c.end; x < k; ++x) {
      for (const WordPattern& w : lex_.scope_ends()) {
        if (w.Matches(toks[x])) return false;
      }
    }
    const std::vector<WordPattern>& unless = lex_.cue_unless(c.id);
    const size_t to = std::min(toks.size(), k_end + EventLexicon::kUnlessAfterWords);
    for (size_t x = k_end; x < to && toks[x].clause == toks[k].clause; ++x) {
      for (const WordPattern& w : unless) {
        if (w.Matches(toks[x])) return false;
      }
    }
    return true;
  }

  // A word of `words` within `window` tokens of the trigger toks[i, i + len). With `negations`
  // (the sentence's suppressor cues), a word after the trigger that such a cue governs does not
  // count: "the price of bread will not increase" says no price changed.
  bool Near(const std::vector<EventToken>& toks, size_t i, size_t len,
            const std::vector<WordPattern>& words, const WordFilter& filter, uint32_t window,
            const std::vector<Cue>* negations = nullptr) const {
    size_t from = window == 0 || i < window ? 0 : i - window;
    size_t to = window == 0 ? toks.size() : std::min(toks.size(), i + len + window);
    auto negated = [&](size_t k) {
      if (negations == nullptr || k < i + len) return false;
      for (const Cue& c : *negations) {
        if (c.begin >= i + len && Governs(toks, c, k, k + 1)) return true;
      }
      return false;
    };
    for (size_t k = from; k < to; ++k) {
      if (k >= i && k < i + len) continue;
      if (!filter.MayMatch(toks[k])) continue;
      for (const WordPattern& w : words) {
        if (w.Matches(toks[k])) {
          if (negated(k)) break;
          return true;
        }
      }
    }
    return false;
  }

  void ScanSentence(ByteSpan sentence, ByteSpan paragraph, ZoneKind zone, int64_t group) {
    // The sentence's claim tokens from the document's layer, when it has them: the event tokens
    // are derived from them, and the attribution reads them.
    std::span<const WordToken> layer_words;
    const bool from_layer =
        layer_ != nullptr &&
        layer_->SentenceRange(sentence, AttributionCues::kMaxSentenceTokens, &layer_words,
                              &layer_cursor_);
    if (!from_layer ||
        !EventTokensFromWords(doc_.text, sentence, layer_words,
                              layer_words.size() < AttributionCues::kMaxSentenceTokens,
                              limits_.max_tokens_per_sentence, &toks_, &folded_, &derive_)) {
      TokenizeForEventsInto(doc_.Slice(sentence), sentence.begin, limits_.max_tokens_per_sentence,
                            &toks_, &folded_);
    }
    const std::vector<EventToken>& toks = toks_;
    if (toks.empty()) return;
    // Triggers first, at every token: a sentence where no trigger phrase starts gives no
    // mention, so it skips the cue and preposition work (most sentences of a long article).
    trigger_hits_.clear();
    trigger_hit_ends_.assign(toks.size() + 1, 0);
    {
      // The token count, the hit count and the ends array in locals: stores through them would
      // otherwise make the compiler reload the vectors' sizes on every trip.
      const PhraseSet& triggers = lex_.triggers();
      const size_t count = toks.size();
      const EventToken* const tok = toks.data();
      uint32_t* const ends = trigger_hit_ends_.data();
      uint32_t hits = 0;
      for (size_t i = 0; i < count; ++i) {
        if (triggers.MayStartWith(tok[i])) {  // MatchInto's own first test, inline
          triggers.MatchInto(toks, i, &cue_hits_scratch_);
          if (!cue_hits_scratch_.empty()) {
            trigger_hits_.insert(trigger_hits_.end(), cue_hits_scratch_.begin(),
                                 cue_hits_scratch_.end());
            hits = uint32_t(trigger_hits_.size());
          }
        }
        ends[i + 1] = hits;
      }
    }
    if (trigger_hits_.empty()) return;
    // The sentence's claim tokens for the attribution: the layer's range, or words_ once
    // tokenized here; `words_ready` once they and attribution_cues_ hold this sentence.
    bool words_ready = false;
    std::span<const WordToken> words = layer_words;
    // Cues: suppressors (start, end, window) and words right after a place preposition.
    std::vector<Cue>& cues = cues_;
    cues.clear();
    std::vector<bool>& after_prep = after_prep_;
    after_prep.assign(toks.size() + 1, false);
    for (size_t i = 0; i < toks.size(); ++i) {
      lex_.suppressors().MatchInto(toks, i, &cue_hits_scratch_);
      for (const PhraseSet::Hit& h : cue_hits_scratch_) {
        cues.push_back(Cue{i, i + h.length, lex_.cue_window(h.id), h.id});
      }
      lex_.place_preps().MatchInto(toks, i, &cue_hits_scratch_);
      for (const PhraseSet::Hit& h : cue_hits_scratch_) after_prep[i + h.length] = true;
    }
    size_t last_hit_end = 0;  // token after the last kept trigger of this sentence
    for (size_t i = 0; i < toks.size();) {
      // The trigger hits at token i (longest first), found above.
      const PhraseSet::Hit* hits_begin = trigger_hits_.data() + trigger_hit_ends_[i];
      const PhraseSet::Hit* hits_end = trigger_hits_.data() + trigger_hit_ends_[i + 1];
      const PhraseSet::Hit* chosen = nullptr;
      const PhraseSet::Hit* skipped = nullptr;  // a row of `near` words that did not hold
      for (const PhraseSet::Hit* hp = hits_begin; hp != hits_end; ++hp) {
        const PhraseSet::Hit& h = *hp;
        const TriggerRule& r = lex_.rule(h.id);
        if (!rules_lang_.empty() && !r.lang.empty() && r.lang != rules_lang_) continue;
        if (!r.near.empty() && !Near(toks, i, h.length, r.near, r.near_filter, r.window, &cues)) {
          if (!skipped) skipped = &h;
          continue;
        }
        if (!r.not_near.empty() && Near(toks, i, h.length, r.not_near, r.not_near_filter, r.window)) {
          continue;
        }
        chosen = &h;
        break;
      }
      // A trigger word inside a time expression is part of the date ("On March 3", "the March
      // 2011 elections"), not an event.
      if (chosen && InTime(ByteSpan{toks[i].begin, toks[i + chosen->length - 1].end})) {
        chosen = nullptr;
      }
      if (!chosen) {
        ++i;
        continue;
      }
      const TriggerRule& rule = lex_.rule(chosen->id);
      size_t len = chosen->length;
      bool suppressed = false;
      for (const Cue& c : cues) {
        if (Governs(toks, c, i, i + len)) {
          suppressed = true;
          break;
        }
      }
      // Two triggers of one type a few words apart are one mention ("internet ... coupé").
      if (rule.type && !suppressed && last_hit_end + kJoinWords >= i && last_hit_end > 0 &&
          !mentions_.empty() && mentions_.back().type == *rule.type &&
          mentions_.back().span.begin >= sentence.begin) {
        mentions_.back().span.end = toks[i + len - 1].end;
        last_hit_end = i + len;
        i += len;
        continue;
      }
      if (rule.type && !suppressed) {
        last_hit_end = i + len;
        Mention m;
        m.type = *rule.type;
        m.rule = chosen->id;
        if (skipped && skipped->length == len && rule.near.empty()) {
          const TriggerRule& other = lex_.rule(skipped->id);
          if (other.type && *other.type != *rule.type) m.alternative = skipped->id;
        }
        m.span = ByteSpan{toks[i].begin, toks[i + len - 1].end};
        m.zone = zone;
        m.group = group;
        m.date = DateFor(m.span, toks, toks[i].clause, sentence, paragraph);
        m.place = PlaceFor(m.span, toks, after_prep, sentence, paragraph);
        ForEachInside(actors_, sentence, [&](const EntityMention& a) {
          if (m.actors.size() < limits_.max_actors &&
              std::find(m.actors.begin(), m.actors.end(), *a.id) == m.actors.end()) {
            m.actors.push_back(*a.id);
          }
        });
        if (attribution_) {
          // FindAttribution(doc_, sentence, ...), with the sentence tokenized once.
          if (!words_ready) {
            if (!from_layer) {
              TokenizeWordsInto(doc_.Slice(sentence), sentence.begin,
                                AttributionCues::kMaxSentenceTokens, &words_, &words_lower_);
              words = words_;
            }
            attribution_cues_ = FindAttributionCues(words, *attribution_);
            words_ready = true;
          }
          if (!mentions_index_) mentions_index_.emplace(doc_);
          m.attribution = FindAttributionWithCues(doc_, words, attribution_cues_, m.span,
                                                  *attribution_, *mentions_index_);
          if (m.attribution) DropPureSource(words, *m.attribution, sentence, &m.actors);
        }
        mentions_.push_back(std::move(m));
      }
      i += len;
    }
  }

  // A source named after a source_after cue ("selon l'AFP", "according to the ministry", "по
  // данным МВД") only reports the event: it is none of its actors, unless the sentence names it
  // outside the attribution too. A source before its verb ("the army said it killed") may be
  // the actor as well, and stays.
  void DropPureSource(std::span<const WordToken> words, const Attribution& source,
                      ByteSpan sentence, std::vector<std::string>* actors) const {
    if (actors->empty()) return;
    bool after_cue = false;
    for (const AttributionCueHit& h : attribution_cues_) {
      if (h.kind != AttributionCues::kSourceAfter || h.begin + h.length > words.size()) continue;
      const uint32_t cue_end = words[h.begin + h.length - 1].end;
      // The cue, then the source's words (a determiner or two may stand between).
      size_t between = 0;
      for (size_t j = h.begin + h.length; j < words.size() && words[j].begin < source.span.begin;
           ++j) {
        ++between;
      }
      if (cue_end <= source.span.begin && between <= 2) after_cue = true;
    }
    if (!after_cue) return;
    auto inside = [&](ByteSpan s) {
      return s.begin >= source.span.begin && s.end <= source.span.end;
    };
    std::vector<const std::string*> named_in_source;
    ForEachInside(actors_, source.span, [&](const EntityMention& a) {
      if (inside(a.span)) named_in_source.push_back(a.id);
    });
    for (const std::string* id : named_in_source) {
      bool elsewhere = false;
      ForEachInside(actors_, sentence, [&](const EntityMention& a) {
        if (*a.id == *id && !inside(a.span)) elsewhere = true;
      });
      if (!elsewhere) std::erase(*actors, *id);
    }
  }

  // True when a date_exclude cue ends right before the expression or opens it ("jusqu'au 19
  // janvier" is when a state of emergency ends, not when it was declared).
  // Whether `span` overlaps a time expression of the document.
  bool InTime(ByteSpan span) const {
    auto it = std::lower_bound(time_spans_.begin(), time_spans_.end(), span.end,
                               [](const ByteSpan& t, uint32_t end) { return t.begin < end; });
    // Time expressions do not overlap: the last one or two starting before the span's end are
    // the only ones that can reach into it.
    for (int k = 0; k < 2 && it != time_spans_.begin(); ++k) {
      --it;
      if (it->end > span.begin) return true;
    }
    return false;
  }

  bool ExcludedTime(const TimeExpr& t) {
    if (lex_.date_excludes().empty()) return false;
    std::string_view text = doc_.text;
    size_t from = t.span.begin > 40 ? base::FloorBoundary(text, t.span.begin - 40) : 0;
    size_t to = std::min<size_t>(t.span.end, t.span.begin + 40);
    to = base::FloorBoundary(text, to);
    TokenizeForEventsInto(text.substr(from, to - from), uint32_t(from), 32, &exclude_toks_,
                          &exclude_folded_);
    const std::vector<EventToken>& toks = exclude_toks_;
    size_t j = 0;
    while (j < toks.size() && toks[j].begin < t.span.begin) ++j;
    for (size_t k = 0; k <= j && k < toks.size(); ++k) {
      lex_.date_excludes().MatchInto(toks, k, &exclude_hits_);
      for (const PhraseSet::Hit& h : exclude_hits_) {
        if (k + h.length == j || k == j) return true;
      }
    }
    return false;
  }

  // ExcludedTime(*times_[k]), computed once.
  bool Excluded(size_t k) {
    if (excluded_[k] == kUnknown) excluded_[k] = ExcludedTime(*times_[k]) ? kYes : kNo;
    return excluded_[k] == kYes;
  }

  bool CommaAfter(uint32_t offset) const {
    std::string_view text = doc_.text;
    size_t p = offset;
    while (p < text.size() && p < offset + 4 && text[p] == ' ') ++p;
    return p < text.size() && text[p] == ',';
  }

  // The clause index of byte `offset` (the token at or after it; the last clause past the end).
  static uint32_t ClauseAt(const std::vector<EventToken>& toks, uint32_t offset) {
    auto it = std::lower_bound(toks.begin(), toks.end(), offset,
                               [](const EventToken& t, uint32_t o) { return t.end <= o; });
    return it == toks.end() ? toks.back().clause : it->clause;
  }

  std::optional<std::string> DateFor(ByteSpan trigger, const std::vector<EventToken>& toks,
                                     uint32_t clause, ByteSpan sentence, ByteSpan paragraph) {
    const TimeExpr* best = nullptr;
    bool best_same_clause = false;
    uint32_t best_distance = 0;
    auto by_begin = [](const TimeExpr* t, uint32_t b) { return t->span.begin < b; };
    // Each walk starts where it can first find something (a binary search), not at the
    // paragraph's first time: a long paragraph of dated sentences made every trigger walk all
    // the times before it.
    auto first = std::lower_bound(times_.begin(), times_.end(), paragraph.begin, by_begin);
    auto in_sentence = std::lower_bound(first, times_.end(), sentence.begin, by_begin);
    for (auto it = in_sentence; it != times_.end() && (*it)->span.begin < sentence.end; ++it) {
      const TimeExpr* t = *it;
      if (!Inside(t->span, sentence) || Excluded(size_t(it - times_.begin()))) continue;
      // A time set off by a comma ("Le 5 janvier, des émeutiers ...") heads the next clause.
      uint32_t tc = ClauseAt(toks, t->span.begin);
      bool same = tc == clause || (tc + 1 == clause && CommaAfter(t->span.end));
      uint32_t d = Distance(t->span, trigger);
      if (!best || (same && !best_same_clause) || (same == best_same_clause && d < best_distance)) {
        best = t;
        best_same_clause = same;
        best_distance = d;
      }
    }
    if (best) return EventDay(*best);
    // The paragraph: the nearest earlier expression sets the scene; else the nearest later one.
    const TimeExpr* before = nullptr;
    const TimeExpr* after = nullptr;
    // The last one (in text order) ending before the trigger: an expression ending there
    // begins before the trigger does.
    for (auto it = std::lower_bound(first, times_.end(), trigger.begin, by_begin); it != first;) {
      --it;
      const TimeExpr* t = *it;
      if (Inside(t->span, paragraph) && t->span.end <= trigger.begin &&
          !Excluded(size_t(it - times_.begin()))) {
        before = t;
        break;
      }
    }
    for (auto it = std::lower_bound(first, times_.end(), trigger.end, by_begin);
         !before && it != times_.end() && (*it)->span.begin < paragraph.end; ++it) {
      if (Inside((*it)->span, paragraph) && !Excluded(size_t(it - times_.begin()))) {
        after = *it;
        break;
      }
    }
    if (before) return EventDay(*before);
    if (after) return EventDay(*after);
    return std::nullopt;
  }

  std::optional<std::string> PlaceFor(ByteSpan trigger, const std::vector<EventToken>& toks,
                                      const std::vector<bool>& after_prep, ByteSpan sentence,
                                      ByteSpan paragraph) const {
    const EntityMention* best = nullptr;
    bool best_prep = false;
    uint32_t best_distance = 0;
    ForEachInside(locations_, sentence, [&](const EntityMention& m) {
      if (Distance(m.span, trigger) == 0 && m.span.begin < trigger.end && m.span.end > trigger.begin) return;
      // Is the location's first word right after a place preposition?
      auto it = std::lower_bound(toks.begin(), toks.end(), m.span.begin,
                                 [](const EventToken& t, uint32_t o) { return t.begin < o; });
      bool prep = it != toks.end() && it->begin == m.span.begin && after_prep[size_t(it - toks.begin())];
      uint32_t d = Distance(m.span, trigger);
      if (!best || (prep && !best_prep) || (prep == best_prep && d < best_distance)) {
        best = &m;
        best_prep = prep;
        best_distance = d;
      }
    });
    if (!best) {
      // The paragraph: the nearest earlier location sets the scene; else the nearest later one.
      // Found by binary search from the trigger, not by a walk through the paragraph's places.
      auto by_begin = [](const EntityMention& m, uint32_t b) { return m.span.begin < b; };
      auto first = std::lower_bound(locations_.begin(), locations_.end(), paragraph.begin, by_begin);
      for (auto it = std::lower_bound(first, locations_.end(), trigger.begin, by_begin);
           it != first;) {
        --it;
        if (Inside(it->span, paragraph) && it->span.end <= trigger.begin) {
          best = &*it;
          break;
        }
      }
      for (auto it = std::lower_bound(first, locations_.end(), trigger.end, by_begin);
           !best && it != locations_.end() && it->span.begin < paragraph.end; ++it) {
        if (Inside(it->span, paragraph)) {
          best = &*it;
          break;
        }
      }
    }
    if (!best) return std::nullopt;
    return *best->id;
  }

  const Document& doc_;
  const EventLexicon& lex_;
  const AttributionCues* attribution_;
  const EventLimits& limits_;
  std::optional<MentionIndex> mentions_index_;  // built at the first attribution
  std::vector<EntityMention> locations_, actors_;
  std::vector<const TimeExpr*> times_;  // with a value, by begin
  std::vector<ByteSpan> time_spans_;    // every time expression's span, valued or not, by begin
  enum : int8_t { kUnknown = -1, kNo = 0, kYes = 1 };
  std::vector<int8_t> excluded_;  // Excluded(k) once known, else kUnknown
  std::vector<EventToken> exclude_toks_;  // ExcludedTime's tokens (toks_ holds the sentence)
  std::string exclude_folded_;            // their folded words
  std::vector<PhraseSet::Hit> exclude_hits_;
  std::vector<Mention> mentions_;
  std::vector<ByteSpan> sentences_;  // of the paragraph being scanned
  // Per-sentence buffers, reused from sentence to sentence.
  std::vector<EventToken> toks_;
  std::string folded_;  // the folded words of toks_ (those not in the layer)
  EventTokenScratch derive_;  // EventTokensFromWords' buffers
  std::vector<Cue> cues_;  // suppressor cues of the sentence
  std::string rules_lang_;  // the pack whose trigger rules apply; empty: every pack's
  std::vector<bool> after_prep_;  // token k follows a place preposition
  std::vector<PhraseSet::Hit> cue_hits_scratch_;
  std::vector<PhraseSet::Hit> trigger_hits_;  // trigger hits of the sentence, token by token
  std::vector<uint32_t> trigger_hit_ends_;    // token i's hits: [ends[i], ends[i + 1])
  const TokenLayer* layer_;  // may be null
  size_t layer_cursor_ = 0;  // TokenLayer::SentenceRange's cursor (sentences come in order)
  std::vector<WordToken> words_;  // a sentence's claim tokens when the layer has none for it
  std::string words_lower_;       // the lower-cased forms words_ view
  std::vector<AttributionCueHit> attribution_cues_;
};

void AddMention(Event& e, const Mention& m, const PlaceIndex& places, const EventLimits& limits,
                bool* truncated) {
  if (e.mentions.size() < limits.max_mentions_per_event) e.mentions.push_back(m.span);
  else *truncated = true;
  // The most specific place wins: a city over its country.
  if (m.place && (!e.place || places.Inside(*m.place, *e.place))) e.place = m.place;
  if (!e.attribution && m.attribution) e.attribution = m.attribution;
  for (const std::string& a : m.actors) {
    if (e.actors.size() >= limits.max_actors) break;
    if (std::find(e.actors.begin(), e.actors.end(), a) == e.actors.end()) e.actors.push_back(a);
  }
}

}  // namespace

std::vector<ByteSpan> SplitSentences(std::string_view text, ByteSpan span,
                                     const EventLexicon& lexicon, size_t max_bytes) {
  std::vector<ByteSpan> out;
  SplitSentencesInto(text, span, lexicon, max_bytes, &out);
  return out;
}

void SplitSentencesInto(std::string_view text, ByteSpan span, const EventLexicon& lexicon,
                        size_t max_bytes, std::vector<ByteSpan>* out_spans) {
  std::vector<ByteSpan>& out = *out_spans;
  out.clear();
  if (span.end > text.size() || span.begin >= span.end) return;
  max_bytes = std::max<size_t>(max_bytes, 16);
  auto emit = [&](size_t b, size_t e) {
    std::string_view s = base::TrimSpace(text.substr(b, e - b));
    if (s.empty()) return;
    size_t sb = size_t(s.data() - text.data());
    out.push_back(ByteSpan{uint32_t(sb), uint32_t(sb + s.size())});
  };
  size_t start = span.begin;
  size_t pos = span.begin;
  while (pos < span.end) {
    // Bytes that cannot end a sentence, taken in one step (the length cut below still applies).
    const size_t limit = std::min<size_t>(span.end, start + max_bytes + 1);
    bool at_stop = false;
    while (pos < limit && !at_stop) {
#if defined(__SSE2__)
      // Sixteen bytes at a time up to the first that may end a sentence or starts a character of
      // three bytes or more. A byte of the mask is never a continuation byte: it starts a
      // character, as the scan one character at a time would step.
      if (pos + 16 <= limit) {
        unsigned mask = MayStopMask16(text.data() + pos);
        if (mask == 0) {
          pos += 16;
          // A two-byte character across the end of the sixteen (a C2..DF lead is never a
          // continuation byte, so it starts a character): past it, as NextCodePoint steps.
          const auto last = static_cast<unsigned char>(text[pos - 1]);
          if (last >= 0xC2 && last <= 0xDF && pos < text.size() &&
              (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
            ++pos;
          }
          continue;
        }
        pos += size_t(std::countr_zero(mask));
      }
#endif
      // Then one character at a time for up to sixteen bytes.
      const size_t chunk_end = std::min(limit, pos + 16);
      while (pos < chunk_end) {
        auto b = static_cast<unsigned char>(text[pos]);
        if (b < 0x80) {
          if (kMayEndSentence[b]) {
            at_stop = true;
            break;
          }
          ++pos;
          continue;
        }
        // So are two-byte characters U+00C0..U+07FF (accented Latin, Cyrillic), decoded as
        // NextCodePoint would.
        if (b >= 0xC3 && b <= 0xDF && pos + 1 < text.size() &&
            (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80) {
          pos += 2;
          continue;
        }
        at_stop = true;
        break;
      }
    }
    if (pos >= span.end) break;
    if (pos - start > max_bytes) {
      // No sentence end for too long: cut at the last space (or here).
      // Only within the sentence: a search back through the whole text at every cut made a
      // page without spaces quadratic.
      const size_t space = text.substr(start, pos - start + 1).rfind(' ');
      size_t cut = space == std::string_view::npos ? std::string_view::npos : start + space;
      if (cut == std::string_view::npos || cut <= start) cut = base::FloorBoundary(text, pos);
      emit(start, cut);
      start = cut;
    }
    size_t at = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (c == '\n') {
      emit(start, at);
      start = pos;
      continue;
    }
    if (!IsSentenceEnd(c)) continue;
    size_t q = pos;
    while (q < span.end) {
      size_t n = q;
      char32_t d = NextCodePoint(text, &n);
      if (!IsSentenceEnd(d) && !IsCloser(d)) break;
      q = n;
    }
    if (q >= span.end) break;
    size_t r = q;
    size_t spaces = 0;
    while (r < span.end && spaces < 8) {
      size_t n = r;
      char32_t d = NextCodePoint(text, &n);
      if (d == '\n' || !IsSpaceFast(d)) break;
      r = n;
      ++spaces;
    }
    if (spaces == 0) {
      pos = q;
      continue;
    }
    size_t n = r;
    char32_t next = r < span.end ? NextCodePoint(text, &n) : U' ';
    if (u_islower(UChar32(next))) {
      pos = q;
      continue;
    }
    if (c == '.') {
      std::string_view word = WordBefore(text, at, start);
      if (base::CodePoints(word) == 1 || lexicon.IsAbbreviation(FoldEventWord(word))) {
        pos = q;
        continue;
      }
    }
    emit(start, q);
    start = r;
    pos = r;
  }
  emit(start, span.end);
}

std::vector<Event> FindEvents(const Document& doc, const EventLexicon& lexicon,
                              const AttributionCues* attribution, const EventLimits& limits,
                              bool* truncated, const TokenLayer* layer) {
  *truncated = false;
  DocumentScanner scanner(doc, lexicon, attribution, limits, layer);
  std::vector<Mention> mentions = scanner.Scan(truncated);
  // One document tells one kind of each ambiguous word: "clashes" alone in the headline is the
  // armed clash the body describes as "clashes between the army and the RSF".
  // The first mention of each (rule, group), found once: comparing every ambiguous mention with
  // every mention took a minute on a 4 MB page of "Clashes in X." sentences.
  std::map<std::pair<decltype(Mention::rule), decltype(Mention::group)>, size_t> first_of;
  for (size_t k = 0; k < mentions.size(); ++k) {
    first_of.try_emplace({mentions[k].rule, mentions[k].group}, k);
  }
  for (Mention& m : mentions) {
    if (!m.alternative) continue;
    auto it = first_of.find({*m.alternative, m.group});
    if (it != first_of.end()) m.type = mentions[it->second].type;
  }
  const PlaceIndex places(doc);
  // Pass 1: same type, group and date (or both null), compatible place.
  std::vector<Event> events;
  std::vector<int64_t> groups;
  for (const Mention& m : mentions) {
    size_t k = 0;
    for (; k < events.size(); ++k) {
      const Event& e = events[k];
      if (e.type == m.type && groups[k] == m.group && e.date == m.date &&
          places.Compatible(e.place, m.place)) {
        break;
      }
    }
    if (k == events.size()) {
      if (events.size() >= limits.max_events) {
        *truncated = true;
        continue;
      }
      Event e;
      e.type = m.type;
      e.date = m.date;
      e.zone = m.zone;
      e.span = m.span;
      events.push_back(std::move(e));
      groups.push_back(m.group);
    }
    AddMention(events[k], m, places, limits, truncated);
  }
  // Pass 2: a dateless event is the dated one of its type when there is only one candidate
  // ("the riot on 5 January ... the riot left three dead").
  std::vector<bool> gone(events.size(), false);
  for (size_t k = 0; k < events.size(); ++k) {
    if (events[k].date) continue;
    int64_t target = -1;
    int candidates = 0;
    for (size_t j = 0; j < events.size() && candidates < 2; ++j) {
      if (j == k || gone[j] || !events[j].date || events[j].type != events[k].type ||
          groups[j] != groups[k] || !places.Compatible(events[j].place, events[k].place)) {
        continue;
      }
      target = int64_t(j);
      ++candidates;
    }
    if (candidates != 1) continue;
    Event& into = events[size_t(target)];
    Mention carry;
    carry.place = events[k].place;
    carry.actors = events[k].actors;
    carry.attribution = events[k].attribution;
    for (const ByteSpan& s : events[k].mentions) {
      carry.span = s;
      AddMention(into, carry, places, limits, truncated);
    }
    std::sort(into.mentions.begin(), into.mentions.end(),
              [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
    if (events[k].span.begin < into.span.begin) {
      into.span = events[k].span;
      into.zone = events[k].zone;
    }
    gone[k] = true;
  }
  std::vector<Event> out;
  for (size_t k = 0; k < events.size(); ++k) {
    if (!gone[k]) out.push_back(std::move(events[k]));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Event& a, const Event& b) { return a.span.begin < b.span.begin; });
  return out;
}

Result<std::unique_ptr<EventFinder>> EventFinder::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<EventLexicon> lexicon, EventLexicon::Create(resources));
  SITREP_ASSIGN_OR_RETURN(AttributionCues attribution, AttributionCues::Load(resources));
  auto finder = std::make_unique<EventFinder>(std::move(lexicon), std::move(attribution));
  finder->languages_ = resources.languages();
  return finder;
}

void EventFinder::Run(Document& doc) const { Find(doc, nullptr); }

void EventFinder::RunWithLayer(Document& doc, const TokenLayer& layer) const { Find(doc, &layer); }

void EventFinder::Find(Document& doc, const TokenLayer* layer) const {
  doc.events.clear();
  // A language without a pack is not read (ClaimFinder warns once for both).
  if (!lang::Resources::Reads(languages_, doc.language)) return;
  bool truncated = false;
  doc.events = FindEvents(doc, *lexicon_, &attribution_, limits_, &truncated, layer);
  if (truncated) {
    doc.warnings.push_back(Warning{"too_many_events", ByteSpan{},
                                   "event mentions beyond the per-document limits were dropped"});
  }
}

}  // namespace sitrep::extract
