// EventLexicon: the compiled trigger and cue tables of the event stage (issue 4).
//
// Data, not code: resources/<lang>/event_triggers.tsv (pattern -> event type, with optional
// context constraints) and resources/<lang>/event_cues.tsv (negation and hypothetical cues,
// place prepositions, abbreviations that do not end a sentence), from every pack at once
// (docs/resources.md, "Events"). Patterns are sequences of words matched on folded word tokens
// (FoldEventWord: lower case, Latin accents dropped, ё -> е); a word may list alternatives with
// `|` and end in `*` to match as a stem ("задержа*" matches "задержали", "задержания").
//
// Thread safety: immutable after creation; every method is const and safe for concurrent use.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/tsv.h"
#include "extract/claim_words.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {

// One word token of a sentence as the event matcher sees it.
struct EventToken {
  uint32_t begin = 0;  // byte offsets into the tokenized text
  uint32_t end = 0;
  uint32_t clause = 0;  // index of the clause (split at , ; : parentheses and dashes)
  std::string_view folded;  // FoldEventWord of the token, in the buffer given to the tokenizer
  uint64_t hash = 0;    // WordHash(folded)
};

// Lower case (Unicode simple mapping), Latin accents dropped (é -> e, œ -> oe), ё -> е.
std::string FoldEventWord(std::string_view word);

// Splits `text` into word tokens (letters, digits, combining marks; apostrophes and hyphens
// separate words), at most `max_tokens`. Offsets are relative to `text` plus `base`. The folded
// words are written into `*folded` (its contents replaced): the tokens point into it, so keep
// it, unchanged, as long as they are used.
// REQUIRES: text is valid UTF-8.
std::vector<EventToken> TokenizeForEvents(std::string_view text, uint32_t base, size_t max_tokens,
                                          std::string* folded);
// The same into `*out`, replacing its contents: a scanner tokenizing sentence after sentence
// into one vector and one buffer allocates only for longer sentences.
void TokenizeForEventsInto(std::string_view text, uint32_t base, size_t max_tokens,
                           std::vector<EventToken>* out, std::string* folded);

// Buffers EventTokensFromWords reuses from call to call.
struct EventTokenScratch {
  std::vector<EventToken> tokens;
  std::string folded;
};

// The event tokens of `sentence` (absolute offsets into `text`, a document's text) derived from
// its claim tokens `words` (TokenizeWordsInto's for that sentence alone, absolute offsets): the
// tokens TokenizeForEventsInto(text.substr(sentence...), sentence.begin, max_tokens, ...) gives,
// into *out (replaced). Most words are one event token whose fold is the claim token's lower case
// (ASCII and basic Cyrillic: the view and hash are reused); the others go through the event
// tokenizer one word at a time, their folds copied into *folded. `words_complete`: `words` holds
// every claim token of the sentence (not cut by a cap). False, *out unspecified, when the
// derivation cannot be exact: a spacing mark (a letter to the events, punctuation to the claims),
// or `words` cut before max_tokens event tokens. `text` stays as it is while *out is used.
bool EventTokensFromWords(std::string_view text, ByteSpan sentence,
                          std::span<const WordToken> words, bool words_complete,
                          size_t max_tokens, std::vector<EventToken>* out, std::string* folded,
                          EventTokenScratch* scratch);

// One word of a pattern: alternatives, each exact or a stem (prefix).
struct WordPattern {
  struct Alt {
    std::string text;
    bool stem = false;
    uint64_t hash = 0;  // WordHash(text)
  };
  std::vector<Alt> alts;
  bool Matches(std::string_view folded) const;
  // The same for a token: its precomputed hash rejects most exact alternatives without a
  // string compare. REQUIRES: t.hash == WordHash(t.folded) (TokenizeForEvents sets it).
  bool Matches(const EventToken& t) const {
    for (const Alt& a : alts) {
      if (a.stem ? t.folded.starts_with(a.text)
                 : t.hash == a.hash && t.folded == a.text) {
        return true;
      }
    }
    return false;
  }
};

