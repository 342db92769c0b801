// Tests for the claims stage (src/extract/claims.cc) and the number reader
// (src/extract/numbers.cc) on the real language packs.
//
// The main table is tests/fixtures/claims/claims.tsv: invented crisis-news sentences in fr, en
// and ru with every claim expected in them, in a compact form (see RenderClaim). Every row must
// match exactly; ScoresEveryLanguage also prints claim precision / recall / F1 per language
// (scripts/score-claims.sh runs just that).
#include "extract/claims.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "base/tsv.h"
#include "document/validate.h"
#include "extract/numbers.h"
#include "extract/times.h"
#include "lang/resources.h"

namespace sitrep::extract {
namespace {

const lang::Resources& Res() {
  static const lang::Resources* res = [] {
    auto r = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return new lang::Resources(std::move(*r));
  }();
  return *res;
}

const ClaimFinder& Claims() {
  static const ClaimFinder* finder = [] {
    auto f = ClaimFinder::Create(Res());
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    return f.has_value() ? std::move(*f).release() : nullptr;
  }();
  return *finder;
}

const TimeFinder& Times() {
  static const TimeFinder* finder = [] {
    auto f = TimeFinder::Create(Res());
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    return f.has_value() ? std::move(*f).release() : nullptr;
  }();
  return *finder;
}

Document Analyze(const std::string& lang, const std::string& text,
                 const std::string& published = "2022-01-06") {
  Document doc;
  doc.language = lang;
  doc.text = text;
  doc.published.value = published;
  Times().Run(doc);
  Claims().Run(doc);
  Status st = document::ValidateDocument(doc);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return doc;
}

// quantity/group/label/value/approx/artifact/attribution, "-" for null; value "8" or "20..99".
std::string RenderClaim(const Claim& c) {
  std::string out = std::string(Name(c.quantity)) + "/" + std::string(Name(c.group)) + "/" +
                    c.label.value_or("-") + "/";
  if (!c.value) {
    out += "null";
  } else if (c.value->min == c.value->max) {
    out += std::to_string(c.value->min);
  } else {
    out += std::to_string(c.value->min) + ".." + std::to_string(c.value->max);
  }
  out += "/" + std::string(Name(c.approx)) + "/" +
         (c.artifact ? std::string(Name(*c.artifact)) : "-") + "/" +
         (c.attribution ? c.attribution->name : "-");
  return out;
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  if (s.empty() || s == "-") return out;
  size_t pos = 0;
  while (true) {
    size_t at = s.find(sep, pos);
    out.push_back(s.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + sep.size();
  }
  return out;
}

struct Row {
  int line = 0;
  std::string lang, text;
  std::vector<std::string> expected;
};

std::vector<Row> LoadTable() {
  auto t = base::LoadTsv(SITREP_SOURCE_DIR "/tests/fixtures/claims/claims.tsv",
                         {"lang", "text", "expected"});
  EXPECT_TRUE(t.has_value()) << t.error().ToString();
  std::vector<Row> rows;
  if (!t.has_value()) return rows;
  int lang = t->Column("lang"), text = t->Column("text"), expected = t->Column("expected");
  for (const base::TsvRow& r : t->rows) {
    rows.push_back(Row{r.line, r.fields[size_t(lang)], r.fields[size_t(text)],
                       Split(r.fields[size_t(expected)], " ; ")});
  }
  return rows;
}

TEST(ClaimsTableTest, EveryRowMatches) {
  std::vector<Row> rows = LoadTable();
  ASSERT_GE(rows.size(), 150u);
  for (const Row& row : rows) {
    SCOPED_TRACE("claims.tsv:" + std::to_string(row.line) + ": " + row.text);
    Document doc = Analyze(row.lang, row.text);
    std::vector<std::string> got;
    for (const Claim& c : doc.claims) got.push_back(RenderClaim(c));
    EXPECT_EQ(got, row.expected);
    for (const Claim& c : doc.claims) {
      // A value is never invented for an artefact, and every artefact is flagged.
      EXPECT_EQ(c.value.has_value(), !c.artifact.has_value());
      if (c.artifact) {
        bool warned = false;
        for (const Warning& w : doc.warnings) {
          warned |= w.code == Name(*c.artifact) && w.span.begin >= c.span.begin &&
                    w.span.end <= c.span.end;
        }
        EXPECT_TRUE(warned) << RenderClaim(c);
      }
    }
  }
}

// Claim-level precision / recall / F1 per language over the table (a claim counts as found only
// when every rendered field matches).
TEST(ClaimsTableTest, ScoresEveryLanguage) {
  std::vector<Row> rows = LoadTable();
  std::map<std::string, std::array<size_t, 3>> score;  // tp, fp, fn
  for (const Row& row : rows) {
    Document doc = Analyze(row.lang, row.text);
    std::multiset<std::string> want(row.expected.begin(), row.expected.end());
    auto& s = score[row.lang];
    for (const Claim& c : doc.claims) {
      auto it = want.find(RenderClaim(c));
      if (it != want.end()) {
        ++s[0];
        want.erase(it);
      } else {
        ++s[1];
      }
    }
    s[2] += want.size();
  }
  std::printf("lang  claims  P      R      F1\n");
  for (const auto& [lang, s] : score) {
    double p = s[0] + s[1] ? double(s[0]) / double(s[0] + s[1]) : 1.0;
    double r = s[0] + s[2] ? double(s[0]) / double(s[0] + s[2]) : 1.0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    std::printf("%-5s %6zu  %.3f  %.3f  %.3f\n", lang.c_str(), s[0] + s[2], p, r, f1);
    EXPECT_GE(f1, 0.95) << lang;
  }
}

TEST(ClaimsTest, FillsAsOfPlaceZoneAndAttributionEntity) {
  Document doc;
  doc.language = "fr";
  doc.text =
      "Titre : 8 policiers tués\n\nSelon le ministère de l'Intérieur, 18 militants ont été tués "
      "à Almaty jeudi 6 janvier.\n\nDepuis le 2 janvier, 164 personnes sont mortes.\n\n"
      "Commentaire : 300 manifestants ont été arrêtés.";
  doc.published.value = "2022-01-07T10:00";
  auto at = [&](const std::string& s) { return uint32_t(doc.text.find(s)); };
  doc.zones = {Zone{ZoneKind::kTitle, ByteSpan{0, at("\n\nSelon")}, {}},
               Zone{ZoneKind::kBody, ByteSpan{at("Selon"), at("\n\nCommentaire")}, {}},
               Zone{ZoneKind::kComment, ByteSpan{at("Commentaire"), uint32_t(doc.text.size())},
                    CommentInfo{1, 0, 4, "2022-01-08T09:00", std::nullopt}}};
  doc.entities = {
      Entity{"loc:almaty", EntityType::kLocation, "Almaty", {ByteSpan{at("Almaty"), at("Almaty") + 6}}},
      Entity{"org:mvd", EntityType::kOrganization, "MVD",
             {ByteSpan{at("ministère"), at(", 18")}}}};
  Times().Run(doc);
  Claims().Run(doc);
  ASSERT_TRUE(document::ValidateDocument(doc).ok());
  ASSERT_EQ(doc.claims.size(), 4u);
  const Claim& title = doc.claims[0];
  EXPECT_EQ(title.zone, ZoneKind::kBody);
  EXPECT_EQ(title.as_of.value_or(""), "2022-01-07");  // publication date, date part
  const Claim& body = doc.claims[1];
  EXPECT_EQ(body.place.value_or(""), "loc:almaty");
  EXPECT_EQ(body.as_of.value_or(""), "2022-01-06");  // the governing time expression
  ASSERT_TRUE(body.attribution.has_value());
  EXPECT_EQ(body.attribution->entity.value_or(""), "org:mvd");
  EXPECT_EQ(doc.Slice(body.span), "18 militants ont été tués");
  const Claim& since = doc.claims[2];
  EXPECT_EQ(since.as_of.value_or(""), "2022-01-07");  // "depuis le 2 janvier" is a start
  EXPECT_FALSE(since.place.has_value());
  const Claim& comment = doc.claims[3];
  EXPECT_EQ(comment.zone, ZoneKind::kComment);
  EXPECT_EQ(comment.as_of.value_or(""), "2022-01-08");  // the comment's own date
}

TEST(ClaimsTest, ListItemsByPlaceTakeTheirOwnPlace) {
  // Each item of a list by place is valid for the place named right after it; the figure they
  // are parts of is valid for none of those places (nor, here, for any other).
  for (const auto& [lang, text] : std::vector<std::pair<std::string, std::string>>{
           {"en", "Arrests\n\nPolice detained 130 people, including 60 in Krasnodar and 48 in "
                  "Perm."},
           {"ru", "Задержания\n\nВсего задержаны 130 человек: 60 – в Краснодаре, 48 – в Перми."}}) {
    SCOPED_TRACE(lang);
    Document doc;
    doc.language = lang;
    doc.text = text;
    doc.published.value = "2022-01-07";
    const std::string krasnodar = lang == "en" ? "Krasnodar" : "Краснодаре";
    const std::string perm = lang == "en" ? "Perm" : "Перми";
    auto mention = [&](const std::string& s) {
      const uint32_t at = uint32_t(doc.text.find(s));
      return ByteSpan{at, uint32_t(at + s.size())};
    };
    doc.zones = {Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}}};
    doc.entities = {
        Entity{"loc:krasnodar", EntityType::kLocation, "Krasnodar", {mention(krasnodar)}},
        Entity{"loc:perm", EntityType::kLocation, "Perm", {mention(perm)}}};
    Times().Run(doc);
    Claims().Run(doc);
    ASSERT_TRUE(document::ValidateDocument(doc).ok());
    ASSERT_EQ(doc.claims.size(), 3u);
    EXPECT_EQ(doc.claims[0].value->min, 130);
    EXPECT_FALSE(doc.claims[0].place.has_value());
    EXPECT_EQ(doc.claims[1].value->min, 60);
    EXPECT_EQ(doc.claims[1].place.value_or(""), "loc:krasnodar");
    EXPECT_EQ(doc.Slice(doc.claims[1].span).substr(0, 2), "60");
    EXPECT_TRUE(doc.Slice(doc.claims[1].span).ends_with(krasnodar));
    EXPECT_EQ(doc.claims[2].value->min, 48);
    EXPECT_EQ(doc.claims[2].place.value_or(""), "loc:perm");
    EXPECT_TRUE(doc.Slice(doc.claims[2].span).ends_with(perm));
  }
}

TEST(ClaimsTest, AnItemWhosePlaceComesFirstTakesThatPlace) {
  // "в Петербурге — 327": the place before the dash is the item's; the figure before it keeps
  // its own place, the nearer one of the two places notwithstanding.
  Document doc;
  doc.language = "ru";
  doc.text = "Задержания\n\nВ Москве вчера задержали 855 человек, в Петербурге — 327.";
  doc.published.value = "2022-01-07";
  auto mention = [&](const std::string& s) {
    const uint32_t at = uint32_t(doc.text.find(s));
    return ByteSpan{at, uint32_t(at + s.size())};
  };
  doc.zones = {Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}}};
  doc.entities = {Entity{"loc:moscow", EntityType::kLocation, "Moscow", {mention("Москве")}},
                  Entity{"loc:spb", EntityType::kLocation, "Saint Petersburg",
                         {mention("Петербурге")}}};
  Times().Run(doc);
  Claims().Run(doc);
  ASSERT_TRUE(document::ValidateDocument(doc).ok());
  ASSERT_EQ(doc.claims.size(), 2u);
  EXPECT_EQ(doc.claims[0].value->min, 855);
  EXPECT_EQ(doc.claims[0].place.value_or(""), "loc:moscow");
  EXPECT_EQ(doc.claims[1].value->min, 327);
  EXPECT_EQ(doc.claims[1].quantity, Quantity::kDetained);
  EXPECT_EQ(doc.claims[1].place.value_or(""), "loc:spb");
  EXPECT_EQ(doc.Slice(doc.claims[1].span), "Петербурге — 327");
}

