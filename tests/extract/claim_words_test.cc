// The fast paths of the claim and event tokenizers (claim_words.h, utf8_fast.h, issue 4) checked
// against the slow, obviously right functions they replace: base::DecodeOne, base::IsSpace and
// ICU's u_tolower / u_isalnum, over every code point or every short byte sequence.
#include <gtest/gtest.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "extract/claim_words.h"
#include "extract/event_lexicon.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

TEST(Utf8FastTest, NextCodePointDecodesLikeDecodeOne) {
  // Every lead byte with every second byte and a few third and fourth bytes, whole and cut
  // short: valid, overlong, surrogate, truncated and stray continuation sequences.
  const unsigned char kTails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  int checked = 0;
  for (int b0 = 0; b0 < 256; ++b0) {
    for (int b1 = 0; b1 < 256; ++b1) {
      for (unsigned char b2 : kTails) {
        for (unsigned char b3 : {0x80, 0x41}) {
          const char bytes[4] = {char(b0), char(b1), char(b2), char(b3)};
          for (size_t len = 1; len <= 4; ++len) {
            std::string_view s(bytes, len);
            size_t fast_pos = 0, slow_pos = 0;
            char32_t fast = NextCodePoint(s, &fast_pos);
            char32_t slow = base::DecodeOne(s, &slow_pos);
            if (fast != slow || fast_pos != slow_pos) {  // one message, not a million
              ADD_FAILURE() << "bytes " << b0 << " " << b1 << " " << int(b2) << " len " << len;
              return;
            }
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 1000000);
}

TEST(Utf8FastTest, CharacterClassesMatchIcuForEveryCodePoint) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    ASSERT_EQ(uint32_t(ToLowerFast(c)), uint32_t(u_tolower(UChar32(c)))) << "U+" << std::hex << uint32_t(c);
    ASSERT_EQ(IsSpaceFast(c), base::IsSpace(c)) << "U+" << std::hex << uint32_t(c);
    ASSERT_EQ(IsUpperFast(c), u_isupper(UChar32(c)) != 0) << "U+" << std::hex << uint32_t(c);
    if (IsCommonLetter(c)) {
      ASSERT_TRUE(u_isalpha(UChar32(c))) << "U+" << std::hex << uint32_t(c);
      ASSERT_FALSE(base::IsSpace(c)) << "U+" << std::hex << uint32_t(c);
    }
    std::string fast = "x", slow = "x";
    {
      ByteSink sink(&fast);
      sink.PutCodePoint(c);
    }
    base::AppendUtf8(c, &slow);
    ASSERT_EQ(fast, slow) << "U+" << std::hex << uint32_t(c);
  }
}

TEST(Utf8FastTest, ByteSinkAppendsLongRunsInOrder) {
  std::string out = "start:";
  std::string want = out;
  {
    ByteSink sink(&out);
    for (int i = 0; i < 300; ++i) {
      char32_t c = i % 3 == 0 ? U'a' + char32_t(i % 26) : i % 3 == 1 ? U'я' : U'😀';
      sink.PutCodePoint(c);
      base::AppendUtf8(c, &want);
      sink.Put(",");
      want += ",";
    }
  }
  EXPECT_EQ(out, want);
}

TEST(WordIndexTest, FindsWhatWasInsertedAndNothingElse) {
  WordIndex index;
  EXPECT_EQ(index.Find("absent"), WordIndex::kNone);
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) words.push_back("w" + std::to_string(i * 7919));
  for (size_t i = 0; i < words.size(); ++i) EXPECT_EQ(index.Insert(words[i], uint32_t(i)), i);
  // Inserting again returns the first value and adds nothing.
  EXPECT_EQ(index.Insert(words[5], 999999), 5u);
  EXPECT_EQ(index.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    ASSERT_EQ(index.Find(words[i]), i) << words[i];
    ASSERT_EQ(index.Find(words[i], WordHash(words[i])), i) << words[i];
  }
  EXPECT_EQ(index.Find("w1"), WordIndex::kNone);
  EXPECT_EQ(index.Find(""), WordIndex::kNone);
  EXPECT_EQ(index.Find("w0x"), WordIndex::kNone);
}

TEST(WordIndexTest, HashTellsApartWordsOfEveryLength) {
  // Lengths 0..24 cross the eight-byte blocks of WordHash; a word and its prefixes differ.
  std::string s;
  std::vector<uint64_t> seen;
  for (int i = 0; i < 25; ++i) {
    uint64_t h = WordHash(s);
    for (uint64_t other : seen) ASSERT_NE(h, other) << "length " << i;
    seen.push_back(h);
    s.push_back('a');
  }
  EXPECT_NE(WordHash(std::string("ab\0", 3)), WordHash("ab"));
}

TEST(ClaimWordsTest, TokenizingIntoAReusedVectorGivesFreshTokens) {
  const std::string kLong = "Selon le ministère, 18 000 ПОГИБШИХ военнослужащих d'après l'OTSC.";
  const std::string kShort = "Près de 3 morts";
  std::vector<WordToken> reused;
  std::string reused_lower;
  for (const std::string* text : {&kLong, &kShort, &kLong}) {
    TokenizeWordsInto(*text, 7, 100, &reused, &reused_lower);
    Words fresh_words = TokenizeWords(*text, 7, 100);
    const std::vector<WordToken>& fresh = fresh_words.tokens;
    ASSERT_EQ(reused.size(), fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
      SCOPED_TRACE(fresh[i].lower);
      EXPECT_EQ(reused[i].lower, fresh[i].lower);
      EXPECT_EQ(reused[i].begin, fresh[i].begin);
      EXPECT_EQ(reused[i].end, fresh[i].end);
      EXPECT_EQ(reused[i].word, fresh[i].word);
      EXPECT_EQ(reused[i].digits, fresh[i].digits);
      EXPECT_EQ(reused[i].upper, fresh[i].upper);
      EXPECT_EQ(reused[i].hash, WordHash(fresh[i].lower));
      EXPECT_EQ(reused[i].prefix_hash, fresh[i].lower.size() < kStemKeyBytes
                                           ? 0
                                           : WordHash(fresh[i].lower.substr(0, kStemKeyBytes)));
    }
  }
  TokenizeWordsInto(kLong, 0, 100, &reused, &reused_lower);
  ASSERT_GE(reused.size(), 7u);
  EXPECT_EQ(reused[6].lower, "погибших");  // selon le ministère , 18 000 погибших
  EXPECT_TRUE(reused[6].upper);
}

TEST(WordIndexTest, PaddedHashIsWordHash) {
  // WordHashOfPadded reads whole eight-byte words of a zero-padded buffer.
  std::string word;
  for (int n = 1; n <= 40; ++n) {
    word.push_back(char('a' + n % 26));
    if (n % 7 == 0) word.back() = char(0xD0);
    char buf[64] = {};
    word.copy(buf, word.size());
    EXPECT_EQ(WordHashOfPadded(buf, word.size()), WordHash(word)) << n;
  }
}

TEST(FirstWordFilterTest, AnswersTrueWhereverATableMayStart) {
  PhraseTable words, stems, short_stems;
  ASSERT_TRUE(words.Add("au total", 0));
  ASSERT_TRUE(words.Add("quand", 0));
  ASSERT_TRUE(words.Add("Tués", 0));
  ASSERT_TRUE(stems.Add("погиб *", 0));
  ASSERT_TRUE(stems.Add("blessé *", 0));
  ASSERT_TRUE(short_stems.Add("ab *", 0));
  WordIndex index;
  index.Insert("douze", 0);
  FirstWordFilter filter;
  filter.Add(words);
  filter.Add(stems);
  filter.Add(index);
  const std::string text =
      "Au total, 12 personnes ont été tuées quand TUÉS погибли et blessés; douze погибших, "
      "d'une blessée au Total rien ab abc bleu погода";
  Words words_of_text = TokenizeWords(text, 0, 256);
  const std::vector<WordToken>& tokens = words_of_text.tokens;
  int rejected = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    SCOPED_TRACE(tokens[i].lower);
    const bool any = words.MayStartWith(tokens[i]) || stems.MayStartWith(tokens[i]) ||
                     index.MayContain(tokens[i].hash);
    const bool match = words.Match(tokens, i).length > 0 || stems.Match(tokens, i).length > 0;
    if (any || match) {
      EXPECT_TRUE(filter.MayStartWith(tokens[i]));
    }
    if (!filter.MayStartWith(tokens[i])) ++rejected;
  }
  EXPECT_GT(rejected, 5);  // the filter does reject words
  EXPECT_TRUE(filter.MayStartWith(tokens[0]));  // "au"
  // A table with a stem shorter than the key length may start anywhere: so may the union.
  filter.Add(short_stems);
  for (const WordToken& t : tokens) EXPECT_TRUE(filter.MayStartWith(t));
}