// A 12-bit hash of the first kStemKeyBytes (four) bytes at `p`, for the stem bit filters below.
inline uint64_t StemKey(const char* p) {
  static_assert(kStemKeyBytes == 4, "StemKey reads four bytes");
  uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return (uint64_t(w) * 0x9E3779B97F4A7C15ull) >> 52;
}

// A bit filter over a list of WordPatterns: MayMatch(t) is false only if no pattern of the list
// matches the token (a bit for the hash of every exact alternative, a bit for the first four
// bytes of every stem; a stem shorter than that lets every word through).
class WordFilter {
 public:
  void Add(const WordPattern& w) {
    for (const WordPattern::Alt& a : w.alts) {
      if (!a.stem) {
        Set(hash_bits_, a.hash >> 55);
      } else if (a.text.size() < kStemKeyBytes) {
        short_stem_ = true;
      } else {
        Set(stem_bits_, StemKey(a.text.data()) >> 3);
      }
    }
  }
  // REQUIRES: t.hash == WordHash(t.folded).
  bool MayMatch(const EventToken& t) const {
    if (Test(hash_bits_, t.hash >> 55)) return true;
    if (short_stem_) return true;
    if (t.folded.size() < kStemKeyBytes) return false;
    return Test(stem_bits_, StemKey(t.folded.data()) >> 3);
  }

 private:
  // 512 bits each: a context list has a few dozen words at most.
  static void Set(uint64_t* bits, uint64_t b) { bits[b >> 6] |= uint64_t(1) << (b & 63); }
  static bool Test(const uint64_t* bits, uint64_t b) { return (bits[b >> 6] >> (b & 63)) & 1; }
  uint64_t hash_bits_[8] = {};
  uint64_t stem_bits_[8] = {};
  bool short_stem_ = false;
};

// A set of word-sequence phrases, matched at a token position. Lookup cost depends on the first
// word only (bit tests on the word's hash and first four bytes, then a two-byte prefix filter,
// then WordIndex probes by exact word, with the token's precomputed hash, and by each distinct
// stem length), not on the set size.
class PhraseSet {
 public:
  // Adds a phrase ("état d'urgence", "задержа*", "hausse d*|de prix"). Returns false for a phrase
  // without any word. `id` is returned by Match.
  bool Add(std::string_view phrase, uint32_t id);
  // Ids and lengths (in tokens) of every phrase that matches at tokens[i], longest first, ties in
  // insertion order.
  struct Hit {
    uint32_t id = 0;
    uint32_t length = 0;
  };
  std::vector<Hit> Match(const std::vector<EventToken>& tokens, size_t i) const;
  // The same into `*hits` (cleared first), so a caller scanning a sentence reuses one buffer.
  void MatchInto(const std::vector<EventToken>& tokens, size_t i, std::vector<Hit>* hits) const {
    hits->clear();
    if (i >= tokens.size()) return;
    if (!MayStartWith(tokens[i])) return;
    MatchSlow(tokens, i, hits);
  }
  // False if no phrase starts with the word `t` (MatchInto at it gives no hit); true may be a
  // false positive. Inline, for the many tokens that start no phrase. A word of four bytes or
  // more first meets a bit of its first four bytes, set for every first word and stem of that
  // size (one test answers most words); then two bits of its hash for the exact first words and
  // a bit of its first four or six bytes for the stems (MayStartLongStem). A shorter word meets
  // the hash bits alone. Stems shorter than kStemKeyBytes, if any, are tested on the word's
  // first two bytes.
  bool MayStartWith(const EventToken& t) const {
    const std::string_view w = t.folded;
    const bool may = w.size() < kStemKeyBytes
                         ? MayBeExactFirst(t.hash)
                         : TestBit(prefix4_bits_, PrefixKey4(w.data())) &&
                               (MayBeExactFirst(t.hash) || MayStartLongStem(w));
    if (may) return true;
    if (!short_stem_) return false;
    return one_byte_stem_ || many_stem_lengths_ || stem_lengths_by_head_[HeadSlot(Head(w))] != 0;
  }
  bool empty() const { return phrases_.empty(); }

