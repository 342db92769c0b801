// The PostgreSQL store's client-side search pieces, without a server: tokens and folding (the
// same matches as FTS5's unicode61 remove_diacritics 2), tsvector literals, FTS5 query
// translation and snippets. The contract tests run the same searches through a real server.
#include "store/pg_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sitrep::store::pg {
namespace {

std::vector<std::string> Folded(const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) out.push_back(t.folded);
  return out;
}

TEST(PgTextTest, TokensFoldCaseLatinDiacriticsAndYo) {
  EXPECT_EQ(Folded("L'ÉTAT d'urgence, décrété!"),
            (std::vector<std::string>{"l", "etat", "d", "urgence", "decrete"}));
  EXPECT_EQ(Folded("ЭВАКУАЦИЯ жителей"), (std::vector<std::string>{"эвакуация", "жителей"}));
  // Cyrillic й keeps its mark, as in FTS5; ё is searched as е (FoldForSearch, both backends).
  EXPECT_EQ(Folded("Вертолёт Йошкар ЁЛКА"),
            (std::vector<std::string>{"вертолет", "йошкар", "елка"}));
  EXPECT_EQ(Folded("Straße Øresund Ñandú"),
            (std::vector<std::string>{"straße", "øresund", "nandu"}));
  EXPECT_EQ(Folded("covid-19 3,5 km"), (std::vector<std::string>{"covid", "19", "3", "5", "km"}));
  EXPECT_TRUE(Folded(" \t—…«»' ").empty());
  // Byte offsets are kept on the original text.
  std::vector<Token> t = Tokenize("« Semeï »");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].begin, 3u);  // after "«" (2 bytes) and a space
  EXPECT_EQ(t[0].end, 3u + 6u);
  EXPECT_EQ(t[0].folded, "semei");
}

TEST(PgTextTest, InvalidBytesSeparateTokensWithoutCrashing) {
  EXPECT_EQ(Folded(std::string("ab\xff" "cd\xc3")), (std::vector<std::string>{"ab", "cd"}));
}

TEST(PgTextTest, TsvectorLiteralHasPositionsAndTitleWeight) {
  EXPECT_EQ(TsvectorLiteral("Crue, crue!", "La crue"), "'crue':1,2,5A 'la':4A");
  EXPECT_EQ(TsvectorLiteral("", ""), "");
  EXPECT_EQ(TsvectorLiteral("it's", ""), "'it':1 's':2");
  // Positions stop at PostgreSQL's limit and a lexeme keeps at most 255 of them.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "mot ";
  std::string lit = TsvectorLiteral(many, "");
  EXPECT_EQ(lit.rfind("'mot':1,2,", 0), 0u);
  EXPECT_EQ(std::count(lit.begin(), lit.end(), ','), static_cast<long>(kMaxPositionsPerLexeme - 1));
  std::string far;
  for (int i = 0; i < 17000; ++i) far += "w" + std::to_string(i) + " ";
  lit = TsvectorLiteral(far, "");
  EXPECT_NE(lit.find("'w16999':16383"), std::string::npos);
}

struct QueryRow {
  std::string fts5;
  std::string tsquery;
};

TEST(PgTextTest, Fts5QueriesTranslate) {
  const QueryRow rows[] = {
      {"etat", "'etat'"},
      {"ÉTAT", "'etat'"},
      {"crue décrue", "('crue' & 'decrue')"},
      {"crue AND décrue", "('crue' & 'decrue')"},
      {"crue OR bridge OR день", "(('crue' | 'bridge') | 'день')"},
      {"kherson NOT bridge", "('kherson' & !'bridge')"},
      {"a OR b c", "('a' | ('b' & 'c'))"},  // AND binds tighter than OR
      {"flood*", "'flood':*"},
      {"\"closed the old bridge\"", "('closed' <-> 'the' <-> 'old' <-> 'bridge')"},
      {"\"old bri\"*", "('old' <-> 'bri':*)"},
      {"title:kazakhstan", "'kazakhstan':A"},
      {"body:crue*", "'crue':*D"},
      {"title:(a OR b)", "(('a':A | 'b':A))"},
      {"NEAR(digue crue, 5)", "('digue' & 'crue')"},
      {"d'urgence", "('d' <-> 'urgence')"},
      {"\"it''s\"", "('it' <-> 's')"},
      {"\"say \"\"hi\"\"\"", "('say' <-> 'hi')"},
      {"\"'; DROP TABLE documents; --\"", "('drop' <-> 'table' <-> 'documents')"},
      {"a + b", "('a' <-> 'b')"},
      {"^start", "'start'"},
  };
  for (const QueryRow& row : rows) {
    SCOPED_TRACE(row.fts5);
    Result<TextQuery> q = TranslateQuery(row.fts5);
    ASSERT_TRUE(q.has_value()) << q.error().ToString();
    EXPECT_EQ(q->tsquery, row.tsquery);
  }
}

TEST(PgTextTest, QueriesFts5RefusesAreRefused) {
  const std::string bad[] = {"\"unterminated phrase", "AND", "(((", "nosuchcolumn:word", "*",
                             "etat OR", "NEAR(", "NEAR(a, x)", "a)", "OR b", "NOT a", "---",
                             "'; DROP TABLE documents; --",
                             "title:", "( )"};
  for (const std::string& q : bad) {
    SCOPED_TRACE(q);
    Result<TextQuery> r = TranslateQuery(q);
    ASSERT_FALSE(r.has_value()) << r->tsquery;
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
    EXPECT_EQ(r.error().message().rfind("search query", 0), 0u) << r.error().message();
  }
  EXPECT_EQ(TranslateQuery("{title body}:x").error().code(), StatusCode::kUnsupported);
}

TEST(PgTextTest, NegatedTermsAreNotHighlighted) {
  Result<TextQuery> q = TranslateQuery("kherson NOT bridge");
  ASSERT_TRUE(q.has_value());
  ASSERT_EQ(q->terms.size(), 1u);
  EXPECT_EQ(q->terms[0].folded, "kherson");
}

TEST(PgTextTest, SnippetMarksMatchesAndCutsAroundThem) {
  const std::string body = "L'état d'urgence a été décrété à Petropavl après la crue.";
  EXPECT_EQ(Snippet(body, TranslateQuery("etat")->terms),
            "L'[état] d'urgence a été décrété à Petropavl après la crue.");
  EXPECT_EQ(Snippet(body, TranslateQuery("crue OR petro*")->terms),
            "L'état d'urgence a été décrété à [Petropavl] après la [crue].");
  std::string longer;
  for (int i = 0; i < 40; ++i) longer += "mot" + std::to_string(i) + " ";
  longer += "Белгорода ";
  for (int i = 40; i < 80; ++i) longer += "mot" + std::to_string(i) + " ";
  std::string s = Snippet(longer, TranslateQuery("белгорода")->terms);
  EXPECT_EQ(s.rfind("…mot38 mot39 [Белгорода] mot40", 0), 0u) << s;
  EXPECT_EQ(s.substr(s.size() - 3), "…");
  EXPECT_EQ(Snippet(longer, TranslateQuery("absent")->terms).rfind("mot0 mot1", 0), 0u);
  EXPECT_EQ(Snippet("", TranslateQuery("x")->terms), "");
}

}  // namespace
}  // namespace sitrep::store::pg
