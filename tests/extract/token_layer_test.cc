// The document's token layer (token_layer.h) and the event tokens derived from it
// (EventTokensFromWords): a sentence read from the layer must get exactly the claim tokens
// TokenizeWordsInto gives for the sentence alone, and the derived event tokens exactly those
// TokenizeForEventsInto gives, or the layer must decline (the stages then tokenize themselves).
// Checked on every sentence of both splitters, on spans cut inside words and characters, with
// and without caps and the cursor, over the sample articles and thousands of random texts built
// from awkward pieces. And the layer must answer for ordinary prose, or it would save nothing.
#include "extract/token_layer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/tsv.h"
#include "base/utf8.h"
#include "extract/claim_words.h"
#include "extract/event_lexicon.h"
#include "extract/events.h"

namespace sitrep::extract {
namespace {

// SentenceRange's tokens copied, as a stage reading them sees them.
bool SentenceTokens(const TokenLayer& layer, ByteSpan s, size_t max_tokens,
                    std::vector<WordToken>* out) {
  std::span<const WordToken> range;
  if (!layer.SentenceRange(s, max_tokens, &range)) return false;
  out->assign(range.begin(), range.end());
  return true;
}

std::string DumpWords(std::span<const WordToken> tokens) {
  std::ostringstream out;
  for (const WordToken& t : tokens) {
    out << t.begin << '-' << t.end << ':' << t.lower << ':' << t.hash << ':' << t.prefix_hash << ':'
        << t.word << t.digits << t.upper << '|';
  }
  return out.str();
}

std::string DumpEvents(const std::vector<EventToken>& tokens) {
  std::ostringstream out;
  for (const EventToken& t : tokens) {
    out << t.begin << '-' << t.end << '@' << t.clause << ':' << t.folded << ':' << t.hash << '|';
  }
  return out.str();
}

std::unique_ptr<EventLexicon> Lexicon() {
  auto cues = base::ParseTsv("kind\tphrase\twindow\nabbreviation\tM.\t\nabbreviation\tDr.\t\n",
                             "cues.tsv");
  EXPECT_TRUE(cues.has_value());
  auto lex = EventLexicon::FromTables({}, {*cues});
  EXPECT_TRUE(lex.has_value());
  return std::move(*lex);
}

struct Counts {
  size_t asked = 0;     // spans asked of the layer
  size_t answered = 0;  // ... that it answered
  size_t derived = 0;   // answered spans whose event tokens were derived
  size_t sentences = 0, sentences_answered = 0;  // the splitters' sentences (no length cut)
};

// Every span of `doc` the stages may ask, and some they never do, checked against the
// tokenizers run on the span alone.
void CheckDocument(const Document& doc, const EventLexicon& lexicon, Counts* counts) {
  TokenLayer layer;
  layer.Build(doc);
  std::vector<ByteSpan> spans;
  std::vector<ByteSpan> sentences;  // the splitters' own, as the stages ask them
  std::vector<Zone> zones = doc.zones;
  if (zones.empty()) zones.push_back(Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}});
  for (const Zone& z : zones) {
    if (z.kind == ZoneKind::kBoilerplate || z.span.begin >= z.span.end) continue;
    for (size_t max_bytes : {size_t(2000), size_t(24)}) {
      for (const SentenceSpan& s : SplitSentences(doc.Slice(z.span), z.span.begin, max_bytes)) {
        spans.push_back(ByteSpan{s.begin, s.end});
        if (max_bytes == 2000) sentences.push_back(spans.back());
      }
    }
    for (size_t max_bytes : {size_t(4000), size_t(23)}) {
      for (const ByteSpan& s : SplitSentences(doc.text, z.span, lexicon, max_bytes)) {
        spans.push_back(s);
        if (max_bytes == 4000) sentences.push_back(s);
      }
    }
    // Arbitrary spans: inside words, inside characters, the whole zone.
    spans.push_back(z.span);
    for (uint32_t b = z.span.begin; b < z.span.end; b += 7) {
      spans.push_back(ByteSpan{b, std::min(z.span.end, b + 13)});
    }
  }
  std::vector<WordToken> want, got;
  std::string lower, folded, direct_folded;
  std::vector<EventToken> derived, direct;
  EventTokenScratch scratch;
  for (const ByteSpan& s : spans) {
    const std::string_view slice = std::string_view(doc.text).substr(s.begin, s.end - s.begin);
    for (size_t cap : {size_t(4096), size_t(3)}) {
      ++counts->asked;
      TokenizeWordsInto(slice, s.begin, cap, &want, &lower);
      if (!SentenceTokens(layer, s, cap, &got)) continue;
      ++counts->answered;
      ASSERT_EQ(DumpWords(got), DumpWords(want)) << "span " << s.begin << "-" << s.end << " cap "
                                                 << cap << " of \"" << doc.text << "\"";
    }
    std::span<const WordToken> range;
    if (!layer.SentenceRange(s, 4096, &range)) continue;
    for (size_t max_events : {size_t(600), size_t(2)}) {
      if (!EventTokensFromWords(doc.text, s, range, range.size() < 4096, max_events, &derived,
                                &folded, &scratch)) {
        continue;
      }
      ++counts->derived;
      TokenizeForEventsInto(slice, s.begin, max_events, &direct, &direct_folded);
      ASSERT_EQ(DumpEvents(derived), DumpEvents(direct))
          << "span " << s.begin << "-" << s.end << " of \"" << doc.text << "\"";
    }
  }
  std::vector<WordToken> tokens;
  for (const ByteSpan& s : sentences) {
    ++counts->sentences;
    counts->sentences_answered += SentenceTokens(layer, s, 4096, &tokens);
  }
  // Asked in text order with a cursor, the layer answers as without one.
  std::vector<ByteSpan> ordered = spans;
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
  size_t cursor = 0;
  for (const ByteSpan& s : ordered) {
    std::span<const WordToken> with, without;
    const bool a = layer.SentenceRange(s, 4096, &with, &cursor);
    const bool b = layer.SentenceRange(s, 4096, &without);
    ASSERT_EQ(a, b) << "span " << s.begin << "-" << s.end;
    if (a) {
      EXPECT_EQ(with.data(), without.data());
      EXPECT_EQ(with.size(), without.size());
    }
  }
}

