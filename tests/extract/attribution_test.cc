// Tests for the attribution finder (src/extract/attribution.cc) and the claim word helpers
// (src/extract/claim_words.cc) on the real language packs.
#include "extract/attribution.h"

#include <gtest/gtest.h>

#include <string>

#include "extract/claim_words.h"
#include "lang/resources.h"

namespace sitrep::extract {
namespace {

const AttributionCues& Cues() {
  static const AttributionCues* cues = [] {
    auto res = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    EXPECT_TRUE(res.has_value()) << res.error().ToString();
    auto c = AttributionCues::Load(*res);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return new AttributionCues(std::move(*c));
  }();
  return *cues;
}

struct Case {
  const char* text;    // one sentence
  const char* anchor;  // the figure (first occurrence)
  const char* source;  // expected source words; "" = no attribution
};

const Case kCases[] = {
    {"Selon le ministère de l'Intérieur, 18 militants ont été tués.", "18",
     "ministère de l'Intérieur"},
    {"D'après la police, 300 personnes ont été arrêtées.", "300", "police"},
    {"D’après des sources médicales 40 personnes ont été blessées.", "40", "sources médicales"},
    {"Le porte-parole du gouvernement a déclaré que 12 policiers avaient été tués.", "12",
     "porte-parole du gouvernement"},
    {"Douze policiers ont été tués, a déclaré le porte-parole.", "Douze", "porte-parole"},
    {"Au moins 20 personnes ont été tuées, selon des médecins.", "20", "médecins"},
    {"Il a déclaré que 20 personnes avaient été tuées.", "20", ""},
    // An acronym in brackets after the name stays in the source.
    {"The Velmor Rights Commission (VRC) reported that 12 people were injured.", "12",
     "Velmor Rights Commission (VRC)"},
    // A relative pronoun is no source.
    {"Le ministre, qui a annoncé que 20 personnes avaient été tuées, est parti.", "20", ""},
    {"Глава МВД, который сообщил, что задержаны 20 человек, уехал.", "20", ""},
    {"According to the health ministry, 164 people were killed.", "164", "health ministry"},
    {"Police said 20 protesters were detained.", "20", "Police"},
    {"At least 18 officers were killed, the Interior Ministry said.", "18", "Interior Ministry"},
    {"Eight soldiers died, said a military spokesman.", "Eight", "military spokesman"},
    {"More than 3,000 people were detained.", "3,000", ""},
    {"По данным МВД, задержаны 300 человек.", "300", "МВД"},
    {"По словам очевидцев, погибли 10 человек.", "10", "очевидцев"},
    {"Погибли 18 силовиков, сообщил представитель МВД.", "18", "представитель МВД"},
    {"Минздрав сообщил, что ранены более 700 человек.", "700", "Минздрав"},
    {"Задержаны 300 человек, сообщили в полиции.", "300", "полиции"},
    {"Ранены 40 человек.", "40", ""},
    // An auxiliary or a possessive is no source; an adverb before the verb is passed over; an
    // acronym in brackets stays in the source before it.
    {"Volunteers of the Harbour Watch (HW) have confirmed at least 40 deaths.", "40",
     "Volunteers of the Harbour Watch (HW)"},
    {"The ministry's toll of 45 matches our confirmed deaths.", "45", ""},
    {"The Interior Ministry now says 14 officers were killed.", "14", "Interior Ministry"},
    {"Le ministère de la Santé désormais affirme que 45 personnes sont mortes.", "45",
     "ministère de la Santé"},
    {"МВД теперь сообщило о 14 погибших.", "14", "МВД"},
    // A conjunction or subordinator before the source: the source starts after it; one or two
    // words before a conjunction from the clause start join it.
    {"Security and medical officials also said at least 57 people were wounded.", "57",
     "Security and medical officials"},
    {"Two men were questioned and police said 20 people were detained.", "20", "police"},
    {"This comes after police said 20 people were detained.", "20", "police"},
    {"Le calme est revenu mais la préfecture a annoncé 30 interpellations.", "30", "préfecture"},
    // Before a conjunction: more than one word from the clause start is a clause or a name in
    // lower case (no source); a name in capitals joins; a clause ending at a stop word opens it.
    {"Clashes erupted and police said 20 people were detained.", "20", ""},
    {"The Ministry of Health and Social Services said 12 people were injured.", "12",
     "Ministry of Health and Social Services"},
    {"An official with the Interior Ministry said 30 people were detained.", "30",
     "official with the Interior Ministry"},
    {"According to the Sydney Morning Herald, 12 people died.", "12", "Sydney Morning Herald"},
    // A participle after "of" is no reporting verb; an adverb of place is no source.
    {"The number of reported deaths rose to 40.", "40", ""},
    {"Там сообщили, что погибли 8 человек.", "8", ""},
    // Whom a source spoke to is not the source: after "told", nothing; after a French verb,
    // "à l'AFP" is passed over or ends the source; after "selon" it may be part of a name.
    {"Eight soldiers died, a colonel told Reuters.", "Eight", "colonel"},
    {"Eight soldiers died, Kovar told the Daily Ledger late on Friday.", "Eight", "Kovar"},
    {"Eight soldiers died, the army told reporters.", "Eight", "army"},
    {"Huit soldats sont morts, a déclaré à l'AFP un colonel de l'armée.", "Huit",
     "colonel de l'armée"},
    {"Huit soldats sont morts, a déclaré un colonel à l'AFP.", "Huit", "colonel"},
    {"Selon le Haut-Commissariat aux réfugiés, 800 civils ont fui.", "800",
     "Haut-Commissariat aux réfugiés"},
    // An apposition between commas right before the verb is the source when none follows it;
    // one opening with a name is not, and a source after the verb wins.
    {"Eight soldiers died, Ilse Varga, a spokeswoman for the army, told the Daily Ledger.", "Eight",
     "spokeswoman for the army"},
    {"Huit soldats sont morts, Ilse Varga, la porte-parole de l'armée, a déclaré lundi.", "Huit",
     "porte-parole de l'armée"},
    {"Погибли восемь военных, Ильза Варга, представитель армии, сообщила журналистам.", "восемь",
     "представитель армии"},
    {"Eight soldiers died in Dorvik, a town of two thousand, said the mayor.", "Eight", "mayor"},
    // A capitalised word after a capitalised one goes on with the name, though "now" is an
    // adverb elsewhere.
    {"Twenty activists were detained, according to Access Now.", "Twenty", "Access Now"},
    // A capitalised determiner inside the sentence opens a title and stays.
    {"Vingt personnes ont été tuées, selon Le Monde.", "Vingt", "Le Monde"},
    {"Twenty people were killed, the Daily Ledger reported.", "Twenty", "Daily Ledger"},
    {"The ministry now says 14 officers were killed.", "14", "ministry"},
};

TEST(AttributionTest, FindsTheSourceOfEachSentence) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    Document doc;
    doc.text = c.text;
    size_t at = doc.text.find(c.anchor);
    ASSERT_NE(at, std::string::npos);
    ByteSpan anchor{uint32_t(at), uint32_t(at + std::string(c.anchor).size())};
    auto a = FindAttribution(doc, ByteSpan{0, uint32_t(doc.text.size())}, anchor, Cues());
    if (std::string(c.source).empty()) {
      EXPECT_FALSE(a.has_value()) << a->name;
      continue;
    }
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->name, c.source);
    EXPECT_EQ(doc.Slice(a->span), a->name);
  }
}

