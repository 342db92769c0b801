#include "connect/relay.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "connect/fixture_docs.h"
#include "lang/resources.h"

namespace sitrep::connect {
namespace {

using testing::AddEntity;
using testing::AddTime;
using testing::MakeDoc;

// Our own invented report, in English, and what other outlets did with it.
const char* kTitle = "Flood in Veloria: 14 dead, 2300 evacuated";
const char* kBody =
    "The river Sanna burst its banks on 2 March and flooded the lower town of Veloria. "
    "Mayor Ilsa Marrow said on Tuesday that 14 people died and 2300 residents were evacuated "
    "to schools and sports halls. Rescue boats worked through the night in the flooded streets "
    "while engineers from the regional water board inspected the old dam upstream. "
    "The governor of Astrel province, Oren Vask, promised 40 million in emergency aid and sent "
    "120 soldiers to help the rescue teams. Forecasters expect more rain until 5 March, and the "
    "river may rise again near the dam. Schools in Veloria will stay closed for the week, and "
    "the railway line to Astrel is cut at two places where the embankment collapsed. Residents "
    "who stayed in their homes were asked to move to upper floors and wait for the boats.";

const char* kFrenchTitle = "Inondation à Veloria : 14 morts, 2300 évacués";
const char* kFrenchBody =
    "La rivière Sanna est sortie de son lit le 2 mars et a inondé la ville basse de Veloria. "
    "La maire Ilsa Marrow a déclaré mardi que 14 personnes sont mortes et que 2300 habitants "
    "ont été évacués vers des écoles et des gymnases. Les bateaux de secours ont travaillé toute "
    "la nuit pendant que les ingénieurs inspectaient le vieux barrage. Le gouverneur de la "
    "province d'Astrel, Oren Vask, a promis 40 millions d'aide d'urgence et envoyé 120 soldats. "
    "Les prévisionnistes attendent de la pluie jusqu'au 5 mars. Les écoles de Veloria resteront "
    "fermées et la ligne de chemin de fer vers Astrel est coupée.";

void Annotate(Document& d, bool french) {
  AddEntity(d, "loc:veloria", EntityType::kLocation, "Veloria", {"Veloria"}, "ZZ");
  AddEntity(d, "loc:sanna", EntityType::kLocation, "Sanna", {"Sanna"}, "ZZ");
  AddEntity(d, "loc:astrel", EntityType::kLocation, "Astrel", {"Astrel"}, "ZZ");
  AddEntity(d, "per:ilsa-marrow", EntityType::kPerson, "Ilsa Marrow", {"Ilsa Marrow"});
  AddEntity(d, "per:oren-vask", EntityType::kPerson, "Oren Vask", {"Oren Vask"});
  AddTime(d, french ? "2 mars" : "2 March", "2031-03-02");
  AddTime(d, french ? "5 mars" : "5 March", "2031-03-05");
}

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<lang::Resources> r = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    auto p = RelayPrinter::Create(*r);
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    printer_ = std::move(*p);
  }
  std::unique_ptr<RelayPrinter> printer_;
};

const Relay* Find(const std::vector<Relay>& relays, std::string_view from) {
  for (const Relay& r : relays) {
    if (r.from == from) return &r;
  }
  return nullptr;
}

