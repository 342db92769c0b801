#include "store/pg_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "store/store_common.h"

namespace sitrep::store::pg {
namespace {

bool IsTokenChar(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK | U_GC_CO_MASK)) != 0;
}

// Case folding plus removal of diacritics on Latin letters (FTS5's remove_diacritics 2 folds
// Latin only: й stays й, ё stays ё).
std::string FoldSlow(std::string_view word) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(word);
  icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(),
                                                                   static_cast<int32_t>(word.size()))),
                     err);
  if (U_FAILURE(err)) return std::string(word);
  icu::UnicodeString out;
  bool after_latin = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (!after_latin) out.append(c);
      continue;
    }
    UErrorCode script_err = U_ZERO_ERROR;
    after_latin = uscript_getScript(c, &script_err) == USCRIPT_LATIN;
    out.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
  }
  icu::UnicodeString composed = nfc->normalize(out, err);
  if (U_FAILURE(err)) return std::string(word);
  std::string utf8;
  composed.toUTF8String(utf8);
  return utf8;
}

// A lexeme quoted for a tsvector or tsquery literal.
void AppendQuoted(std::string* out, std::string_view lexeme) {
  out->push_back('\'');
  for (char c : lexeme) {
    if (c == '\'') out->push_back('\'');
    if (c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('\'');
}

}  // namespace

std::string Fold(std::string_view word) {
  bool ascii = std::all_of(word.begin(), word.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return FoldForSearch(FoldSlow(word));
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  int32_t i = 0;
  int32_t start = -1;
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    bool token_char = c >= 0 && IsTokenChar(c);
    if (token_char && start < 0) start = at;
    if (!token_char && start >= 0) {
      tokens.push_back({size_t(start), size_t(at), ""});
      start = -1;
    }
  }
  if (start >= 0) tokens.push_back({size_t(start), size_t(n), ""});
  for (Token& t : tokens) t.folded = Fold(text.substr(t.begin, t.end - t.begin));
  return tokens;
}

std::string TsvectorLiteral(std::string_view body, std::string_view title) {
  struct Positions {
    std::vector<std::pair<int, bool>> at;  // position, in the title
  };
  std::unordered_map<std::string, Positions> lexemes;
  std::vector<const std::string*> order;  // first appearance, for a stable literal
  size_t lexeme_bytes = 0;
  int position = 0;
  auto add = [&](std::vector<Token> tokens, bool in_title) {
    for (Token& t : tokens) {
      position = std::min(position + 1, kMaxPosition);
      if (t.folded.empty() || t.folded.size() > kMaxLexemeBytes) continue;
      auto it = lexemes.find(t.folded);
      if (it == lexemes.end()) {
        if (lexeme_bytes + t.folded.size() > kMaxTsvectorLexemeBytes) continue;
        lexeme_bytes += t.folded.size();
        it = lexemes.emplace(std::move(t.folded), Positions{}).first;
        order.push_back(&it->first);
      }
      if (it->second.at.size() < kMaxPositionsPerLexeme) it->second.at.push_back({position, in_title});
    }
  };
  add(Tokenize(body), false);
  position = std::min(position + 1, kMaxPosition);  // a gap: no phrase across body and title
  add(Tokenize(title), true);
  std::string out;
  for (const std::string* lexeme : order) {
    if (!out.empty()) out.push_back(' ');
    AppendQuoted(&out, *lexeme);
    char sep = ':';
    for (const auto& [pos, in_title] : lexemes[*lexeme].at) {
      out.push_back(sep);
      sep = ',';
      out += std::to_string(pos);
      if (in_title) out.push_back('A');
    }
  }
  return out;
}

// --- query translation ------------------------------------------------------------------------

namespace {

enum class Lex { kWord, kString, kLParen, kRParen, kColon, kStar, kPlus, kCaret, kComma, kAnd,
                 kOr, kNot, kNear, kEnd };

struct Lexeme {
  Lex kind;
  std::string text;
};

bool IsSpecial(char c) {
  return c == '"' || c == '(' || c == ')' || c == ':' || c == '*' || c == '^' || c == '+' ||
         c == ',' || c == '{' || c == '}';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string Near(std::string_view s) {
  constexpr size_t kMax = 40;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

Status SyntaxError(std::string_view near) {
  if (near.empty()) return InvalidArgument("search query: syntax error at the end of the query");
  return InvalidArgument("search query: syntax error near '" + Near(near) + "'");
}

Result<std::vector<Lexeme>> LexQuery(std::string_view q) {
  std::vector<Lexeme> out;
  size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      std::string text;
      size_t j = i + 1;
      bool closed = false;
      while (j < q.size()) {
        if (q[j] == '"') {
          if (j + 1 < q.size() && q[j + 1] == '"') {  // "" is a quote inside a string
            text.push_back('"');
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        text.push_back(q[j++]);
      }
      if (!closed) return InvalidArgument("search query: unterminated string near '" +
                                          Near(q.substr(i)) + "'");
      out.push_back({Lex::kString, std::move(text)});
      i = j;
      continue;
    }
    if (c == '{' || c == '}') {
      return Unsupported("search query: column sets {...} are not supported by the PostgreSQL store");
    }
    if (IsSpecial(c)) {
      static constexpr std::pair<char, Lex> kMap[] = {
          {'(', Lex::kLParen}, {')', Lex::kRParen}, {':', Lex::kColon}, {'*', Lex::kStar},
          {'+', Lex::kPlus},   {'^', Lex::kCaret},  {',', Lex::kComma}};
      for (const auto& [ch, kind] : kMap) {
        if (ch == c) out.push_back({kind, std::string(1, c)});
      }
      ++i;
      continue;
    }
    size_t j = i;
    while (j < q.size() && !IsSpace(q[j]) && !IsSpecial(q[j])) ++j;
    std::string word(q.substr(i, j - i));
    Lex kind = Lex::kWord;
    if (word == "AND") kind = Lex::kAnd;
    if (word == "OR") kind = Lex::kOr;
    if (word == "NOT") kind = Lex::kNot;
    if (word == "NEAR" && j < q.size() && q[j] == '(') kind = Lex::kNear;
    out.push_back({kind, std::move(word)});
    i = j;
  }
  out.push_back({Lex::kEnd, ""});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lex) : lex_(std::move(lex)) {}

  Result<TextQuery> Run() {
    std::string q = Or(0, false);
    if (status_.ok() && Peek().kind != Lex::kEnd) status_ = SyntaxError(Peek().text);
    if (!status_.ok()) return status_;
    TextQuery out;
    out.tsquery = std::move(q);
    out.terms = std::move(terms_);
    return out;
  }

 private:
  const Lexeme& Peek() const { return lex_[pos_]; }
  const Lexeme& Next() {
    const Lexeme& l = lex_[pos_];
    if (pos_ + 1 < lex_.size()) ++pos_;
    return l;
  }
  bool Fail(Status s) {
    if (status_.ok()) status_ = std::move(s);
    return false;
  }
  bool StartsPrimary(Lex k) const {
    return k == Lex::kWord || k == Lex::kString || k == Lex::kLParen || k == Lex::kNear ||
           k == Lex::kCaret;
  }

  std::string Or(char weight, bool negated) {
    std::string left = And(weight, negated);
    while (status_.ok() && Peek().kind == Lex::kOr) {
      Next();
      std::string right = And(weight, negated);
      left = "(" + left + " | " + right + ")";
    }
    return left;
  }
  std::string And(char weight, bool negated) {
    std::string left = Not(weight, negated);
    while (status_.ok() && (Peek().kind == Lex::kAnd || StartsPrimary(Peek().kind))) {
      if (Peek().kind == Lex::kAnd) Next();
      std::string right = Not(weight, negated);
      left = "(" + left + " & " + right + ")";
    }
    return left;
  }
  std::string Not(char weight, bool negated) {
    std::string left = Primary(weight, negated);
    while (status_.ok() && Peek().kind == Lex::kNot) {
      Next();
      std::string right = Primary(weight, !negated);
      left = "(" + left + " & !" + right + ")";
    }
    return left;
  }
  std::string Primary(char weight, bool negated) {
    if (!status_.ok()) return "";
    const Lexeme& l = Peek();
    if (l.kind == Lex::kLParen) {
      Next();
      std::string inner = Or(weight, negated);
      if (status_.ok() && Next().kind != Lex::kRParen) Fail(SyntaxError(lex_[pos_ - 1].text));
      return "(" + inner + ")";
    }
    if (l.kind == Lex::kNear) {  // NEAR(a b, N): the phrases must all occur (distance ignored)
      Next();
      Next();  // the '(' (the lexer only makes kNear when one follows)
      std::string out;
      while (status_.ok() && (Peek().kind == Lex::kWord || Peek().kind == Lex::kString)) {
        std::string p = Phrase(weight, negated);
        out = out.empty() ? p : "(" + out + " & " + p + ")";
      }
      if (status_.ok() && out.empty()) Fail(SyntaxError(Peek().text));
      if (status_.ok() && Peek().kind == Lex::kComma) {
        Next();
        const Lexeme& n = Next();
        bool number = n.kind == Lex::kWord && !n.text.empty() &&
                      std::all_of(n.text.begin(), n.text.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
        if (!number) Fail(SyntaxError(n.text));
      }
      if (status_.ok() && Next().kind != Lex::kRParen) Fail(SyntaxError(lex_[pos_ - 1].text));
      return out;
    }
    if (l.kind == Lex::kWord && lex_[pos_ + 1].kind == Lex::kColon) {
      const std::string column = l.text;
      char w = 0;
      if (column == "title") w = 'A';
      if (column == "body") w = 'D';
      if (w == 0) {
        Fail(InvalidArgument("search query: no such column: " + Near(column) +
                             " (columns: title, body)"));
        return "";
      }
      Next();
      Next();
      return Primary(w, negated);
    }
    if (l.kind == Lex::kCaret) Next();  // "^word": first-token anchor, read as the word
    if (Peek().kind != Lex::kWord && Peek().kind != Lex::kString) {
      Fail(SyntaxError(Peek().text));
      return "";
    }
    return Phrase(weight, negated);
  }
  // word or "string", optional *, optional + continuation.
  std::string Phrase(char weight, bool negated) {
    std::vector<std::pair<std::string, bool>> parts;
    std::string source;
    while (status_.ok()) {
      const Lexeme& l = Next();
      if (l.kind != Lex::kWord && l.kind != Lex::kString) {
        Fail(SyntaxError(l.text));
        break;
      }
      source += l.text;
      for (Token& t : Tokenize(l.text)) parts.push_back({std::move(t.folded), false});
      if (Peek().kind == Lex::kStar) {
        Next();
        if (!parts.empty()) parts.back().second = true;
      }
      if (Peek().kind != Lex::kPlus) break;
      Next();
      source += " ";
    }
    if (!status_.ok()) return "";
    if (parts.empty()) {
      Fail(InvalidArgument("search query: nothing to search for in '" + Near(source) + "'"));
      return "";
    }
    std::string out;
    for (const auto& [folded, prefix] : parts) {
      if (!out.empty()) out += " <-> ";
      AppendQuoted(&out, folded.size() > kMaxLexemeBytes ? folded.substr(0, kMaxLexemeBytes)
                                                         : folded);
      if (prefix || weight) {
        out.push_back(':');
        if (prefix) out.push_back('*');
        if (weight) out.push_back(weight);
      }
      if (!negated) terms_.push_back({folded, prefix});
    }
    return parts.size() > 1 ? "(" + out + ")" : out;
  }

  std::vector<Lexeme> lex_;
  size_t pos_ = 0;
  Status status_;
  std::vector<TextQuery::Term> terms_;
};

}  // namespace

Result<TextQuery> TranslateQuery(std::string_view query) {
  SITREP_ASSIGN_OR_RETURN(std::vector<Lexeme> lex, LexQuery(query));
  return Parser(std::move(lex)).Run();
}

std::string Snippet(std::string_view body, const std::vector<TextQuery::Term>& terms,
                    size_t tokens) {
  std::vector<Token> toks = Tokenize(body);
  if (toks.empty() || tokens == 0) return "";
  std::vector<char> hit(toks.size(), 0);
  for (size_t i = 0; i < toks.size(); ++i) {
    for (const TextQuery::Term& t : terms) {
      if (t.prefix ? toks[i].folded.compare(0, t.folded.size(), t.folded) == 0
                   : toks[i].folded == t.folded) {
        hit[i] = 1;
        break;
      }
    }
  }
  const size_t n = toks.size();
  const size_t width = std::min(tokens, n);
  // Candidate windows start two tokens before a match; the one holding most matches wins.
  size_t best_start = 0;
  int best_count = -1;
  for (size_t i = 0; i < n; ++i) {
    if (!hit[i]) continue;
    size_t start = std::min(i >= 2 ? i - 2 : 0, n - width);
    int count = 0;
    for (size_t k = start; k < start + width; ++k) count += hit[k];
    if (count > best_count) {
      best_count = count;
      best_start = start;
    }
  }
  const size_t end = best_start + width;
  std::string out;
  size_t from = best_start == 0 ? 0 : toks[best_start].begin;
  if (best_start > 0) out += "…";
  for (size_t k = best_start; k < end; ++k) {
    out.append(body.substr(from, toks[k].begin - from));
    if (hit[k]) out.push_back('[');
    out.append(body.substr(toks[k].begin, toks[k].end - toks[k].begin));
    if (hit[k]) out.push_back(']');
    from = toks[k].end;
  }
  if (end < n) {
    out += "…";
  } else {
    out.append(body.substr(from));
  }
  return out;
}

}  // namespace sitrep::store::pg
