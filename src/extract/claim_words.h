// Word tokens and phrase tables for the claim and attribution finders (issue 4).
//
// TokenizeWords splits a sentence into tokens: words (letters, digits and marks, with inner
// hyphens: "vingt-cinq", "45-й", "10-15"), elided French prefixes as their own word ("d'",
// "qu'", "jusqu'"), and single punctuation or symbol characters ("," "%" "+" "$"). Every token
// carries its byte span and a lower-cased form (Unicode simple mapping, ’ -> ', ё -> е).
//
// PhraseTable matches word sequences from the resource tables on those lower-cased forms; a
// phrase whose last word ends in `*` matches any word starting with it ("погиб*" matches
// "погибли", "погибших"). Lookup cost depends on the first word only.
//
// Thread safety: tokens are values; a PhraseTable is immutable after loading and safe for
// concurrent use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sitrep::extract {

struct WordToken {
  uint32_t begin = 0;  // absolute byte offsets (text offset + base)
  uint32_t end = 0;
  std::string lower;   // lower-cased surface
  bool word = false;   // letters/digits (false: one punctuation or symbol character)
  bool digits = false; // only ASCII digits
  bool upper = false;  // starts with an upper-case letter
};

// Lower case with the folds above. REQUIRES: valid UTF-8.
std::string LowerWord(std::string_view s);

// Tokens of `text` (valid UTF-8); offsets are relative to `text` plus `base`. Spaces are
// dropped. At most `max_tokens` tokens.
std::vector<WordToken> TokenizeWords(std::string_view text, uint32_t base, size_t max_tokens);

class PhraseTable {
 public:
  struct Hit {
    uint32_t id = 0;      // the value given to Add
    uint32_t length = 0;  // tokens matched; 0 = no match
  };
  // Adds a phrase (words separated by spaces; "d'une" is two words as in text). Returns false
  // if the phrase has no word.
  bool Add(std::string_view phrase, uint32_t id);
  // The longest phrase matching at tokens[i] (ties: first added), or length 0.
  Hit Match(const std::vector<WordToken>& tokens, size_t i) const;
  // True if a phrase of exactly `length` tokens ends at tokens[end - 1]; sets *id.
  bool MatchEndingAt(const std::vector<WordToken>& tokens, size_t end, uint32_t length,
                     uint32_t* id) const;
  bool empty() const { return phrases_.empty(); }
  size_t size() const { return phrases_.size(); }

 private:
  struct Phrase {
    std::vector<std::string> words;
    bool stem = false;  // last word is a prefix
    uint32_t id = 0;
  };
  bool Matches(const Phrase& p, const std::vector<WordToken>& tokens, size_t i) const;
  std::vector<Phrase> phrases_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_;  // exact first word
  // One-word stems by their first kStemKeyBytes bytes; shorter stems in short_stems_.
  static constexpr size_t kStemKeyBytes = 4;
  std::unordered_map<std::string, std::vector<uint32_t>> stem_by_key_;
  std::vector<uint32_t> short_stems_;
};

// Splits text into sentences: a line break always ends one; ". ! ? …" end one when followed
// by a space and then an upper-case letter, a digit, a quote or a dash, unless the word before
// the dot is a single letter ("M.", "J.") . Sentences longer than `max_bytes` are cut at a
// space. Returns absolute spans (offset `base`), trimmed, non-empty.
struct SentenceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};
std::vector<SentenceSpan> SplitSentences(std::string_view text, uint32_t base,
                                         size_t max_bytes = 2000);

}  // namespace sitrep::extract