TEST_F(RelayTest, CopiesExcerptsAndTranslationsFound) {
  Document original = MakeDoc("d-original", "en", "2031-03-03", "Veloria Courier", kTitle, kBody);
  Annotate(original, false);
  // A copy a day later, with its own headline, a changed sentence and reader comments.
  std::string copy_body = kBody;
  copy_body.replace(copy_body.find("Rescue boats"), 12, "Lifeboats");
  Document copy = MakeDoc("d-copy", "en", "2031-03-04", "Aggregator Daily",
                          "Veloria flood: toll at 14", copy_body,
                          "12 dead in my street alone, they lie! Nobody came with boats.");
  Annotate(copy, false);
  // An excerpt: the first three sentences and a teaser line.
  std::string excerpt_body = std::string(kBody).substr(0, std::string(kBody).find("The governor"));
  excerpt_body += " Read the full report on the Courier's site.";
  Document excerpt =
      MakeDoc("d-excerpt", "en", "2031-03-03", "News Digest", "Veloria flooded", excerpt_body);
  Annotate(excerpt, false);
  // A translation: other words, same anchors in the same order.
  Document french = MakeDoc("d-french", "fr", "2031-03-04", "Le Veilleur", kFrenchTitle,
                            kFrenchBody);
  Annotate(french, true);
  // Same story, independent reporting: same places and people, other words and numbers.
  Document other = MakeDoc(
      "d-other", "en", "2031-03-04", "Astrel Post", "Aid reaches Veloria",
      "Oren Vask visited Veloria on Wednesday. Ilsa Marrow showed him the Sanna embankment. "
      "Trucks from Astrel brought 600 beds, 35 pumps and food for 900 families. The governor "
      "said the dam on the Sanna held, and that 7 bridges must be inspected before trains run. "
      "Volunteers from Astrel cleaned the market square of Veloria, where mud was 80 cm deep.");
  Annotate(other, false);
  AddTime(other, "Wednesday", "2031-03-04");

  std::vector<RelayPrint> prints;
  for (const Document* d : {&original, &copy, &excerpt, &french, &other}) {
    prints.push_back(printer_->Print(*d));
  }
  std::vector<Relay> relays = FindRelays(prints);

  const Relay* r = Find(relays, "d-copy");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelayKind::kCopy);
  EXPECT_EQ(r->to_doc, "d-original");
  EXPECT_GE(r->score, kCopyResemblance);

  r = Find(relays, "d-excerpt");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelayKind::kExcerpt);
  EXPECT_EQ(r->to_doc.value_or("").substr(0, 2), "d-");
  EXPECT_NE(r->to_doc, std::optional<std::string>("d-french"));

  r = Find(relays, "d-french");
  ASSERT_NE(r, nullptr) << "translation not found";
  EXPECT_EQ(r->kind, RelayKind::kTranslation);
  EXPECT_TRUE(r->to_doc == "d-original" || r->to_doc == "d-copy");
  EXPECT_FALSE(r->evidence.empty());

  EXPECT_EQ(Find(relays, "d-other"), nullptr) << "independent report taken for a relay";
  EXPECT_EQ(Find(relays, "d-original"), nullptr) << "the original relays nobody";

  // Whatever the order of the prints.
  std::reverse(prints.begin(), prints.end());
  std::vector<Relay> again = FindRelays(prints);
  ASSERT_EQ(again.size(), relays.size());
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].from, relays[i].from);
    EXPECT_EQ(again[i].to_doc, relays[i].to_doc);
  }
}

TEST_F(RelayTest, CommentsDoNotMakeACopy) {
  // Two different articles under the same long comment thread are not copies of each other.
  std::string thread;
  for (int i = 0; i < 30; ++i) {
    thread += "Reader " + std::to_string(i) + " says the mayor hides the truth about the dam. ";
  }
  Document a = MakeDoc("d-a", "en", "2031-03-03", "A", "Dam holds",
                       "Engineers said the old dam above Veloria held through the night.", thread);
  Document b = MakeDoc("d-b", "en", "2031-03-03", "B", "Schools closed",
                       "All schools of the province stay closed until the water goes down.",
                       thread);
  std::vector<Relay> relays = FindRelays({printer_->Print(a), printer_->Print(b)});
  EXPECT_TRUE(relays.empty());
}

TEST_F(RelayTest, ProvenanceLineIsARelayToTheOutlet) {
  Document d = MakeDoc("d-t", "fr", "2031-03-04", "Réseau Exemple", kFrenchTitle, kFrenchBody);
  Provenance p;
  p.relation = ProvenanceRelation::kTranslationOf;
  p.outlet = "Veloria Courier";
  d.provenance.push_back(p);
  Document src = MakeDoc("d-src", "en", "2031-03-03", "Veloria Courier", kTitle, kBody);
  std::vector<Relay> relays = FindRelays({printer_->Print(d), printer_->Print(src)});
  const Relay* r = Find(relays, "d-t");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelayKind::kTranslation);
  EXPECT_EQ(r->to_outlet, "Veloria Courier");
  EXPECT_EQ(r->to_doc, "d-src");  // the outlet's document is present
  // Without the source document, the relay names the outlet only.
  relays = FindRelays({printer_->Print(d)});
  ASSERT_EQ(relays.size(), 1u);
  EXPECT_FALSE(relays[0].to_doc.has_value());
}

TEST(AnchorLcsTest, CountsOrderedCommonAnchors) {
  std::vector<std::string> a = {"e:x", "n:14", "n:2300", "e:y", "t:2031-03-02"};
  std::vector<std::string> b = {"n:14", "e:x", "n:2300", "e:y", "n:5"};
  EXPECT_EQ(AnchorLcs(a, b), 3u);
  EXPECT_EQ(AnchorLcs(a, {}), 0u);
  EXPECT_EQ(AnchorLcs(a, a), a.size());
}

}  // namespace
}  // namespace sitrep::connect