TEST(AttributionTest, ResolvesTheEntityMentionedInsideTheSource) {
  Document doc;
  doc.text = "Selon le ministère de l'Intérieur du Kazakhstan, 18 militants ont été tués.";
  size_t org = doc.text.find("ministère");
  size_t kz = doc.text.find("Kazakhstan");
  doc.entities.push_back(Entity{"loc:kz", EntityType::kLocation, "Kazakhstan",
                                {ByteSpan{uint32_t(kz), uint32_t(kz + 10)}}});
  auto a = FindAttribution(doc, ByteSpan{0, uint32_t(doc.text.size())},
                           ByteSpan{uint32_t(doc.text.find("18")), uint32_t(doc.text.find("18") + 2)},
                           Cues());
  ASSERT_TRUE(a.has_value());
  // A location inside an organisation's name is not the source.
  EXPECT_FALSE(a->entity.has_value());
  doc.entities.push_back(Entity{"org:mvd-kz", EntityType::kOrganization, "MVD",
                                {ByteSpan{uint32_t(org), uint32_t(kz + 10)}}});
  a = FindAttribution(doc, ByteSpan{0, uint32_t(doc.text.size())},
                      ByteSpan{uint32_t(doc.text.find("18")), uint32_t(doc.text.find("18") + 2)},
                      Cues());
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->entity.value_or(""), "org:mvd-kz");
}

