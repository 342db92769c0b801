// Attribution: who a sentence says a figure or an event comes from (issue 4).
//
//   "Selon le ministère de l'Intérieur, 18 militants ont été tués."  -> "ministère de l'Intérieur"
//   "Police said 20 people were detained."                            -> "Police"
//   "По данным МВД, задержаны 300 человек."                           -> "МВД"
//   "... 20 человек погибли, сообщил представитель МВД."              -> "представитель МВД"
//
// The cue words are data: resources/<lang>/claim_attribution.tsv from every pack
// (docs/resources.md, "Claims"). Kinds:
//   source_after  the source follows the cue ("selon", "d'après", "according to", "по данным")
//   verb          a reporting verb; the source is the words before it in its clause ("X a
//                 déclaré", "X said"), or, when nothing precedes it there, the words after it
//                 ("..., a déclaré le porte-parole", "..., сообщил X")
//   determiner    dropped from the front of the source ("le", "the")
//   stop          ends the source ("que", "that", "что", "on")
//   subordinator  ends the source like a stop, but a verb's source may start right after it
//                 ("This comes after police said", "..., but officials said")
//   conjunction   the same when a clause ends before it ("He was arrested and police said");
//                 one word before it from the clause start, or a capitalised name across it,
//                 joins the source ("Security and medical officials said", "the Ministry of
//                 Health and Social Services said"); anything else leaves the source unknown
//   adjective_after  a reporting verb right after it is a participle ("the number of reported
//                 killings"), as after a determiner
//   time_word     a part of the day passed over with the time between a verb and the source
//                 after it ("a fait savoir ce mardi matin le journal Nation"); elsewhere a
//                 source word ("Le Soir", "the Sydney Morning Herald")
//   telling_verb  a reporting verb whose object is whom it was told to ("told AFP"): its source
//                 is the words before it in its clause, never those after it
//   addressee     opens whom a source spoke to ("à l'AFP", "to reporters"): ends a source read
//                 forward, and right after a verb it is passed over with its determiners and
//                 one word, or a run of capitalised words ("a déclaré à l'AFP un responsable":
//                 "responsable"; "a déclaré un responsable à l'AFP": "responsable")
//   inversion     right before a reporting verb, the source follows the verb ("как сообщает
//                 ТАСС", "Как пишет РИА Новости"); never part of a source
//   source_agent  inside a source read after a source_after cue, who gave the figures: the
//                 source starts after it ("selon un bilan communiqué par la préfecture":
//                 "préfecture"; "according to figures released by the ministry": "ministry")
// The source runs to the nearest clause punctuation (, ; : ( ) « » " .), a digit, a time
// expression of doc.times, a stop word or another cue, at most kMaxSourceWords words, and never
// overlaps the anchor (the figure or event it is about).
//
// Attribution.entity is the id of an entity of doc.entities with a mention inside the source
// span: a person or organisation first, else a location whose mention opens the source.
//
// Thread safety: AttributionCues is immutable after Load(); FindAttribution is a pure function.
#pragma once

#include <optional>
#include <vector>

#include "extract/claim_words.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {

class AttributionCues {
 public:
  static constexpr size_t kMaxSourceWords = 10;
  static constexpr size_t kMaxSentenceTokens = 4096;  // FindAttribution tokenizes this many
  // kAdverb: a word between a source and its verb, left out of the source ("the ministry now
  // says"); elsewhere it is a stop.
  enum Kind : uint32_t {
    kSourceAfter = 0,
    kVerb = 1,
    kDeterminer = 2,
    kStop = 3,
    kAdverb = 4,
    kConjunction = 5,
    kAdjectiveAfter = 6,
    kSubordinator = 7,
    kTimeWord = 8,
    kTellingVerb = 9,
    kAddressee = 10,
    kInversion = 11,
    kSourceAgent = 12,
    // Opens an aside between commas that names no source ("pleading anonymity", "speaking on
    // condition of anonymity"): the source is the name before it.
    kAside = 13,
    // A stop that may join a source to the place after it, read backwards from the verb only
    // ("A senior official in Khyber said"): `place_link`.
    kPlaceLink = 14,
  };
  // Words of a source joined before a conjunction ("Security and medical officials").
  static constexpr size_t kMaxJoinedWords = 1;
  // Words of a quoted name inside a source ("проект "ОВД-Инфо" уточнил").
  static constexpr size_t kMaxQuotedWords = 4;
  // Words of the longest `aside` ("speaking on the condition of anonymity").
  static constexpr uint32_t kMaxAsideWords = 6;

