// TokenLayer: a document's word tokens, tokenized once and read by every stage that would
// tokenize the same sentences the same way (docs/TOKEN-LAYER.md, steps 1 and 2).
//
// The claim finder splits every sentence of every zone into WordTokens with TokenizeWordsInto,
// and the event finder did the same for its attribution, besides its own event tokens. The layer
// runs that tokenizer once per zone (every zone but boilerplate) before the stages and hands a
// sentence its tokens as a range in place: the claims read it, the event finder derives its
// event tokens from it (EventTokensFromWords) and gives it to the attribution.
//
// Exactness. A sentence's tokens from the layer are those TokenizeWordsInto gives for the
// sentence alone, because the tokenizer reads no character before a token and, after one, only
// the character that decides whether an apostrophe or a hyphen joins (a word character, which
// would put the token across the sentence's end). So the range is handed out only when no token
// crosses either edge of the sentence and the zone was tokenized whole; otherwise SentenceRange
// says no and the caller tokenizes the sentence itself, as without a layer
// (tests/extract/token_layer_test.cc compares the two on generated and real text).
//
// Memory: a document over kMaxTextBytes gets no layer (its stages tokenize as before), and the
// engine builds layers for at most kMaxTextBytes of a batch's text in all: some 50 MB of tokens
// at worst (a page of punctuation), a few hundred kilobytes for a batch of news articles.
//
// Thread safety: Build is not thread-safe; a built layer is read-only and safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extract/claim_words.h"
#include "sitrep/document.h"

namespace sitrep::extract {

class TokenLayer {
 public:
  // Larger documents get no layer (see above).
  static constexpr size_t kMaxTextBytes = size_t(1) << 20;
  // Most tokens of one zone; a zone with more is tokenized up to here and marked incomplete.
  static constexpr size_t kMaxZoneTokens = size_t(1) << 18;

  // Tokenizes every zone of `doc` but boilerplate (the whole text when it has no zones), replacing
  // what the layer held. The layer keeps its buffers for the next document.
  void Build(const Document& doc);
  // Drops the tokens (keeps the buffers): no sentence is answered until the next Build.
  void Clear();
  bool empty() const { return zones_.empty(); }

  // The tokens TokenizeWordsInto(text.substr(s.begin, s.end - s.begin), s.begin, max_tokens, ...)
  // gives, in place (valid until the next Build or Clear). False, *out unspecified, when the
  // layer cannot answer for `s` (no layer, `s` outside a tokenized zone, an edge of `s` inside a
  // character or a token): the caller tokenizes `s` itself. The document stays in place, its
  // text unchanged, while the layer is read. `cursor`, if given, is the caller's position in the layer, kept between calls (start it at
  // 0): sentences asked in text order are then found by a short walk from the last one instead
  // of a binary search each.
  bool SentenceRange(ByteSpan s, size_t max_tokens, std::span<const WordToken>* out,
                     size_t* cursor = nullptr) const;

 private:
  struct ZoneTokens {
    ByteSpan span;
    uint32_t first = 0, end = 0;  // tokens_[first, end)
    bool complete = true;         // false: the zone had more than kMaxZoneTokens tokens
  };
  std::string_view text_;  // the document's text, for the character-boundary checks
  std::vector<WordToken> tokens_;
  std::vector<ZoneTokens> zones_;   // sorted by span.begin, not overlapping
  std::vector<std::string> lower_;  // one buffer per zone: what tokens_[i].lower views
  size_t lower_used_ = 0;           // buffers of lower_ in use
  std::vector<WordToken> scratch_;  // one zone's tokens before they are appended
};

}  // namespace sitrep::extract