TEST(MentionIndexTest, AnswersAsAWalkOverEveryMentionWould) {
  Document doc;
  doc.text = "Almaty police and Ivan Petrov of the Astana office said";
  //          0      7      14  18   23     30     37     44     51
  doc.entities.push_back(Entity{"loc:almaty", EntityType::kLocation, "Almaty", {{0, 6}}});
  doc.entities.push_back(Entity{"org:office", EntityType::kOrganization, "Astana office",
                                {{37, 50}}});
  doc.entities.push_back(Entity{"per:ivan-petrov", EntityType::kPerson, "Ivan Petrov",
                                {{18, 29}, {23, 29}}});
  doc.entities.push_back(Entity{"loc:astana", EntityType::kLocation, "Astana", {{37, 43}}});
  MentionIndex index(doc);
  // The first entity in document order with a mention inside, though its mention comes later.
  ASSERT_NE(index.SourceEntity(ByteSpan{0, 50}), nullptr);
  EXPECT_EQ(index.SourceEntity(ByteSpan{0, 50})->id, "org:office");
  EXPECT_EQ(index.SourceEntity(ByteSpan{0, 30})->id, "per:ivan-petrov");
  // A mention running past the span does not count.
  EXPECT_EQ(index.SourceEntity(ByteSpan{0, 45})->id, "per:ivan-petrov");
  // Only locations: the one opening the span, none inside it.
  EXPECT_EQ(index.SourceEntity(ByteSpan{0, 16})->id, "loc:almaty");
  EXPECT_EQ(index.SourceEntity(ByteSpan{37, 44})->id, "loc:astana");
  EXPECT_EQ(index.SourceEntity(ByteSpan{33, 44}), nullptr);
  EXPECT_EQ(index.SourceEntity(ByteSpan{7, 16}), nullptr);
  EXPECT_TRUE(index.PersonEndsAt(29));
  EXPECT_FALSE(index.PersonEndsAt(6));   // a location
  EXPECT_FALSE(index.PersonEndsAt(28));
  EXPECT_TRUE(index.Covers(0));
  EXPECT_FALSE(index.Covers(6));   // Almaty's end
  EXPECT_TRUE(index.Covers(25));   // inside both Petrov mentions
  EXPECT_FALSE(index.Covers(32));
}

TEST(AttributionTest, NoCuesNoAttribution) {
  auto empty = AttributionCues::FromTables({});
  ASSERT_TRUE(empty.has_value());
  Document doc;
  doc.text = "Selon la police, 3 morts.";
  EXPECT_FALSE(FindAttribution(doc, ByteSpan{0, uint32_t(doc.text.size())}, ByteSpan{17, 18},
                               *empty)
                   .has_value());
}

TEST(ClaimWordsTest, SplitsElisionsAndKeepsInnerHyphens) {
  Words words = TokenizeWords("D’après l'OTSC, vingt-cinq 45-й +4", 0, 100);
  const std::vector<WordToken>& t = words.tokens;
  std::vector<std::string> lower;
  for (const WordToken& w : t) lower.emplace_back(w.lower);
  std::vector<std::string> want = {"d'", "après", "l'", "otsc", ",", "vingt-cinq", "45-й", "+",
                                   "4"};
  EXPECT_EQ(lower, want);
  EXPECT_TRUE(t.back().digits);
  EXPECT_FALSE(t[6].digits);
}

TEST(ClaimWordsTest, StemPhrasesMatchWordStarts) {
  PhraseTable table;
  ASSERT_TRUE(table.Add("погиб*", 1));
  ASSERT_TRUE(table.Add("ont été tués", 2));
  ASSERT_TRUE(table.Add("tué*", 3));
  Words words = TokenizeWords("погибших ont été tués", 0, 100);
  const std::vector<WordToken>& t = words.tokens;
  EXPECT_EQ(table.Match(t, 0).id, 1u);
  EXPECT_EQ(table.Match(t, 1).length, 3u);
  EXPECT_EQ(table.Match(t, 3).id, 3u);
  uint32_t id = 0;
  EXPECT_TRUE(table.MatchEndingAt(t, 4, 3, &id));
  EXPECT_EQ(id, 2u);
}

TEST(ClaimWordsTest, SplitsSentencesButNotInitials) {
  std::string text = "M. Tokaïev a parlé. 18 morts! Puis\nune ligne";
  auto s = SplitSentences(text, 0);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(text.substr(s[0].begin, s[0].end - s[0].begin), "M. Tokaïev a parlé.");
  EXPECT_EQ(text.substr(s[1].begin, s[1].end - s[1].begin), "18 morts!");
  EXPECT_EQ(text.substr(s[3].begin, s[3].end - s[3].begin), "une ligne");
}

// Two-byte letters (accented Latin, Cyrillic) are skipped in one step: the ends around them
// still count, and a long run is still cut at a space.
TEST(ClaimWordsTest, SplitsCyrillicAndAccentedTextLikeAscii) {
  std::string text = "Полиция задержала людей. Митинг продолжился!\nÉté déjà passé. Ещё";
  auto s = SplitSentences(text, 0);
  std::vector<std::string> got;
  for (const SentenceSpan& b : s) got.push_back(text.substr(b.begin, b.end - b.begin));
  EXPECT_EQ(got, (std::vector<std::string>{"Полиция задержала людей.", "Митинг продолжился!",
                                           "Été déjà passé.", "Ещё"}));
  std::string run;
  for (int i = 0; i < 500; ++i) run += "слово ";
  s = SplitSentences(run, 0, 100);
  ASSERT_GE(s.size(), 30u);
  for (const SentenceSpan& b : s) {
    std::string piece = run.substr(b.begin, b.end - b.begin);
    EXPECT_LE(piece.size(), 100u);
    EXPECT_EQ(piece.substr(0, 10), "слово");
    EXPECT_EQ(piece.substr(piece.size() - 10), "слово");
  }
}

}  // namespace
}  // namespace sitrep::extract