Document MakeDocument(std::string text, const std::vector<std::pair<ZoneKind, size_t>>& cuts) {
  Document doc;
  doc.text = std::move(text);
  uint32_t begin = 0;
  for (const auto& [kind, end] : cuts) {
    const uint32_t e = uint32_t(base::FloorBoundary(doc.text, std::min(end, doc.text.size())));
    if (e > begin) doc.zones.push_back(Zone{kind, ByteSpan{begin, e}, {}});
    begin = e;
  }
  return doc;
}

TEST(TokenLayerTest, SampleArticlesReadFromTheLayerAsTokenizedAlone) {
  auto lexicon = Lexicon();
  namespace fs = std::filesystem;
  Counts counts;
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    ++files;
    // One zone; then a title, a body, boilerplate in the middle and another body zone.
    CheckDocument(MakeDocument(text, {{ZoneKind::kBody, text.size()}}), *lexicon, &counts);
    const size_t nl = text.find('\n');
    CheckDocument(MakeDocument(text, {{ZoneKind::kTitle, nl},
                                      {ZoneKind::kBody, text.size() / 2},
                                      {ZoneKind::kBoilerplate, text.size() / 2 + 40},
                                      {ZoneKind::kBody, text.size()}}),
                  *lexicon, &counts);
    if (HasFatalFailure()) return;
  }
  ASSERT_GE(files, 3);
  // Ordinary prose: the layer answers every sentence the splitters make (arbitrary spans cut
  // inside words are declined), and the event tokens of what it answers are derived.
  EXPECT_EQ(counts.sentences_answered, counts.sentences);
  EXPECT_GT(counts.sentences, 100u);
  EXPECT_GT(counts.answered, counts.asked / 3) << counts.answered << " of " << counts.asked;
  EXPECT_EQ(counts.derived, counts.answered) << counts.derived << " of " << counts.answered;
}

TEST(TokenLayerTest, AwkwardRandomTextsReadFromTheLayerAsTokenizedAlone) {
  auto lexicon = Lexicon();
  const std::vector<std::string> kPieces = {
      "d'une ", "aujourd'hui ", "l’OTSC ", "vingt-cinq ", "10–15 ", "10-15 ", " – ", " - ", "-",
      "«Non», ", "“Oui” ", "\"x\" ", "Émeutes ", "ÉTAT ", "œuvre ", "ЕЩЁ ", "ещё ", "Жан-Пьер ",
      "Москва ", "dʼune ", "workers' ", "I'm ", "O'Brien ", "U.S. ", "٣ ", "क\u0903 ", "\u0903",
      "a\u20DD ", "e\u0301 ", "\u0301", "12 000 ", "12\u00A0000 ", "3.5 ", "1,5 ", "\n", "\n\n",
      ". ", "? ", "! ", "… ", "(", ") ", "; ", ": ", "ǅemal ", std::string(70, 'a') + " ",
      "10h20 ", "1er ", "45-й ", "COVID-19 ", "x", "Ab", "—", "’", "‘", "`", "'", "' ", "qu'",
      "jusqu'à ", "Straße ", "İstanbul ", "ﬁn ", "\u2010", "\u2011", "\u00A0", "\u202F", "\t",
      "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQ ", "word ", "Word ", "7 ", "1234567890123456789 "};
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  Counts counts;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
    const size_t third = text.size() / 3;
    if (i % 3 == 0) {
      CheckDocument(MakeDocument(text, {}), *lexicon, &counts);
    } else {
      CheckDocument(MakeDocument(text, {{ZoneKind::kBody, third},
                                        {i % 2 ? ZoneKind::kBoilerplate : ZoneKind::kComment,
                                         2 * third},
                                        {ZoneKind::kRelated, text.size()}}),
                    *lexicon, &counts);
    }
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(counts.answered, 0u);
  EXPECT_GT(counts.derived, 0u);
}

