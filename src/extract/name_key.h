// Name variant keys: one key for every spelling and script of a name (issue 3, DESIGN-NOTES 4).
//
// A name is turned into lower-case ASCII one code point at a time (tables built once from ICU:
// "Russian-Latin/BGN" for Cyrillic, "Latin-ASCII" for Latin), then rewritten by the folding rules
// of resources/common/name_folding.tsv (zh/j one class, French ou -> u, y/i one vowel, double
// letters...). Tokayev, Tokaïev and Токаев all give the key "tokaev"; Kassym-Jomart and
// Kassym-Zhomart give "kasimjomart"; Nur-Sultan, Noursoultan and Нур-Султан give "nursultan".
// Keys are compared, never shown. Merging two different keys goes through SameNameKey(): same
// consonant skeleton and an edit similarity at or above a threshold (a false merge is worse
// than a miss, so the threshold is high).
//
// Thread safety: a NameFolder is immutable after creation; every method is const and safe for
// concurrent use. The free functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/tsv.h"
#include "lang/resources.h"
#include "sitrep/status.h"

namespace sitrep::extract {

// One word of text, as the name finders see it.
struct NameToken {
  uint32_t begin = 0;  // byte offsets into the tokenized text
  uint32_t end = 0;
  bool upper_initial = false;   // first letter is upper case ("Tokaïev", "OTSC")
  bool all_caps = false;        // at least two letters, all upper case ("OTSC", "ОДКБ")
  bool hyphen_before = false;   // glued to the previous token by a hyphen ("Nur-Sultan")
  bool sentence_start = false;  // first word of the text, or after . ! ? : or a line break
  bool cyrillic = false;        // holds a Cyrillic letter
  bool has_digit = false;
  std::string ascii;            // lower-case ASCII transliteration, before folding rules
};

// Where a word token is, without its description (NameFolder::SplitWords).
struct WordBounds {
  uint32_t begin = 0, end = 0;
  bool sentence_start = false;
  bool hyphen_before = false;
};

class NameFolder {
 public:
  // Reads resources/common/name_folding.tsv. Corrupt("path:line: ...") on a bad row.
  static Result<std::unique_ptr<NameFolder>> Create(const lang::Resources& resources);
  // From an already parsed table (tests, tools).
  static Result<std::unique_ptr<NameFolder>> FromTable(const base::TsvTable& table);

  NameFolder(const NameFolder&) = delete;  // holds large tables: share it, do not copy it
  NameFolder& operator=(const NameFolder&) = delete;

  // Appends the lower-case ASCII form of `word` (letters and digits only; code points outside
  // the Latin and Cyrillic blocks are appended unchanged, so they never match a Latin key).
  void AppendAscii(std::string_view word, std::string* out) const;
  // The variant key of an ASCII string (tokens already joined without separators).
  std::string FoldAscii(std::string_view ascii) const;
  // The same into `out` (replaced), reusing its capacity.
  void FoldAsciiInto(std::string_view ascii, std::string* out) const;
  // Whether FoldAscii(left + right) is certain to equal left_key + right_key, where left_key =
  // FoldAscii(left) and right_key = FoldAscii(right): no rule can match across the join, no
  // anchored rule matches at the start of `right`, and no post step sees both sides (the first
  // and last letters of a key are those of the rule output: post steps never drop them). False
  // only means "fold the joined string": callers building n-gram keys append word keys instead
  // of folding every n-gram (issue 3, item 4).
  // Inline for the common case (no rule can touch the join); the rest in JoinsCleanlySlow.
  bool JoinsCleanly(std::string_view left, std::string_view left_key, std::string_view right,
                    std::string_view right_key) const {
    if (left.empty() || right.empty() || left_key.empty() || right_key.empty()) return false;
    const unsigned char last = static_cast<unsigned char>(left.back());
    const unsigned char first = static_cast<unsigned char>(right.front());
    if ((last < 128 && inner_byte_[last]) || (first < 128 && anchored_first_[first])) {
      return JoinsCleanlySlow(left, left_key, right, right_key);
    }
    return PostStepsJoin(left_key.back(), right_key.front());
  }
  // The key of a written name: "Kassym-Zhomart" -> "kasimjomart", "Нур-Султан" -> "nursultan".
  std::string Key(std::string_view name) const;
  // Per-word keys joined by '-', for entity ids: "Kassym-Jomart Tokaïev" -> "kasim-jomart-tokaev".
  std::string IdKey(std::string_view name) const;
  // Splits `text` into word tokens (letters, digits and combining marks), at most `max_tokens`.
  // Tokens longer than `max_token_bytes` are kept but get an empty `ascii` (never a name).
  std::vector<NameToken> Tokenize(std::string_view text, size_t max_tokens,
                                  size_t max_token_bytes = 64) const;
  // The two halves of Tokenize, for callers that describe each distinct word once (the entity
  // scanner caches words per thread): the token boundaries with their positional flags, and
  // the fields of a token that depend on its bytes only (upper_initial, all_caps, cyrillic,
  // has_digit, and ascii when word.size() <= max_token_bytes).
  std::vector<WordBounds> SplitWords(std::string_view text, size_t max_tokens) const;
  // The same into `out` (replaced), reusing its capacity.
  void SplitWordsInto(std::string_view text, size_t max_tokens, std::vector<WordBounds>* out) const;
  void DescribeWord(std::string_view word, size_t max_token_bytes, NameToken* t) const;
  // A fingerprint of the rules (first 16 hex digits of SHA-256 over the rule rows): compiled
  // gazetteers record it and are rejected when the rules changed.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  NameFolder() = default;
  struct Rule {
    std::string from, to;
    bool anchored = false;  // only at position 0
  };
  enum class Post { kDropGlide, kCollapseDoubles };