TEST(ClaimsTest, APlaceInTheFiguresOwnClauseBeatsANearerOneInAnother) {
  Document doc;
  doc.language = "en";
  doc.text = "Clashes\n\nFourteen people were injured in Velmora, while 22 were injured in Ostrava. "
             "Three people died when a bank in Velmora burned.";
  doc.published.value = "2022-01-07";
  auto mention = [&](const std::string& s, size_t from = 0) {
    const uint32_t at = uint32_t(doc.text.find(s, from));
    return ByteSpan{at, uint32_t(at + s.size())};
  };
  doc.zones = {Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}}};
  doc.entities = {
      Entity{"loc:velmora", EntityType::kLocation, "Velmora",
             {mention("Velmora"), mention("Velmora", doc.text.find("bank"))}},
      Entity{"loc:ostrava", EntityType::kLocation, "Ostrava", {mention("Ostrava")}}};
  Times().Run(doc);
  Claims().Run(doc);
  ASSERT_TRUE(document::ValidateDocument(doc).ok());
  ASSERT_EQ(doc.claims.size(), 3u);
  EXPECT_EQ(doc.claims[0].place.value_or(""), "loc:velmora");
  EXPECT_EQ(doc.claims[1].value->min, 22);
  EXPECT_EQ(doc.claims[1].place.value_or(""), "loc:ostrava");  // not Velmora, nearer
  // The only place of the sentence, in the "when" clause, still counts.
  EXPECT_EQ(doc.claims[2].place.value_or(""), "loc:velmora");
}