 private:
  void MatchSlow(const std::vector<EventToken>& tokens, size_t i, std::vector<Hit>* hits) const;
  struct Phrase {
    std::vector<WordPattern> words;
    uint32_t id = 0;
    uint32_t order = 0;
  };
  // Two-byte prefix filter: most words start no phrase, and this rejects them without hashing.
  static size_t Head(std::string_view w) {
    return w.empty() ? 0 : (size_t(uint8_t(w[0])) << 8) | (w.size() > 1 ? uint8_t(w[1]) : 0);
  }
  std::vector<Phrase> phrases_;
  WordIndex exact_first_;  // first word -> lists_ index
  WordIndex stem_first_;
  std::vector<std::vector<uint32_t>> lists_;  // phrases_ indexes in insertion order
  std::vector<size_t> stem_lengths_;  // distinct byte lengths of first-word stems
  std::vector<bool> heads_ = std::vector<bool>(size_t(1) << 16, false);
  bool one_byte_stem_ = false;  // a stem of one byte defeats the two-byte filter
  // Which stem lengths (bits: stem_lengths_ indexes, the first 64) have a stem starting with
  // the two bytes of a head, by a 12-bit hash of the head; a word is probed for those only.
  static size_t HeadSlot(size_t head) { return (head * 0x9E3779B1u >> 16) & 1023; }
  std::vector<uint64_t> stem_lengths_by_head_ = std::vector<uint64_t>(1024, 0);
  bool many_stem_lengths_ = false;  // more than 64: every length is probed
  // First-word bit filters of kFilterBits bits each (2 KB): a trigger set has a few hundred
  // first words, so a word that starts none passes with a chance of a few in a thousand. (The
  // 4096-bit filter of WordIndex let one word in seven through to MatchSlow.)
  static constexpr size_t kFilterBits = size_t(1) << 14;
  using Filter = std::array<uint64_t, kFilterBits / 64>;
  static void SetBit(Filter& f, uint64_t b) { f[b >> 6] |= uint64_t(1) << (b & 63); }
  static bool TestBit(const Filter& f, uint64_t b) { return (f[b >> 6] >> (b & 63)) & 1; }
  // Two 14-bit slices of a word hash: both bits set for every exact first word.
  bool MayBeExactFirst(uint64_t hash) const {
    return TestBit(exact_bits_, hash >> 50) && TestBit(exact_bits_, (hash >> 36) & (kFilterBits - 1));
  }
  // 14-bit keys of a word's first four and first six bytes.
  static uint64_t PrefixKey4(const char* p) {
    uint32_t w;
    std::memcpy(&w, p, sizeof w);
    return (uint64_t(w) * 0x9E3779B97F4A7C15ull) >> 50;
  }
  static uint64_t PrefixKey6(const char* p) {
    uint64_t w = 0;
    std::memcpy(&w, p, 6);
    return (w * 0xBF58476D1CE4E5B9ull) >> 50;
  }
  // False if no first-word stem starts `w`, when none is shorter than kStemKeyBytes: a stem of
  // four or five bytes sets the bit of its four bytes in stem4_bits_, a longer one the bit of its
  // first six in stem6_bits_ (a word it starts has those same first bytes).
  bool MayStartLongStem(std::string_view w) const {
    if (w.size() < kStemKeyBytes) return false;
    if (TestBit(stem4_bits_, PrefixKey4(w.data()))) return true;
    return w.size() >= 6 && TestBit(stem6_bits_, PrefixKey6(w.data()));
  }
  bool short_stem_ = false;  // a first-word stem shorter than kStemKeyBytes
  Filter prefix4_bits_{};  // PrefixKey4 of every first word and stem of kStemKeyBytes or more
  Filter exact_bits_{};  // MayBeExactFirst
  Filter stem4_bits_{};  // MayStartLongStem
  Filter stem6_bits_{};
};

