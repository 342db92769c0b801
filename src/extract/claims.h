// ClaimFinder: the claims stage, "who said how many of what" (issue 4, SCHEMA.md "Claims").
//
// Per zone (title and body give zone body, comment gives comment; related and boilerplate give
// no claims) and per sentence (SplitSentences), in one pass over word tokens:
// 1. Numbers as people write them (NumberReader, numbers.h): digits, spelled-out and vague
//    amounts, ranges, artefacts. Not counts: numbers inside a time expression of doc.times,
//    numbers glued to a sign ("+4" vote scores, phone numbers) or to letters ("45e régiment",
//    "31st"), numbers before a unit or after a marker of claim_cues.tsv (not_count_after "%",
//    "ans", "commentaires", "régiment"; not_count_before "n°", "$"), decimals without a
//    multiplier, bare years (1800..2100) with no group or quantity word after them, ages in
//    apposition ("John Smith, 23, was arrested": a number alone between a name and a comma or
//    the sentence's end), and numbers whose next words name things rather than people before
//    any group or quantity word (counted_object cues: "300 damaged buildings", "70 000
//    signatures"), groups that act on others ("2 officers shot and killed a teenager":
//    GroupActsOnOthers), and numbers in another state (other_state cues within two words:
//    "thousands of people homeless", "10 missing").
// 2. Hedge: a claim_hedges.tsv phrase just before ("plus de", "около") or after ("or more").
// 3. Group: the first claim_groups.tsv phrase in the next kGroupWindow words after the number;
//    its surface is the claim's label ("fauteurs de troubles"). A generic group ("personnes")
//    takes the group a quantity word implies ("ont manifesté" -> protesters).
// 4. Quantity: a quantity noun in that window ("18 morts"), else the nearest quantity word of
//    claim_quantities.tsv between the previous and the next number (after the number preferred,
//    right before it next: "погибли 18 человек", "killing 18"; never a verb after a
//    clause_break cue: "when the gunman entered", nor one before a clause_break or relative
//    cue: "blessé par les pierres que deux hommes avaient jetées"; a group joined to the next
//    number's group by a verb_joiner shares the verb after both: "14 policiers et trois
//    gendarmes ont été blessés"), else the quantity of the previous claim in the same clause
//    ("225 morts, dont 19 policiers"), else the group's own quantity
//    ("des milliers de manifestants" -> participants) when the figure is vague or at least
//    kMinBareGroupCount. No quantity: no claim. "entre 10 et 15" (range_open, range_joiner
//    cues) is one range; digit groups side by side ("+7 727 123 45 67") are never counts.
//    A number with no group word after it shares the previous claim's group ("18 militants ont
//    été tués et 20 ont été blessés"); else a total cue ("au total", "bilan") gives total.
// 5. Attribution (attribution.h), as_of (the nearest resolved time expression in the sentence
//    not introduced by a `since` cue, date part; else the comment's posted date or
//    doc.published), place (the nearest location mention in the sentence).
// Artefacts: "XNUMX" and garbled groups ("3 26") in a claim give value null, approx from the
// hedge or unknown, and a Warning (masked_number, garbled_number). Every "XNUMX" outside
// boilerplate gets a masked_number warning, claim or not.
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "extract/attribution.h"
#include "extract/claim_words.h"
#include "extract/numbers.h"
#include "extract/token_layer.h"
#include "lang/resources.h"
#include "pipeline/stage.h"
#include "sitrep/status.h"