TEST(ClaimWordsTest, LowerViewsSurviveAMoveOfTheirWords) {
  // The lower-case buffer is never small enough to live inside the string object, so moving a
  // Words keeps its tokens' views valid, even for a one-letter text.
  for (const char* text : {"X", "Ab", "Élan 3"}) {
    Words a = TokenizeWords(text, 0, 10);
    std::vector<std::string> want;
    for (const WordToken& t : a.tokens) want.emplace_back(t.lower);
    Words b = std::move(a);
    std::vector<Words> moved;
    moved.push_back(std::move(b));
    moved.emplace_back();  // the vector reallocates and moves again
    ASSERT_EQ(moved[0].tokens.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(moved[0].tokens[i].lower, want[i]);
  }
}

// Match and MatchEndingAt (inline filter, then a first word compared once by the index, its
// phrases skipped when the next word's bit is not among their second words') give what a plain
// comparison of every phrase with the tokens gives, on a text and on random texts made of the
// phrases' words.
TEST(PhraseTableTest, MatchesAsAPlainComparisonOfEveryPhrase) {
  // Without a short stem ("ab *"), most tokens stop at the inline filter; with one, none does.
  for (bool short_stem : {false, true}) {
  std::vector<std::string> kPhrases = {"au total", "au", "plus de", "plus d'", "d'une",
                                       "погиб *", "tué *", "a", "a dozen",
                                       "a few more", "bilan", "au total des",
                                       "ont déclaré", "ont dit", "ont été tué *", "sont tué *",
                                       "sont partis", "has said", "has told reporters"};
  if (short_stem) kPhrases.push_back("ab *");
  SCOPED_TRACE(short_stem);
  PhraseTable table;
  std::vector<std::vector<std::string>> words;  // lower-cased words; "*" marks a stem
  for (size_t k = 0; k < kPhrases.size(); ++k) {
    ASSERT_TRUE(table.Add(kPhrases[k], uint32_t(k)));
    Words w = TokenizeWords(kPhrases[k], 0, 32);
    words.emplace_back();
    for (const WordToken& t : w.tokens) words.back().emplace_back(t.lower);
  }
  auto plain = [&](const std::vector<WordToken>& tokens, size_t i, size_t k) {
    const std::vector<std::string>& p = words[k];
    const bool stem = p.back() == "*";
    const size_t n = stem ? p.size() - 1 : p.size();
    if (i + n > tokens.size()) return false;
    for (size_t j = 0; j < n; ++j) {
      std::string_view have = tokens[i + j].lower;
      if (stem && j + 1 == n ? have.substr(0, p[j].size()) != p[j] : have != p[j]) return false;
    }
    return true;
  };
  std::vector<std::string> texts = {
      "Au total, plus d'une dizaine: A dozen AU TOTAL DES morts, погибли tués abc ab a few more "
      "bilan au plus de a ont dit ont été tués ont été sont tuée sont partis has told has said "
      "has told reporters ont"};
  const std::vector<std::string> kWords = {"au", "total", "des", "plus", "de", "d'", "une",
                                           "погибли", "tués", "a", "dozen", "few", "more",
                                           "ont", "déclaré", "dit", "été", "sont", "tuée",
                                           "partis", "has", "said", "told", "reporters", "x",
                                           "ab", "abc", ",", "bilan", "DIT", "Été"};
  std::mt19937 rng(20261130);
  for (int n = 0; n < 300; ++n) {
    std::string t;
    for (int k = 0; k < 12; ++k) t += kWords[rng() % kWords.size()] + " ";
    texts.push_back(t);
  }
  int hits = 0;
  for (const std::string& kText : texts) {
  Words text = TokenizeWords(kText, 0, 256);
  const std::vector<WordToken>& tokens = text.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t longest = 0;
    for (size_t k = 0; k < kPhrases.size(); ++k) {
      const size_t n = words[k].back() == "*" ? words[k].size() - 1 : words[k].size();
      if (plain(tokens, i, k)) longest = std::max(longest, n);
    }
    ASSERT_EQ(table.Match(tokens, i).length, longest) << kText << " " << i;
    for (uint32_t len = 1; len <= 4; ++len) {
      bool want = false;
      for (size_t k = 0; k < kPhrases.size(); ++k) {
        const size_t n = words[k].back() == "*" ? words[k].size() - 1 : words[k].size();
        if (n == len && i + len <= tokens.size() && plain(tokens, i, k)) want = true;
      }
      uint32_t id = 0;
      ASSERT_EQ(table.MatchEndingAt(tokens, i + len, len, &id), want) << kText << " " << i << " " << len;
      hits += want;
    }
  }
  }
  EXPECT_GT(hits, 500);
  }
}