  // ASCII forms of U+0080..U+052F and U+1E00..U+1EFF; entry `kUnmapped` = keep as is.
  std::vector<std::string> low_table_;   // index cp - 0x80
  std::vector<std::string> ext_table_;   // index cp - 0x1E00
  std::vector<bool> low_mapped_, ext_mapped_;
  // Character classes of U+0000..U+052F (kWord, kUpper, kLetter bits), from ICU once: the
  // tokenizer asks for every code point of every document.
  std::vector<uint8_t> low_class_;
  uint8_t Class(char32_t cp) const;
  std::array<std::vector<Rule>, 128> rules_by_first_{};  // longest `from` first
  std::vector<Post> post_;
  size_t max_expansion_ = 1;  // output bytes per input byte, at most (rule "x" -> "ks": 2)
  // Per first byte of a rule: whether an anchored rule starts so.
  std::array<bool, 128> anchored_first_{};
  // Bytes found in some rule's `from` before its last byte (JoinsCleanly's first test), and
  // which post steps run (JoinsCleanly's last test).
  std::array<bool, 128> inner_byte_{};
  // Every way a rule's `from` can straddle a join: its first k bytes end `left` (k >= 1) and
  // the rest start `right`; by the last byte of that prefix. Anchored rules only when `left`
  // is that prefix alone.
  struct Straddle {
    std::string left_part, right_part;
    bool anchored = false;
  };
  std::array<std::vector<Straddle>, 128> straddles_by_last_{};
  bool collapse_doubles_ = false, drop_glide_ = false;
  // JoinsCleanly in full, and its last test: whether the post steps leave the letters `a`
  // (last of left_key) and `b` (first of right_key) alone.
  bool JoinsCleanlySlow(std::string_view left, std::string_view left_key, std::string_view right,
                        std::string_view right_key) const;
  bool PostStepsJoin(char a, char b) const {
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    if (collapse_doubles_ && a == b) return false;
    if (drop_glide_ && ((a == 'i' && vowel(b)) || (b == 'i' && vowel(a)))) return false;
    return true;
  }
  std::string fingerprint_;
};

// The consonants of a key, repeats collapsed: "tokaev" -> "tkv". Blocks candidate merges.
std::string Skeleton(std::string_view key);
// 1 - Levenshtein(a, b) / max(|a|, |b|), in [0, 1]; 1 for two empty strings. Strings longer
// than 64 bytes compare by equality only (bounded time on hostile input).
double EditSimilarity(std::string_view a, std::string_view b);
// Whether two keys name the same thing: equal, or the same skeleton and
// EditSimilarity >= min_similarity.
bool SameNameKey(std::string_view a, std::string_view b, double min_similarity);

}  // namespace sitrep::extract