// Parses one pattern word list ("hausse d*|de prix") into WordPatterns (folded). Empty if none.
std::vector<WordPattern> ParseWordPatterns(std::string_view phrase);

// What a trigger row says.
struct TriggerRule {
  std::optional<EventType> type;  // nullopt: "-", the phrase is not an event (blocks shorter ones)
  std::vector<WordPattern> near;      // at least one must occur within `window` tokens
  std::vector<WordPattern> not_near;  // none may occur within `window` tokens
  WordFilter near_filter;             // of `near`: most words are answered by a bit
  WordFilter not_near_filter;         // of `not_near`
  uint32_t window = 0;                // 0: the whole sentence
  std::string where;                  // "path:line" for messages
  // The pack the row came from ("fr"): a rule applies only to documents in its language, so a
  // French stem ("deploye*") does not fire on English text ("deployed software") past the
  // English row's own filters. Empty (rules built from tables outside a pack): every language.
  std::string lang;
};


class EventLexicon {
 public:
  // Reads event_triggers.tsv and event_cues.tsv from every pack (a pack without them adds
  // nothing). Corrupt("path:line: ...") on an unknown type, kind or context key, or an empty
  // pattern.
  static Result<std::unique_ptr<EventLexicon>> Create(const lang::Resources& resources);
  // From parsed tables (tests): any number of trigger and cue tables.
  static Result<std::unique_ptr<EventLexicon>> FromTables(
      const std::vector<base::TsvTable>& triggers, const std::vector<base::TsvTable>& cues);
  EventLexicon(const EventLexicon&) = delete;  // phrase indexes: share one instance
  EventLexicon& operator=(const EventLexicon&) = delete;

  const PhraseSet& triggers() const { return triggers_; }
  const TriggerRule& rule(uint32_t id) const { return rules_[id]; }
  // Whether some trigger row came from the pack of `lang` (TriggerRule::lang).
  bool HasPack(std::string_view lang) const {
    return std::find(packs_.begin(), packs_.end(), lang) != packs_.end();
  }
  // Negation and hypothetical cues; the hit id indexes cue_window() and cue_unless().
  const PhraseSet& suppressors() const { return suppressors_; }
  uint32_t cue_window(uint32_t id) const { return cue_windows_[id]; }
  // Words that, within kUnlessAfterWords tokens after the governed word, undo the cue (the
  // `unless_after` column: French "ne ... que" restricts, it does not negate). Empty: none.
  const std::vector<WordPattern>& cue_unless(uint32_t id) const { return cue_unless_[id]; }
  static constexpr size_t kUnlessAfterWords = 4;
  // `scope_end` words: a negation or hypothetical cue does not reach past one ("the summit was
  // canceled because of protests": the protests happened).
  const std::vector<WordPattern>& scope_ends() const { return scope_ends_; }
  const PhraseSet& place_preps() const { return place_preps_; }
  // Words that make the time expression right after them (or starting with them) no event date:
  // "jusqu'au 19 janvier", "until", "до".
  const PhraseSet& date_excludes() const { return date_excludes_; }
  bool IsAbbreviation(std::string_view folded) const;
  // The `abbreviation` words of every pack's event_cues.tsv, folded (FoldEventWord, no final
  // dot) and sorted: the claims' sentence splitter reads them too.
  static Result<std::vector<std::string>> LoadAbbreviations(const lang::Resources& resources);
  size_t trigger_count() const { return rules_.size(); }

 private:
  EventLexicon() = default;
  PhraseSet triggers_;
  std::vector<TriggerRule> rules_;
  std::vector<std::string> packs_;  // the TriggerRule::lang values, each once
  PhraseSet suppressors_;
  std::vector<uint32_t> cue_windows_;
  std::vector<std::vector<WordPattern>> cue_unless_;  // by cue id, parallel to cue_windows_
  std::vector<WordPattern> scope_ends_;
  PhraseSet place_preps_;
  PhraseSet date_excludes_;
  std::vector<std::string> abbreviations_;  // sorted
};

}  // namespace sitrep::extract