TEST(ClaimsTest, WhenSomethingBeganIsNotTheFiguresDate) {
  // The date a few words after "began" / "ont commencé" / "начавшихся" is a start: the figure
  // is valid as of the publication date; a date the sentence gives for the figure still wins.
  const struct {
    const char* lang;
    const char* text;
    const char* as_of;
  } cases[] = {
      {"en", "At least 40 people died in the protests that began in Ostrel on Tuesday, March 11.",
       "2025-03-15"},
      {"fr", "Au moins 25 personnes ont été tuées depuis que les grèves ont commencé le 2 mars.",
       "2025-03-15"},
      {"ru", "Не менее 30 человек погибли в ходе протестов, начавшихся 4 марта.", "2025-03-15"},
      {"en", "On March 14, police said 12 people were killed after clashes started on March 12.",
       "2025-03-14"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Document doc;
    doc.language = c.lang;
    doc.text = c.text;
    doc.published.value = "2025-03-15T08:00";
    doc.zones = {Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}}};
    Times().Run(doc);
    Claims().Run(doc);
    ASSERT_EQ(doc.claims.size(), 1u);
    EXPECT_EQ(doc.claims[0].as_of.value_or(""), c.as_of);
  }
}

TEST(ClaimsTest, RelatedAndBoilerplateGiveNoClaimsButMasksAreFlagged) {
  Document doc;
  doc.language = "fr";
  doc.text = "Lire aussi : XNUMX policiers tués à Almaty\n14 commentaires";
  doc.zones = {Zone{ZoneKind::kRelated, ByteSpan{0, uint32_t(doc.text.find('\n'))}, {}},
               Zone{ZoneKind::kBoilerplate,
                    ByteSpan{uint32_t(doc.text.find('\n')) + 1, uint32_t(doc.text.size())}, {}}};
  Claims().Run(doc);
  EXPECT_TRUE(doc.claims.empty());
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0].code, "masked_number");
  EXPECT_EQ(doc.Slice(doc.warnings[0].span), "XNUMX");
}

