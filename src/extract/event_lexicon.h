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

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/tsv.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {

// One word token of a sentence as the event matcher sees it.
struct EventToken {
  uint32_t begin = 0;  // byte offsets into the tokenized text
  uint32_t end = 0;
  uint32_t clause = 0;  // index of the clause (split at , ; : parentheses and dashes)
  std::string folded;   // FoldEventWord of the token
};

// Lower case (Unicode simple mapping), Latin accents dropped (é -> e, œ -> oe), ё -> е.
std::string FoldEventWord(std::string_view word);

// Splits `text` into word tokens (letters, digits, combining marks; apostrophes and hyphens
// separate words), at most `max_tokens`. Offsets are relative to `text` plus `base`.
// REQUIRES: text is valid UTF-8.
std::vector<EventToken> TokenizeForEvents(std::string_view text, uint32_t base, size_t max_tokens);

// One word of a pattern: alternatives, each exact or a stem (prefix).
struct WordPattern {
  struct Alt {
    std::string text;
    bool stem = false;
  };
  std::vector<Alt> alts;
  bool Matches(std::string_view folded) const;
};

// A set of word-sequence phrases, matched at a token position. Lookup cost depends on the first
// word only (hash lookups by exact word and by each distinct stem length), not on the set size.
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
  bool empty() const { return phrases_.empty(); }

 private:
  struct Phrase {
    std::vector<WordPattern> words;
    uint32_t id = 0;
    uint32_t order = 0;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>>;
  // Two-byte prefix filter: most words start no phrase, and this rejects them without hashing.
  static size_t Head(std::string_view w) {
    return w.empty() ? 0 : (size_t(uint8_t(w[0])) << 8) | (w.size() > 1 ? uint8_t(w[1]) : 0);
  }
  std::vector<Phrase> phrases_;
  Index exact_first_;  // first word -> phrases_ index
  Index stem_first_;
  std::vector<size_t> stem_lengths_;  // distinct byte lengths of first-word stems
  std::vector<bool> heads_ = std::vector<bool>(size_t(1) << 16, false);
  bool one_byte_stem_ = false;  // a stem of one byte defeats the two-byte filter
};

// Parses one pattern word list ("hausse d*|de prix") into WordPatterns (folded). Empty if none.
std::vector<WordPattern> ParseWordPatterns(std::string_view phrase);

// What a trigger row says.
struct TriggerRule {
  std::optional<EventType> type;  // nullopt: "-", the phrase is not an event (blocks shorter ones)
  std::vector<WordPattern> near;      // at least one must occur within `window` tokens
  std::vector<WordPattern> not_near;  // none may occur within `window` tokens
  uint32_t window = 0;                // 0: the whole sentence
  std::string where;                  // "path:line" for messages
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
  // Negation and hypothetical cues; the hit id indexes cue_window().
  const PhraseSet& suppressors() const { return suppressors_; }
  uint32_t cue_window(uint32_t id) const { return cue_windows_[id]; }
  const PhraseSet& place_preps() const { return place_preps_; }
  // Words that make the time expression right after them (or starting with them) no event date:
  // "jusqu'au 19 janvier", "until", "до".
  const PhraseSet& date_excludes() const { return date_excludes_; }
  bool IsAbbreviation(std::string_view folded) const;
  size_t trigger_count() const { return rules_.size(); }

 private:
  EventLexicon() = default;
  PhraseSet triggers_;
  std::vector<TriggerRule> rules_;
  PhraseSet suppressors_;
  std::vector<uint32_t> cue_windows_;
  PhraseSet place_preps_;
  PhraseSet date_excludes_;
  std::vector<std::string> abbreviations_;  // sorted
};

}  // namespace sitrep::extract
