// Word tokens and phrase tables for the claim and attribution finders (issue 4).
//
// TokenizeWords splits a sentence into tokens: words (letters, digits and marks, with inner
// hyphens: "vingt-cinq", "45-й", "10-15"), elided French prefixes as their own word ("d'",
// "qu'", "jusqu'"), and single punctuation or symbol characters ("," "%" "+" "$"). Every token
// carries its byte span and a lower-cased form (Unicode simple mapping, ’ -> ', ё -> е).
//
// PhraseTable matches word sequences from the resource tables on those lower-cased forms; a
// phrase whose last word ends in `*` matches any word starting with it ("погиб*" matches
// "погибли", "погибших"). Lookup cost depends on the first word only: each token carries the
// WordHash of its lower-cased form, computed once by the tokenizer, and every table is a flat
// open-addressing WordIndex probed with it (the words are compared on a hash hit), so a token
// that starts no phrase costs one probe per table and no allocation (issue 4, 20 MB/s goal).
//
// Thread safety: tokens are values; a PhraseTable is immutable after loading and safe for
// concurrent use.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::extract {

// A 64-bit hash of a word's bytes (not cryptographic; the key of WordIndex).
// WordHash of a word of n bytes, 1 <= n <= 8, already loaded little-endian into w (the bytes past
// n zero): the events tokenizer hashes short words from a register.
inline uint64_t WordHashOfShort(uint64_t w, size_t n) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x2545F4914F6CDD1Dull ^ (uint64_t(n) * kMul);
  h = (h ^ w) * kMul;
  if (n == 8) h ^= h >> 32;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

// WordHash of p[0, n) for n > 8 (and n == 0): eight-byte steps, then the tail. `kPadded`: the
// bytes from p[n] up to the next multiple of eight are readable and zero, so the tail is one
// eight-byte load instead of a memcpy of n bytes.
template <bool kPadded>
inline uint64_t WordHashOfLong(const char* p, size_t n) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x2545F4914F6CDD1Dull ^ (uint64_t(n) * kMul);
  uint64_t w;
  while (n >= 8) {
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    w = 0;
    std::memcpy(&w, p, kPadded ? 8 : n);
    h = (h ^ w) * kMul;
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

// WordHash of p[0, n) for n >= 1 when p[n] up to the next multiple of eight bytes are readable
// and zero: whole eight-byte loads, no memcpy call (the claim tokenizer's lower-case buffer).
inline uint64_t WordHashOfPadded(const char* p, size_t n) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if (n <= 8) return WordHashOfShort(w, n);
  return WordHashOfLong<true>(p, n);
}

inline uint64_t WordHash(std::string_view s) {
  if (!s.empty() && s.size() <= 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data(), s.size());
    return WordHashOfShort(w, s.size());
  }
  return WordHashOfLong<false>(s.data(), s.size());
}

// Stems of one word are indexed by their first kStemKeyBytes bytes (PhraseTable).
inline constexpr size_t kStemKeyBytes = 4;

struct WordToken {
  uint32_t begin = 0;  // absolute byte offsets (text offset + base)
  uint32_t end = 0;
  std::string_view lower;  // lower-cased surface, in the tokenizer's buffer (TokenizeWordsInto)
  uint64_t hash = 0;   // WordHash(lower)
  uint64_t prefix_hash = 0;  // WordHash of the first kStemKeyBytes bytes of lower; 0 if shorter
  bool word = false;   // letters/digits (false: one punctuation or symbol character)
  bool digits = false; // only ASCII digits
  bool upper = false;  // starts with an upper-case letter
};

// Lower case with the folds above. REQUIRES: valid UTF-8.
std::string LowerWord(std::string_view s);

// Tokens of `text` (valid UTF-8) into `*out`, replacing its contents; offsets are relative to
// `text` plus `base`. Spaces are dropped. At most `max_tokens` tokens. The tokens' lower-cased
// forms are written to `*lower_buffer` (its contents replaced too) and `lower` views them: they
// are valid until the buffer changes or is destroyed. A finder tokenizing sentence after
// sentence into one vector and one buffer allocates only when a sentence is longer than any
// before.
void TokenizeWordsInto(std::string_view text, uint32_t base, size_t max_tokens,
                       std::vector<WordToken>* out, std::string* lower_buffer);
// Tokens that hold their own lower-case buffer (TokenizeWords). Moving keeps the views valid
// (the buffer is never short enough for the small-string optimisation); copying does not.
struct Words {
  Words() = default;
  Words(Words&&) = default;
  Words& operator=(Words&&) = default;
  Words(const Words&) = delete;
  Words& operator=(const Words&) = delete;
  std::vector<WordToken> tokens;
  std::string lower;  // what tokens[i].lower views
};
Words TokenizeWords(std::string_view text, uint32_t base, size_t max_tokens);

