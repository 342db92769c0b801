// NumberReader: reads a count as people write it, starting at a word token (issue 4).
//
//   digits with thousands groups   "12 000" (space, NBSP, NNBSP), "12,000", "1.000", "1'000"
//   digits times a multiplier      "3 millions", "1,5 million", "12 тыс.", "2 thousand"
//   spelled-out numbers            "deux cents", "douze mille", "vingt-cinq", "three hundred",
//                                  "двухсот" - through ICU's rule-based spell-out format
//                                  (icu::RuleBasedNumberFormat, URBNF_SPELLOUT, lenient parse)
//   words ICU does not spell       "тысяча", "a hundred" (claim_numbers.tsv, kind exact)
//   vague amounts                  "une douzaine", "des dizaines", "hundreds", "несколько сотен"
//                                  -> a range and an approx from claim_numbers.tsv (kind vague)
//   ranges                         "10-15", "10–15" -> {10, 15}
//   machine-translation artefacts  "XNUMX" -> masked_number; "3 26" (a group that cannot be a
//                                  thousands group) -> garbled_number; both with a null value.
// Which words are spelled numbers is learnt at Create() by formatting 0..1000 and round
// thousands with every public cardinal rule set of each pack's locale; only runs of those words
// are handed to ICU, and the parse must consume the whole run.
//
// Thread safety: immutable after Create() but for a memo of ICU parse results; ReadAt() is const
// and safe for concurrent use (the ICU parsers and the memo are guarded by a mutex: lenient RBNF
// parsing builds a collator lazily).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/tsv.h"
#include "extract/claim_words.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class RuleBasedNumberFormat;
U_NAMESPACE_END

namespace sitrep::extract {

// One number read at a token.
struct NumberRead {
  size_t first_token = 0;  // tokens[first_token, end_token) were consumed
  size_t end_token = 0;
  ByteSpan span;           // bytes (same base as the tokens)
  std::optional<ValueRange> value;     // null for artefacts
  std::optional<Approx> approx;        // set by vague words ("des dizaines" -> about)
  std::optional<Artifact> artifact;
  bool integer = true;     // false: "1,5" without a multiplier (not a count)
  bool year_like = false;  // four plain digits 1800..2100
  bool spelled = false;    // words, not digits
};

class NumberReader {
 public:
  static constexpr size_t kMaxSpelledWords = 8;
  static constexpr int64_t kMaxValue = int64_t(1) << 50;

  // Reads claim_numbers.tsv (kind, phrase, min, max, approx) from every pack and builds the
  // spell-out vocabulary for each pack's language. Corrupt("path:line: ...") on a bad row;
  // Internal if ICU cannot build a spell-out format for a pack's language.
  static Result<std::unique_ptr<NumberReader>> Create(const lang::Resources& resources);
  // Same from parsed tables and locale names ("fr", "en", "ru") (tests).
  static Result<std::unique_ptr<NumberReader>> FromTables(
      const std::vector<base::TsvTable>& tables, const std::vector<std::string>& locales);
  ~NumberReader();
  NumberReader(const NumberReader&) = delete;  // owns ICU formatters; share one instance
  NumberReader& operator=(const NumberReader&) = delete;

  // The number starting at tokens[i] of `text` (tokens from TokenizeWords(text, base, ...)), or
  // nullopt when tokens[i] does not start one.
  // `after_hedge`: a hedge precedes, so a word that is both an exact number and a vague amount
  // reads as the number ("более тысячи" = more than a thousand; "тысячи" alone = thousands).
  std::optional<NumberRead> ReadAt(std::string_view text, uint32_t base,
                                   std::span<const WordToken> tokens, size_t i,
                                   bool after_hedge = false) const;
  // False if ReadAt(..., tokens, i) is certainly nullopt for t = tokens[i]: not a word, or a
  // word with no digit first, no phrase of claim_numbers.tsv, no spell-out word, no "XNUMX".
  // A few bit tests, so a caller can skip most words without calling ReadAt.
  bool MayStartAt(const WordToken& t) const {
    if (!t.word) return false;
    char first = t.lower[0];
    return (first >= '0' && first <= '9') || start_filter_.MayStartWith(t) ||
           (t.lower.size() >= 5 && t.lower.find("xnumx") != std::string::npos);
  }
  // Convenience for tests: the number starting at the first token of `s`.
  std::optional<NumberRead> Read(std::string_view s) const;

 private:
  struct Spell {
    std::string locale;
    std::unique_ptr<icu::RuleBasedNumberFormat> format;
  };
  struct Word {  // a phrase row of claim_numbers.tsv
    int64_t min = 0, max = 0;
    Approx approx = Approx::kExact;
  };
  NumberReader() = default;
  std::optional<int64_t> ParseSpelled(std::string_view run, uint64_t locale_mask) const;
  // Multiplier phrase at tokens[i]: its factor and length.
  std::optional<std::pair<int64_t, size_t>> Multiplier(std::span<const WordToken> tokens,
                                                       size_t i) const;

  PhraseTable vague_;        // vague words -> words_ index
  PhraseTable exact_;        // exact words -> words_ index
  PhraseTable multipliers_;  // -> multiplier_values_ index
  std::vector<Word> words_;
  std::vector<int64_t> multiplier_values_;
  std::vector<Spell> spell_;
  // Spelled vocabulary: lower-case word -> vocabulary_masks_ index (bit mask of spell_ indexes).
  WordIndex vocabulary_;
  std::vector<uint64_t> vocabulary_masks_;
  // Words written inside a spelled-out number that the spell-out rules leave out ("four
  // hundred and thirteen"): claim_numbers.tsv `joiner`, dropped before the run is parsed.
  WordIndex joiners_;
  FirstWordFilter start_filter_;  // vague_, exact_ and vocabulary_ (MayStartAt)
  // Whole formatted strings ("deux cents") -> formatted_values_ index, so common numbers skip
  // ICU parsing.
  WordIndex formatted_;
  std::vector<int64_t> formatted_values_;
  mutable std::mutex parse_mu_;
  // ParseSpelled results by run and locale mask, guarded by parse_mu_ (emptied when full).
  static constexpr size_t kMaxParsedRuns = 4096;
  mutable std::unordered_map<std::string, std::optional<int64_t>> parsed_;
};

}  // namespace sitrep::extract
