// EventFinder: the event stage. Fills Document::events with the fifteen event types of SCHEMA.md
// (protest, riot, armed_clash, ...) found from the trigger lexicons of every pack (issue 4).
//
// How, per zone (title, body, comments; boilerplate and related teasers are skipped), per line
// (paragraph) and per sentence:
// - Triggers: the longest trigger phrase at each word (event_lexicon.h); among rows of equal
//   length the first whose context constraints hold wins; a row of type "-" blocks shorter
//   triggers inside it ("riot police" is not a riot).
// - Suppression: a negation or hypothetical cue up to its window of words before the trigger,
//   in the same clause ("n'a pas été arrêté", "no arrests", "pourrait"), drops the trigger.
// - Date: the resolved time expression of the trigger's clause, else the nearest in the sentence,
//   else the nearest earlier (then later) one in the paragraph, else null. Only doc.times count,
//   so the publication date is used only when the text says "today" (the time tables resolve it).
//   A datetime is cut to its day.
// - Place: a location entity of the sentence, those after a place preposition ("à", "in", "в")
//   first, then the nearest to the trigger; else the nearest in the paragraph; else null.
// - Actors: persons and organisations mentioned in the sentence (at most kMaxActors).
// - Attribution: FindAttribution (attribution.h) over the sentence, anchored on the trigger
//   ("selon la police", "according to X", "по данным МВД"); an event keeps its first one.
// - Merging: within one zone group (title and body together, each comment alone), mentions of the
//   same type with the same date (or both null) and the same place (or one null) are one Event
//   with several mentions; then a dateless event joins the only dated event of its type and
//   place, when there is exactly one. Different explicit dates stay different events.
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "extract/attribution.h"
#include "extract/event_lexicon.h"
#include "extract/token_layer.h"
#include "lang/resources.h"
#include "pipeline/stage.h"
#include "sitrep/status.h"

namespace sitrep::extract {

struct EventLimits {
  size_t max_events = 2000;            // events kept per document
  size_t max_mentions_per_event = 200;
  size_t max_sentence_bytes = 4000;    // longer runs without a sentence end are cut
  size_t max_tokens_per_sentence = 600;
  size_t max_actors = 8;
};

// A sentence or paragraph: a half-open byte span into the text.
// Splits `text[span]` into sentences: at . ! ? … (with closing quotes or brackets after them)
// followed by a space and a character that is not a lower-case letter, unless the word before
// the dot is one letter (an initial) or an abbreviation of the lexicon; and at every line break.
// Runs longer than `max_bytes` are cut at a space. Empty and all-space pieces are dropped.
std::vector<ByteSpan> SplitSentences(std::string_view text, ByteSpan span,
                                     const EventLexicon& lexicon, size_t max_bytes);
// The same into `*out` (cleared first), so a caller splitting paragraph after paragraph reuses
// one vector.
void SplitSentencesInto(std::string_view text, ByteSpan span, const EventLexicon& lexicon,
                        size_t max_bytes, std::vector<ByteSpan>* out);

// The pure core: events of `doc` from its zones, times and entities (doc.events is not read).
// Sorted by span.begin. `attribution` may be null (no attribution is looked for). `truncated`
// is set when a limit dropped something.
// `layer`, when given, holds the document's claim-tokenizer tokens (token_layer.h): the
// attribution of a sentence reads them instead of tokenizing it again.
std::vector<Event> FindEvents(const Document& doc, const EventLexicon& lexicon,
                              const AttributionCues* attribution, const EventLimits& limits,
                              bool* truncated, const TokenLayer* layer = nullptr);

class EventFinder : public pipeline::Stage {
 public:
  // Loads event_triggers.tsv and event_cues.tsv (and claim_attribution.tsv, the attribution
  // cues) from every pack. Corrupt("path:line: ...") on a malformed row.
  static Result<std::unique_ptr<EventFinder>> Create(const lang::Resources& resources);
  EventFinder(std::unique_ptr<EventLexicon> lexicon, AttributionCues attribution,
              EventLimits limits = {})
      : lexicon_(std::move(lexicon)), attribution_(std::move(attribution)), limits_(limits) {}

  std::string_view name() const override { return "events"; }
  // REQUIRES: times and entities already found (TimeFinder, EntityFinder run before).
  // Replaces doc.events; adds a "too_many_events" warning when a limit was hit.
  void Run(Document& doc) const override;
  // The same, the attribution reading sentences' tokens from `layer` (token_layer.h).
  void RunWithLayer(Document& doc, const TokenLayer& layer) const override;

  const EventLexicon& lexicon() const { return *lexicon_; }

 private:
  void Find(Document& doc, const TokenLayer* layer) const;
  std::unique_ptr<EventLexicon> lexicon_;
  AttributionCues attribution_;
  EventLimits limits_;
  std::vector<std::string> languages_;  // the packs' languages (lang::Resources::Reads)
};

}  // namespace sitrep::extract