namespace sitrep::extract {

class ClaimFinder : public pipeline::Stage {
 public:
  static constexpr size_t kMaxClaimsPerDocument = 5000;
  static constexpr size_t kMaxTokensPerSentence = 1024;
  static constexpr size_t kMaxSentenceBytes = 2000;  // longer sentences are cut at a space
  static constexpr size_t kMaxNumbersPerSentence = 64;
  static constexpr size_t kGroupWindow = 5;     // words after the number searched for a group
  // A counted_object this close counts things ("300 damaged buildings"); farther it belongs to
  // another clause ("injured dozens and destroyed buildings").
  static constexpr size_t kObjectWindow = 2;
  // Tokens of the longest claim_hedges.tsv phrase before a number that is looked for.
  static constexpr uint32_t kMaxHedgeTokens = 4;
  // Tokens from a total cue ("total number of detentions to almost") to the figure it counts.
  static constexpr size_t kTotalReach = 6;
  static constexpr double kMaxTriggerCost = 9;  // farther quantity words do not count
  static constexpr int64_t kMinBareGroupCount = 100;  // see step 4
  // Largest gap between a claim and the next number for that number to borrow the claim's group.
  static constexpr uint32_t kMaxListGapBytes = 24;
  // Most words between a figure and the next item of a list by place ("60 человек в Краснодаре
  // и 48 в Перми": three).
  static constexpr size_t kMaxItemGapWords = 4;
  // Capitalised words of a place before the dash of an item ("в Нижнем Новгороде — 12").
  static constexpr size_t kMaxItemPlaceWords = 3;
  // Words of a complement between a list's first group and its comma ("soldiers of the Malian
  // army, four civilians and seven militants were killed").
  static constexpr size_t kMaxListComplementWords = 4;
  // Punctuation tokens between a source and the next figure for the source to be that
  // figure's («Фонтанки.ру» - полторы тысячи).
  static constexpr size_t kMaxSourceToNextFigure = 3;
  // Capitalised words between a number and an address word ("24 Linden Street").
  static constexpr size_t kMaxAddressWords = 3;
  static constexpr int64_t kMaxMagnitude = 10;  // an earthquake's magnitude, not its victims
  // Most words and commas between a figure and the first quantity word after it when no nearer
  // one is found: an apposition ("plus de 160 personnes, civils et membres du personnel de
  // sécurité, avaient été tuées": 9 words, 2 commas), not another clause ("26, checked in late
  // Thursday night, TMZ reports, barely dodging an arrest").
  static constexpr size_t kMaxFallbackWords = 13;
  static constexpr size_t kMaxFallbackCommas = 2;

  // Loads claim_quantities.tsv, claim_groups.tsv, claim_hedges.tsv, claim_cues.tsv,
  // claim_numbers.tsv and claim_attribution.tsv from every pack (docs/resources.md, "Claims").
  // Corrupt("path:line: ...") on a malformed row.
  static Result<std::unique_ptr<ClaimFinder>> Create(const lang::Resources& resources);
  ~ClaimFinder() override;

  std::string_view name() const override { return "claims"; }
  // Replaces doc.claims (sorted by span.begin) and adds warnings. Reads doc.zones, doc.times,
  // doc.entities, doc.published.
  void Run(Document& doc) const override;
  // The same, reading each sentence's tokens from `layer` where it has them (token_layer.h).
  void RunWithLayer(Document& doc, const TokenLayer& layer) const override;

  const NumberReader& numbers() const { return *numbers_; }

 private:
  // Run's body; `layer` may be null (every sentence tokenized here).
  void Find(Document& doc, const TokenLayer* layer) const;
  // Whether the group ending at tokens[group_end] is the subject of an active quantity verb
  // with an object: [active_aux] verb ["shot and"] then an object_start word or the next number
  // ("2 soldiers killed a shepherd", "Deux policiers ont tué un manifestant"), or an
  // active_verb right after the group, a form that is active by itself, with an object after it
  // ("Двое военных убили пастуха": Russian has no articles to see the object by; not "95
  // человек задержали в Новосибирске", impersonal): the number counts the killers, not the
  // killed. The passive ("were killed", "ont été tués") and a bare
  // participle ("2 soldiers killed in an ambush") keep the claim.
  bool GroupActsOnOthers(std::span<const WordToken> tokens, size_t group_end,
                         const std::vector<NumberRead>& numbers, size_t k) const;
  struct QuantityWord {
    Quantity quantity = Quantity::kKilled;
    bool noun = false;
    // A verb of coming ("arrived", "entered"): the people it counts came, so they are a
    // deployment only when they are forces ("the gunman entered the party of a dozen people").
    bool motion = false;
    // A noun of acts ("interpellations", "задержаний"): it counts arrests, not people, so it
    // never takes a neighbour's group ("62 policiers blessés, 81 interpellations").
    bool act = false;
    // A verb that governs only a number after it ("executed two of them"; "a professionally
    // executed boarding" after "three skiffs" is none).
    bool before_only = false;
    std::optional<Group> group;
  };
  struct GroupWord {
    Group group = Group::kUnspecified;
    std::optional<Quantity> quantity;
  };
  struct SentenceContext;
  ClaimFinder() = default;
  void FindInSentence(const Document& doc, SentenceContext& ctx,
                      std::vector<Claim>* claims, std::vector<Warning>* warnings) const;
  // Words between a `began` cue and the time expression it dates ("began in Jalal-Abad on").
  static constexpr size_t kMaxBeganGap = 5;
  // Words from a relative word to the verb it is the subject of ("who died", "who had died").
  static constexpr size_t kMaxRelativeToVerb = 3;
  // Tokens of an apposition between commas after a joined figure ("two men, believed to be
  // managers, underwent surgery").
  static constexpr size_t kMaxAppositionTokens = 12;
  // Tokens at a sentence's start where an `among_previous` cue may begin ("And among them").
  static constexpr size_t kAmongPreviousStart = 3;