// Run skips FindInSentence in a sentence with no number or no word a quantity can come from
// (quantity_filter_). Sentences at that boundary keep their claims and warnings: a figure whose
// quantity comes from the sentence before ("Among them"), from a group that implies one ("des
// milliers de manifestants": no quantity word), and a masked number with no quantity word.
TEST(ClaimsTest, SentencesWithoutAQuantityWordKeepWhatTheyGive) {
  struct Case {
    std::string lang, text;
    std::vector<std::string> expected;
  } cases[] = {
      // The second sentence has numbers but no quantity word: it borrows the first's.
      {"en", "The death toll rose to 38. Among them were 11 police officers.",
       {"killed/total/-/38/exact/-/-", "killed/security_forces/police officers/11/exact/-/-"}},
      // Without a figure before, the same sentence gives nothing.
      {"en", "The hospital stayed open. Among them were 11 police officers.", {}},
      // A group that implies its quantity, and no quantity word.
      {"fr", "Le maire a parlé. Des milliers de manifestants à Paris.",
       {"participants/protesters/manifestants/2000..9999/about/-/-"}},
      {"en", "Thousands of protesters in the capital on Sunday.",
       {"participants/protesters/protesters/2000..9999/about/-/-"}},
      // A quantity word and no number; a number and no quantity word.
      {"en", "Many were killed. The 3 buses left at noon.", {}},
  };
  for (const Case& c : cases) {
    Document doc = Analyze(c.lang, c.text);
    std::vector<std::string> got;
    for (const Claim& claim : doc.claims) got.push_back(RenderClaim(claim));
    EXPECT_EQ(got, c.expected) << c.text;
  }
  // Every XNUMX gets its warning, in a sentence with no quantity word too.
  Document doc = Analyze("en", "The bill has XNUMX pages. Nobody read it.");
  EXPECT_TRUE(doc.claims.empty());
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0].code, "masked_number");
  EXPECT_EQ(doc.Slice(doc.warnings[0].span), "XNUMX");
}