TEST(TokenLayerTest, DeclinesWhatItCannotAnswer) {
  // A span over a boilerplate zone, or across two zones, is not the layer's.
  Document doc = MakeDocument("First part here.\nBoiler plate.\nLast part.",
                              {{ZoneKind::kBody, 17}, {ZoneKind::kBoilerplate, 31},
                               {ZoneKind::kBody, 41}});
  TokenLayer layer;
  layer.Build(doc);
  std::vector<WordToken> got;
  EXPECT_TRUE(SentenceTokens(layer, ByteSpan{0, 16}, 100, &got));
  EXPECT_EQ(got.size(), 4u);  // First part here .
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{17, 30}, 100, &got));
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{10, 35}, 100, &got));
  EXPECT_TRUE(SentenceTokens(layer, ByteSpan{31, 41}, 100, &got));
  // Cut inside a word: "Fir|st".
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{3, 16}, 100, &got));
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{0, 3}, 100, &got));
  // A document too large for a layer: nothing answered.
  Document big;
  big.text.assign(TokenLayer::kMaxTextBytes + 1, 'a');
  layer.Build(big);
  EXPECT_TRUE(layer.empty());
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{0, 10}, 100, &got));
  // Overlapping zones: nothing answered.
  Document odd;
  odd.text = "one two three four";
  odd.zones = {Zone{ZoneKind::kBody, ByteSpan{0, 13}, {}}, Zone{ZoneKind::kBody, ByteSpan{4, 18}, {}}};
  layer.Build(odd);
  EXPECT_FALSE(SentenceTokens(layer, ByteSpan{0, 3}, 100, &got));
}

TEST(TokenLayerTest, AZoneCutAtItsTokenCapAnswersOnlyBeforeTheCut) {
  // kMaxZoneTokens + 10 one-letter words: the zone is tokenized up to the cap.
  std::string text;
  for (size_t i = 0; i < TokenLayer::kMaxZoneTokens + 10; ++i) text += "a ";
  Document doc = MakeDocument(text, {{ZoneKind::kBody, text.size()}});
  TokenLayer layer;
  layer.Build(doc);
  std::vector<WordToken> got;
  EXPECT_TRUE(SentenceTokens(layer, ByteSpan{0, 20}, 100, &got));
  EXPECT_EQ(got.size(), 10u);
  // A span reaching past the cut is declined, unless its own cap stops it first.
  const ByteSpan tail{uint32_t(text.size() - 40), uint32_t(text.size())};
  EXPECT_FALSE(SentenceTokens(layer, tail, 100, &got));
  EXPECT_TRUE(SentenceTokens(layer, ByteSpan{0, uint32_t(text.size())}, 50, &got));
  EXPECT_EQ(got.size(), 50u);
}

TEST(TokenLayerTest, EventDerivationDeclinesASpacingMarkAndCutWords) {
  // Devanagari visarga (Mc): a letter to the event tokenizer, punctuation to the claims'.
  const std::string text = "क\u0903 riot here";
  std::vector<WordToken> words;
  std::string lower;
  TokenizeWordsInto(text, 0, 100, &words, &lower);
  std::vector<EventToken> out;
  std::string folded;
  EventTokenScratch scratch;
  EXPECT_FALSE(EventTokensFromWords(text, ByteSpan{0, uint32_t(text.size())}, words, true, 600,
                                    &out, &folded, &scratch));
  // Claim words cut by their own cap before the events' cap: the rest is unknown.
  const std::string plain = "one two three four five";
  TokenizeWordsInto(plain, 0, 2, &words, &lower);
  EXPECT_FALSE(EventTokensFromWords(plain, ByteSpan{0, uint32_t(plain.size())}, words, false, 600,
                                    &out, &folded, &scratch));
  EXPECT_TRUE(EventTokensFromWords(plain, ByteSpan{0, uint32_t(plain.size())}, words, false, 2,
                                   &out, &folded, &scratch));
  EXPECT_EQ(out.size(), 2u);
}

}  // namespace
}  // namespace sitrep::extract