  std::unique_ptr<NumberReader> numbers_;
  std::optional<AttributionCues> attribution_;
  PhraseTable quantities_;
  std::vector<QuantityWord> quantity_words_;
  PhraseTable groups_;
  std::vector<GroupWord> group_words_;
  PhraseTable hedges_before_, hedges_after_;
  std::vector<Approx> hedge_values_;
  PhraseTable total_, since_, began_, not_after_, not_before_, among_, partitive_, part_, range_open_,
      range_joiner_;
  // not_total: phrases ending in a total word that make no total of it ("больше всего": most).
  PhraseTable not_total_;
  PhraseTable objects_;  // counted_object: things counted, not people ("300 buildings")
  // "Two officers shot and killed a teenager": the group did the killing (GroupActsOnOthers).
  PhraseTable active_aux_, verb_joiner_, list_continues_, object_start_, active_verbs_;
  // A preposition right after an active_verb: no object follows ("95 человек задержали в
  // Новосибирске": the 95 were detained).
  PhraseTable no_object_start_;
  PhraseTable among_previous_;
  PhraseTable other_state_;   // "homeless", "missing", "évacués": none of the quantities
  PhraseTable clause_break_;  // "when", "quand": a later verb has another subject
  PhraseTable clause_continue_;  // "after being": a clause_break that keeps the subject
  PhraseTable address_;  // "street": "at 24 Linden Street" is an address, not a count
  PhraseTable address_next_;  // "rue": right after the number too ("au 24 rue des Tanneurs")
  PhraseTable magnitude_after_;  // "earthquake": after a number up to kMaxMagnitude
  PhraseTable intent_;   // "threatened to", "tried to": the quantity verb did not happen
  PhraseTable not_crowd_after_;  // "the court", "a meeting" right after a participants verb
  PhraseTable pronoun_before_;   // "the", "this": a spelled one after it is a pronoun
  // "charged with", "accusés d'avoir": before a quantity verb after the number, the number
  // counts the accused doers ("two men charged with killing a guard"), not the victims.
  PhraseTable accused_;
  PhraseTable agent_;    // "by", "par": "shot dead by two officers": the doers, not the victims
  // "que", "that", "которые": a relative clause starts; a quantity verb before it governs no
  // number after it. not_relative: phrases ending in such a word that start none ("ainsi que").
  PhraseTable relative_, not_relative_;
  // "who", "qui": a relative word that is the subject of the verb after it. A quantity verb a
  // word or two after such a word, or a `relative` one, is another noun's when the word is past
  // the number's own group ("2,507 members approved by the late ruler, who died in 2006").
  PhraseTable relative_subject_;
  PhraseTable part_of_;  // "of the", "des", "из": "two of the three victims died" counts two
  // "pour": right after a number, the words after it are whose estimate it is ("6 000 pour la
  // police"), not its group.
  PhraseTable source_before_;
  // "has risen to", "s'élève à", "выросло до": right before a number, the nearest quantity word
  // before it in the sentence names what the number counts, however far.
  PhraseTable toll_verb_;
  PhraseTable not_deployed_;  // "people", "человек": a group word that is never deployed
  // "in", "в", "à": after a bare number that follows a figure, opens the place of one item of a
  // list by place ("60 in Krasnodar and 48 in Perm").
  PhraseTable place_item_;
  std::vector<std::string> languages_;  // the packs' languages (lang::Resources::Reads)
  // Words whose dot ends no sentence (EventLexicon::LoadAbbreviations: folded, sorted).
  std::vector<std::string> abbreviations_;
  // Union of quantities_, total_, clause_break_ and relative_: FindInSentence's per-token scan
  // asks it first.
  FirstWordFilter scan_filter_;
  // The words a claim's quantity can come from: the first words of quantities_ and of the
  // groups_ phrases that imply a quantity ("protesters", "troops"). A sentence with no such word
  // (and no claim in the sentence before it, for `among_previous`) gives no claim (Run).
  PhraseTable quantity_groups_;  // only for quantity_filter_
  FirstWordFilter quantity_filter_;
};

}  // namespace sitrep::extract