// Our own invented German sentence: "die" is a German article, not the English verb. A language
// without a pack is not read with the other packs' words.
TEST(ClaimsTest, ALanguageWithoutAPackIsNotReadWithOtherLanguagesWords) {
  const std::string text = "Mehr als 40 Besucher erwartet die Messe in der Stadt.";
  Document de;
  de.language = "de";
  de.text = text;
  Claims().Run(de);
  EXPECT_TRUE(de.claims.empty());
  ASSERT_EQ(de.warnings.size(), 1u);
  EXPECT_EQ(de.warnings[0].code, "language_not_read");
  // The same text with an unknown language is read with every pack (what misread it before).
  Document und;
  und.language = "und";
  und.text = text;
  Claims().Run(und);
  EXPECT_EQ(und.claims.size(), 1u);
  EXPECT_TRUE(und.warnings.empty());
  // A regional code reads its language's pack.
  Document en = Analyze("en-GB", "Police said 12 people were killed.");
  EXPECT_EQ(en.claims.size(), 1u);
  EXPECT_TRUE(lang::Resources::Reads(Res().languages(), "pt-BR") == false);
  EXPECT_TRUE(lang::Resources::Reads(Res().languages(), ""));
}

TEST(ClaimsTest, BoundsHostileInput) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "12 policiers tués, ";
  Document doc = Analyze("fr", text);
  EXPECT_LE(doc.claims.size(), ClaimFinder::kMaxClaimsPerDocument);
  EXPECT_FALSE(doc.claims.empty());
}

// Random sequences of the tricky pieces (digits, separators, hedges, masks, elisions, Cyrillic,
// punctuation): every result must validate and never carry a value for an artefact.
TEST(ClaimsTest, RandomPiecesAlwaysValidate) {
  const char* const kPieces[] = {"12", " ", "000", ",", ".", "\u00a0", "\u202f", "XNUMX", "3 26",
                                 "-", "+", "plus d'", "une", "centaine", "de", "policiers",
                                 "tués", "selon", "la police", "\n", "погибли", "более", "тысячи",
                                 "человек", "'", "’", "10-15", "entre", "et", "%", "ans", "45e",
                                 "said", "dozens", "of", "protesters", "(", ":", "2021", "1,5",
                                 "million", "dont", "d'entre eux", "сообщил", "МВД", "…"};
  uint64_t state = 42;
  auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return uint32_t(state >> 33);
  };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int n = 1 + int(next() % 40);
    for (int k = 0; k < n; ++k) {
      text += kPieces[next() % (sizeof kPieces / sizeof kPieces[0])];
      if (next() % 2) text += " ";
    }
    SCOPED_TRACE(text);
    Document doc = Analyze("fr", text);
    for (const Claim& c : doc.claims) EXPECT_EQ(c.value.has_value(), !c.artifact.has_value());
  }
}

struct NumberCase {
  const char* text;
  const char* value;  // "12000", "20..99", "null", "" = not a number
  const char* artifact;
};

const NumberCase kNumbers[] = {
    {"12 000 personnes", "12000", ""},
    {"12\u00a0000 personnes", "12000", ""},
    {"12\u202f000 personnes", "12000", ""},
    {"12,000 people", "12000", ""},
    {"1.000 manifestants", "1000", ""},
    {"3 000 soldats", "3000", ""},
    {"1 234 567 habitants", "1234567", ""},
    {"164 morts", "164", ""},
    {"2 500", "2500", ""},
    {"3 millions", "3000000", ""},
    {"1,5 million", "1500000", ""},
    {"12 тыс. человек", "12000", ""},
    {"2 thousand", "2000", ""},
    {"deux cents personnes", "200", ""},
    {"douze mille manifestants", "12000", ""},
    {"vingt-cinq policiers", "25", ""},
    {"trois cent quarante", "340", ""},
    {"three hundred people", "300", ""},
    {"twenty-one soldiers", "21", ""},
    {"Eight soldiers", "8", ""},
    {"двести человек", "200", ""},
    {"двухсот человек", "200", ""},
    {"тысяча человек", "1000", ""},
    {"пятьсот", "500", ""},
    {"une douzaine de", "12", ""},
    {"une centaine de", "100", ""},
    {"des dizaines de", "20..99", ""},
    {"des centaines de milliers", "200000..999999", ""},
    {"dozens of", "24..99", ""},
    {"hundreds of", "200..999", ""},
    {"несколько сотен", "200..999", ""},
    {"десятки", "20..99", ""},
    {"10-15 personnes", "10..15", ""},
    {"XNUMX", "null", "masked_number"},
    {"XNUMX%", "null", "masked_number"},
    {"3 26 fauteurs", "null", "garbled_number"},
    {"45e régiment", "", ""},
    {"31st brigade", "", ""},
    {"45-й полк", "", ""},
    {"123-45-67", "", ""},
    {"COVID-19", "", ""},
    {"policiers", "", ""},
    {"et", "", ""},
};