TEST(EventTokensTest, TokenizingIntoAReusedVectorGivesFreshTokens) {
  const std::string kLong = "Émeutes à Almaty, ЗАДЕРЖАНЫ 300 человек; l'état d'urgence";
  const std::string kShort = "Grève";
  std::vector<EventToken> reused;
  std::string reused_folded;
  for (const std::string* text : {&kLong, &kShort, &kLong}) {
    TokenizeForEventsInto(*text, 3, 100, &reused, &reused_folded);
    std::string fresh_folded;
    std::vector<EventToken> fresh = TokenizeForEvents(*text, 3, 100, &fresh_folded);
    ASSERT_EQ(reused.size(), fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
      SCOPED_TRACE(fresh[i].folded);
      EXPECT_EQ(reused[i].folded, fresh[i].folded);
      EXPECT_EQ(reused[i].begin, fresh[i].begin);
      EXPECT_EQ(reused[i].end, fresh[i].end);
      EXPECT_EQ(reused[i].clause, fresh[i].clause);
      EXPECT_EQ(reused[i].hash, WordHash(fresh[i].folded));
    }
  }
  TokenizeForEventsInto(kLong, 0, 100, &reused, &reused_folded);
  EXPECT_EQ(reused[0].folded, "emeutes");
  EXPECT_EQ(reused[3].folded, "задержаны");
  EXPECT_EQ(reused[3].clause, 1u);
}

}  // namespace
}  // namespace sitrep::extract
