// Full-text search for the PostgreSQL store (docs/store.md, "PostgreSQL"): the same words match
// as in the SQLite store's FTS5 index (unicode61, remove_diacritics 2), whatever the server's
// locale and without server extensions. The client tokenizes and folds the text, and hands the
// server a ready tsvector literal (no to_tsvector parsing on the server); queries in FTS5 syntax
// are translated to a tsquery literal over the same folded tokens. Snippets are cut here too.
//
// Everything here is pure (no connection): tests/store/pg_text_test.cc runs without a server.
// Thread safety: free functions over values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::store::pg {

// A token of a text: bytes [begin, end) and its folded form (case folded, Latin diacritics
// removed, NFC), like FTS5's unicode61 tokenizer with remove_diacritics 2. Token characters are
// letters, digits and combining marks; everything else separates tokens.
struct Token {
  size_t begin = 0;
  size_t end = 0;
  std::string folded;
};
std::vector<Token> Tokenize(std::string_view text);
// The folded form of one word (what Tokenize gives for a text that is that word alone).
std::string Fold(std::string_view word);

// PostgreSQL tsvector limits the literal respects: positions run 1..16383 (later ones are
// clamped), a lexeme keeps at most 255 positions and is under 2 KB, a tsvector holds under 1 MB
// of lexemes. Longer lexemes and lexemes past the size budget are left out of the index.
inline constexpr size_t kMaxLexemeBytes = 2000;
inline constexpr size_t kMaxPositionsPerLexeme = 255;
inline constexpr size_t kMaxTsvectorLexemeBytes = 900 * 1024;
inline constexpr int kMaxPosition = 16383;

// A tsvector literal for a document: body tokens unweighted (weight D), title tokens weight A
// placed after the body (positions not adjacent, so a phrase never spans title and body).
std::string TsvectorLiteral(std::string_view body, std::string_view title);

// A query in FTS5 syntax (words, "phrases", AND/OR/NOT, prefix*, parentheses, `title:` and
// `body:` column filters, NEAR(...) read as AND of its phrases) translated to a tsquery literal.
struct TextQuery {
  std::string tsquery;
  // Folded terms that can match (not under NOT), for the snippet; `prefix` for word*.
  struct Term {
    std::string folded;
    bool prefix = false;
  };
  std::vector<Term> terms;
};
// InvalidArgument("search query: ...") when the query does not parse (FTS5 would refuse it too),
// or has no word to search for.
Result<TextQuery> TranslateQuery(std::string_view query);

// A piece of `body` of at most `tokens` tokens around the best cluster of matches, matches
// wrapped in [ ] and "…" where text was cut: the shape of FTS5's snippet(..., '[', ']', '…', 24).
std::string Snippet(std::string_view body, const std::vector<TextQuery::Term>& terms,
                    size_t tokens = 24);

}  // namespace sitrep::store::pg