TEST(NumberReaderTest, ReadsNumbersAsPeopleWriteThem) {
  const NumberReader& reader = Claims().numbers();
  for (const NumberCase& c : kNumbers) {
    SCOPED_TRACE(c.text);
    std::optional<NumberRead> r = reader.Read(c.text);
    if (std::string(c.value).empty()) {
      EXPECT_FALSE(r.has_value());
      continue;
    }
    ASSERT_TRUE(r.has_value());
    std::string v = !r->value                      ? "null"
                    : r->value->min == r->value->max ? std::to_string(r->value->min)
                                                     : std::to_string(r->value->min) + ".." +
                                                           std::to_string(r->value->max);
    EXPECT_EQ(v, c.value);
    EXPECT_EQ(r->artifact ? std::string(Name(*r->artifact)) : "", c.artifact);
  }
}

TEST(NumberReaderTest, MayStartAtIsFalseOnlyWhereReadAtFindsNothing) {
  // FindInSentence skips the words MayStartAt rejects: every number of the table must pass
  // it, and at least the plain words must be rejected (or the filter does nothing).
  const NumberReader& reader = Claims().numbers();
  for (const NumberCase& c : kNumbers) {
    SCOPED_TRACE(c.text);
    Words words = TokenizeWords(c.text, 0, 256);
    const std::vector<WordToken>& tokens = words.tokens;
    ASSERT_FALSE(tokens.empty());
    if (!std::string(c.value).empty()) {
      EXPECT_TRUE(reader.MayStartAt(tokens[0]));
    }
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!reader.MayStartAt(tokens[i])) {
        EXPECT_FALSE(reader.ReadAt(c.text, 0, tokens, i));
      }
    }
  }
  // A bit filter may let a word through by chance, but not most of them.
  int rejected = 0, words = 0;
  for (const char* word : {"policiers", "manifestants", "selon", "police", "полиция", ",",
                           "les", "the", "said", "ont", "журналист", "capitale"}) {
    ++words;
    rejected += !reader.MayStartAt(TokenizeWords(word, 0, 4).tokens[0]);
  }
  EXPECT_GE(rejected, words - 3);
}

TEST(NumberReaderTest, SpansCoverTheWholeNumber) {
  const NumberReader& reader = Claims().numbers();
  std::string s = "12 000 personnes";
  auto r = reader.Read(s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(s.substr(r->span.begin, r->span.end - r->span.begin), "12 000");
  s = "deux cents personnes";
  r = reader.Read(s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(s.substr(r->span.begin, r->span.end - r->span.begin), "deux cents");
  EXPECT_TRUE(r->spelled);
  s = "2021";
  r = reader.Read(s);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->year_like);
  s = "1,5";
  r = reader.Read(s);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->integer);
}

TEST(NumberReaderTest, AfterAHedgeAWordThatIsBothReadsAsTheNumber) {
  const NumberReader& reader = Claims().numbers();
  Words words = TokenizeWords("более тысячи", 0, 10);
  const std::vector<WordToken>& tokens = words.tokens;
  auto r = reader.ReadAt("более тысячи", 0, tokens, 1, /*after_hedge=*/true);
  ASSERT_TRUE(r.has_value() && r->value.has_value());
  EXPECT_EQ(r->value->min, 1000);
  EXPECT_EQ(r->value->max, 1000);
  r = reader.ReadAt("более тысячи", 0, tokens, 1, /*after_hedge=*/false);
  ASSERT_TRUE(r.has_value() && r->value.has_value());
  EXPECT_EQ(r->value->min, 2000);
}

}  // namespace
}  // namespace sitrep::extract
