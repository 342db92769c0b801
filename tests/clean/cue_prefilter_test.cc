// LiteralPrefilter (src/clean/cue_prefilter.h) must never leave out a pattern that matches: it
// is checked against every pattern compiled alone (RE2::PartialMatch, case-insensitive) on
// invented lines in many cases and scripts, with the characters whose case folding is odd
// (Kelvin sign, long s, final sigma, dotted capital I) and invalid bytes. It must also leave
// out patterns whose words a line lacks, or it would filter nothing.
#include "clean/cue_prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"

namespace sitrep::clean {
namespace {

const std::vector<std::string>& Patterns() {
  static const std::vector<std::string> kPatterns = {
      "^reply(?:\\s+to\\s+(?:this\\s+)?comment)?$",
      "newsletter",
      "\\byour\\s+(?:support|donations?)\\b",
      "you\\s+must\\s+be\\s+(?:logged|signed)\\s+in",
      "^(.{1,40}?)\\s+(?:wrote|said)\\s*:$",
      "рассылк[уаи]",
      "\\bcookies?\\b.*(?:site|navigation|accept)|(?:ce\\s+site|nous)\\s+utilis\\S*\\s+cookies",
      "lire\\s+l'article\\s+(?:original|d'origine)",
      "^sources?\\s*:\\s*(.+)$",
      "σοφία",
      "kilometre",
      "İzmir",
      "straße",
      "^\\d+\\s+comments?$",
      ".*",  // no literal at all: always a candidate
  };
  return kPatterns;
}

// Cases of a line: as written, upper case, lower case, alternating, and with the odd folds.
std::vector<std::string> Variants(const std::string& line) {
  std::vector<std::string> out = {line};
  std::string upper, lower, alt, odd;
  size_t pos = 0;
  int k = 0;
  while (pos < line.size()) {
    const size_t at = pos;
    const char32_t c = base::DecodeOne(line, &pos);
    const bool valid = !(c == U'\uFFFD' && line.compare(at, 3, "\xEF\xBF\xBD") != 0);
    if (!valid) {  // keep invalid bytes as they are
      for (std::string* s : {&upper, &lower, &alt, &odd}) s->append(line, at, pos - at);
      continue;
    }
    base::AppendUtf8(char32_t(u_toupper(UChar32(c))), &upper);
    base::AppendUtf8(char32_t(u_tolower(UChar32(c))), &lower);
    base::AppendUtf8(char32_t(k++ % 2 ? u_toupper(UChar32(c)) : u_tolower(UChar32(c))), &alt);
    char32_t o = c;
    if (c == 'k' || c == 'K') o = U'\u212A';  // Kelvin sign, folds to k
    if (c == 's') o = U'\u017F';              // long s, folds to s
    if (c == U'σ') o = U'ς';                  // final sigma
    if (c == 'i') o = U'İ';
    base::AppendUtf8(o, &odd);
  }
  for (const std::string& s : {upper, lower, alt, odd}) out.push_back(s);
  return out;
}

std::vector<std::string> TestLines() {
  std::vector<std::string> lines = {
      "Reply",
      "Reply to this comment",
      "Get the Meridian Morning Brief: our newsletter, free",
      "Thank you for your support!",
      "You must be logged in to post a comment.",
      "Bob Smith wrote:",
      "The minister said: no comment",
      "Подпишитесь на нашу рассылку",
      "Ce site utilise des cookies pour la navigation",
      "Nous utilisons des cookies",
      "Lire l'article original",
      "Lire l'article d'origine ici",
      "Source : https://x.example/a",
      "Sources: agencies",
      "Η σοφία των αρχαίων",
      "12 kilometres north of the city",
      "İzmir port",
      "Straße der Pariser Kommune",
      "14 comments",
      "The storm reached the coast at dawn, officials said on Monday.",
      "Le gouvernement a annoncé mardi un couvre-feu nocturne.",
      "Власти объявили комендантский час в столице.",
      "",
      "\xff\xfe newsletter \xc3",
      "news\xc3letter",
      "coo\xe2\x80kie site",
  };
  const std::vector<std::string> kPieces = {
      "reply", "to", "this", "comment", "newsletter", "your", "support", "donation", "you",
      "must", "be", "logged", "signed", "in", "wrote", "said", ":", "рассылку", "рассылка",
      "cookie", "cookies", "site", "navigation", "accept", "ce", "nous", "utilisons", "lire",
      "l'article", "original", "d'origine", "source", "sources", "σοφία", "kilometre", "İzmir",
      "straße", "12", "comments", "the", "storm", " ", "  ", ",", "é", "Ё", "\u00A0", "\xe2\x80",
      "\xff", "K", "ſ", "ς", "İ", "x"};
  std::mt19937 rng(4242);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 10);
  for (int i = 0; i < 1500; ++i) {
    std::string line;
    for (int n = length(rng); n > 0; --n) {
      if (!line.empty() && rng() % 4 != 0) line += ' ';
      line += kPieces[piece(rng)];
    }
    lines.push_back(line);
  }
  return lines;
}

TEST(LiteralPrefilterTest, NeverLeavesOutAPatternThatMatches) {
  auto pf = LiteralPrefilter::Create(Patterns(), /*case_sensitive=*/false);
  ASSERT_NE(pf, nullptr);
  RE2::Options opt;
  opt.set_case_sensitive(false);
  std::vector<std::unique_ptr<RE2>> res;
  for (const std::string& p : Patterns()) {
    res.push_back(std::make_unique<RE2>(p, opt));
    ASSERT_TRUE(res.back()->ok()) << p;
  }
  size_t matches = 0, left_out = 0;
  std::vector<int> candidates;
  for (const std::string& base_line : TestLines()) {
    for (const std::string& line : Variants(base_line)) {
      pf->Candidates(line, &candidates);
      for (size_t k = 0; k < res.size(); ++k) {
        const bool candidate =
            std::find(candidates.begin(), candidates.end(), int(k)) != candidates.end();
        if (RE2::PartialMatch(line, *res[k])) {
          ++matches;
          ASSERT_TRUE(candidate) << Patterns()[k] << " matches \"" << line << "\"";
        } else if (!candidate) {
          ++left_out;
        }
      }
    }
  }
  EXPECT_GT(matches, 5000u);
  EXPECT_GT(left_out, 20000u);  // the filter does filter
}

TEST(LiteralPrefilterTest, AnswersForEveryCaseOfAWord) {
  auto pf = LiteralPrefilter::Create({"newsletter", "рассылк", "^reply$", "kilometre"}, false);
  ASSERT_NE(pf, nullptr);
  std::vector<int> c;
  pf->Candidates("The weather was fine.", &c);
  EXPECT_TRUE(c.empty());
  pf->Candidates("NEWSLETTER", &c);
  EXPECT_EQ(c, std::vector<int>{0});
  pf->Candidates("Наша РАССЫЛКА", &c);
  EXPECT_EQ(c, std::vector<int>{1});
  pf->Candidates("12 \u212Ailometres", &c);  // Kelvin sign
  EXPECT_EQ(c, std::vector<int>{3});
  // "reply" somewhere is enough for a candidate: the prefilter knows words, not places.
  pf->Candidates("no reply came", &c);
  EXPECT_EQ(c, std::vector<int>{2});
}

TEST(LiteralPrefilterTest, FoldsAsRe2MatchesCaseInsensitively) {
  EXPECT_EQ(FoldForPrefilter('A'), U'a');
  EXPECT_EQ(FoldForPrefilter(U'\u212A'), U'k');
  EXPECT_EQ(FoldForPrefilter(U'\u017F'), U's');
  EXPECT_EQ(FoldForPrefilter(U'ς'), FoldForPrefilter(U'Σ'));
  EXPECT_EQ(FoldForPrefilter(U'Я'), U'я');
  EXPECT_EQ(FoldForPrefilter(U'İ'), U'i');
}

}  // namespace
}  // namespace sitrep::clean