  // Reads claim_attribution.tsv (columns kind, phrase) from every pack that has it.
  // Corrupt("path:line: ...") on an unknown kind or an empty phrase.
  static Result<AttributionCues> Load(const lang::Resources& resources);
  // Same from parsed tables (tests).
  static Result<AttributionCues> FromTables(const std::vector<base::TsvTable>& tables);

  const PhraseTable& cues() const { return cues_; }  // source_after, verb and telling_verb
  // determiner, stop, adverb, conjunction, subordinator, adjective_after, time_word, addressee,
  // inversion, source_agent
  const PhraseTable& others() const { return others_; }

 private:
  PhraseTable cues_;
  PhraseTable others_;
};

// The attribution of the figure or event at `anchor` inside `sentence` (both absolute byte spans
// into doc.text; anchor inside sentence), or nullopt when the sentence names no source. When
// several cues are present, the one nearest to the anchor wins.
std::optional<Attribution> FindAttribution(const Document& doc, ByteSpan sentence, ByteSpan anchor,
                                           const AttributionCues& cues);

// The same on already tokenized sentence words (the claim finder tokenizes once).
std::optional<Attribution> FindAttributionInTokens(const Document& doc,
                                                   std::span<const WordToken> tokens,
                                                   ByteSpan anchor, const AttributionCues& cues);

// A cue phrase (source_after or verb) found in a tokenized sentence.
struct AttributionCueHit {
  size_t begin = 0;   // token index
  size_t length = 0;  // tokens
  uint32_t kind = 0;  // AttributionCues::Kind
};
// The cue phrases of `tokens`, left to right, longest at each token. A sentence with several
// figures or events is scanned once and every anchor reuses the hits.
std::vector<AttributionCueHit> FindAttributionCues(std::span<const WordToken> tokens,
                                                   const AttributionCues& cues);
// A document's entity mentions sorted by where they start, built once per document and queried
// by span: walking every mention for each figure made a page of 50 000 place names and as many
// "a spokesman said" sentences quadratic.
class MentionIndex {
 public:
  explicit MentionIndex(const Document& doc);
  // The entity a source span names: the first entity (document order) that is a person or an
  // organisation with a mention inside `span`; else the first location with a mention starting
  // where `span` does ("Kazakhstan said", not "ministère de l'Intérieur du Kazakhstan").
  const Entity* SourceEntity(ByteSpan span) const;
  // Whether a person mention ends at byte `end`.
  bool PersonEndsAt(uint32_t end) const;
  // Whether byte `at` lies inside a mention: the nearest mention starting at or before it is
  // asked (a mention nested in a longer one may hide the longer one's end).
  bool Covers(uint32_t at) const;

 private:
  struct Mention {
    uint32_t begin, end, entity;
  };
  const Document* doc_;
  std::vector<Mention> by_begin_;      // by begin, then entity
  std::vector<uint32_t> person_ends_;  // ascending
};

// FindAttributionInTokens with the hits of FindAttributionCues(tokens, cues).
std::optional<Attribution> FindAttributionWithCues(const Document& doc,
                                                   std::span<const WordToken> tokens,
                                                   const std::vector<AttributionCueHit>& hits,
                                                   ByteSpan anchor, const AttributionCues& cues,
                                                   const MentionIndex& mentions);

}  // namespace sitrep::extract