// Open-addressing map from words to uint32_t values, probed with a precomputed WordHash; the
// word itself is compared on a hash hit, so collisions cost time, never a wrong answer.
// Thread safety: Find is const and safe for concurrent use once insertion is over.
class WordIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  // The value of `word`, inserting `value` first if the word is absent.
  uint32_t Insert(std::string_view word, uint32_t value);
  // REQUIRES: hash == WordHash(word). The value of `word`, or kNone.
  // False if no word with this hash was inserted (true may be a false positive).
  bool MayContain(uint64_t hash) const { return (filter_[hash >> 58] >> ((hash >> 52) & 63)) & 1; }
  uint32_t Find(std::string_view word, uint64_t hash) const {
    // Most tokens are in no table: a one-bit-per-hash filter answers them in one load.
    if (!MayContain(hash)) return kNone;
    size_t mask = slots_.size() - 1;
    for (size_t i = size_t(hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (s.hash == hash && keys_[s.key] == word) return s.value;
    }
  }
  uint32_t Find(std::string_view word) const { return Find(word, WordHash(word)); }
  bool empty() const { return keys_.empty(); }
  size_t size() const { return keys_.size(); }
  // ORs this index's one-bit-per-hash filter into `filter` (a FirstWordFilter).
  void AddFilterTo(uint64_t (&filter)[64]) const {
    for (size_t k = 0; k < 64; ++k) filter[k] |= filter_[k];
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t key = 0;  // keys_ index
    uint32_t value = kNone;
  };
  std::vector<Slot> slots_;  // size a power of two, at most half full
  std::vector<std::string> keys_;
  uint64_t filter_[64] = {};  // bit (hash >> 52) set for every key's hash
};

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
  Hit Match(std::span<const WordToken> tokens, size_t i) const {
    if (i >= tokens.size()) return Hit();
    // Inline answer for the many tokens that start no phrase of this table.
    if (!MayStartWith(tokens[i])) return Hit();
    return MatchSlow(tokens, i);
  }
  // False if no phrase of this table starts with the word `t` (Match at it gives length 0);
  // true may be a false positive. One or two bit tests.
  bool MayStartWith(const WordToken& t) const {
    return !short_stems_.empty() || by_first_.MayContain(t.hash) ||
           (t.lower.size() >= kStemKeyBytes && stem_by_key_.MayContain(t.prefix_hash));
  }
  // True if a phrase of exactly `length` tokens ends at tokens[end - 1]; sets *id.
  bool MatchEndingAt(std::span<const WordToken> tokens, size_t end, uint32_t length,
                     uint32_t* id) const {
    if (length == 0 || end < length || end > tokens.size()) return false;
    if (!MayStartWith(tokens[end - length])) return false;  // inline answer, as in Match
    return MatchEndingAtSlow(tokens, end, length, id);
  }
  bool empty() const { return phrases_.empty(); }
  size_t size() const { return phrases_.size(); }

 private:
  friend class FirstWordFilter;
  struct Phrase {
    std::vector<std::string> words;
    std::vector<uint64_t> hashes;  // WordHash of each word: compared before the words
    bool stem = false;  // last word is a prefix
    uint32_t id = 0;
  };
  // Whether p matches at tokens[i], its words before `from` taken as matching (a by_first_
  // list's phrases all start with the word found there: from = 1).
  bool Matches(const Phrase& p, std::span<const WordToken> tokens, size_t i,
               size_t from = 0) const;
  Hit MatchSlow(std::span<const WordToken> tokens, size_t i) const;
  bool MatchEndingAtSlow(std::span<const WordToken> tokens, size_t end, uint32_t length,
                         uint32_t* id) const;
  std::vector<Phrase> phrases_;
  WordIndex by_first_;  // exact first word -> lists_ index
  // One-word stems by their first kStemKeyBytes bytes -> lists_ index; shorter stems in
  // short_stems_.
  WordIndex stem_by_key_;
  std::vector<std::vector<uint32_t>> lists_;  // phrases_ indexes in insertion order
  // Per lists_ entry, bit (WordHash >> 58) of the second word of each of its phrases (MatchSlow
  // skips a by_first_ list whose bit for the next token is clear: "a" starts a dozen phrases
  // and most "a" tokens are followed by none of their second words); all bits when a phrase of
  // the list has one word or a stem for its second, which this cannot rule out.
  std::vector<uint64_t> second_bits_;
  std::vector<uint32_t> short_stems_;
};

// The union of the MayStartWith filters of several PhraseTables and the MayContain filters of
// several WordIndexes: false if no phrase of those tables starts with the word `t` and no index
// holds it, so a scan that asks each of them at every token asks this once and most tokens
// stop there. True may be a false positive. Thread safety: immutable once built.
class FirstWordFilter {
 public:
  void Add(const PhraseTable& table) {
    table.by_first_.AddFilterTo(words_);
    table.stem_by_key_.AddFilterTo(stems_);
    any_short_stem_ = any_short_stem_ || !table.short_stems_.empty();
  }
  void Add(const WordIndex& index) { index.AddFilterTo(words_); }
  bool MayStartWith(const WordToken& t) const {
    return any_short_stem_ || Test(words_, t.hash) ||
           (t.lower.size() >= kStemKeyBytes && Test(stems_, t.prefix_hash));
  }

 private:
  // The bit WordIndex::MayContain tests.
  static bool Test(const uint64_t (&filter)[64], uint64_t hash) {
    return (filter[hash >> 58] >> ((hash >> 52) & 63)) & 1;
  }
  uint64_t words_[64] = {};
  uint64_t stems_[64] = {};
  bool any_short_stem_ = false;
};

// Splits text into sentences: a line break always ends one; ". ! ? …" end one when followed
// by a space and then an upper-case letter, a digit, a quote or a dash, unless the word before
// the dot is a single letter ("M.", "J.") or one `is_abbreviation` accepts ("Dr.", "Jan.").
// Sentences longer than `max_bytes` are cut at a space. Returns absolute spans (offset `base`),
// trimmed, non-empty.
struct SentenceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};
std::vector<SentenceSpan> SplitSentences(
    std::string_view text, uint32_t base, size_t max_bytes = 2000,
    const std::function<bool(std::string_view word)>& is_abbreviation = nullptr);

}  // namespace sitrep::extract
