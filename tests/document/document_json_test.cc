#include "document/document_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "document/validate.h"

namespace sitrep::document {
namespace {

Document Sample() {
  Document d;
  d.text = "Titre\n\nCorps de l'article.\n\n1. +4 Un commentaire";
  d.id = base::ContentId(d.text);
  d.input = {"x/page.txt", InputFormat::kText, std::nullopt};
  d.url = "https://example.org/a";
  d.domain = "example.org";
  d.title = "Titre";
  d.language = "fr";
  d.published = {"2025-03-12", PublishedSource::kText};
  d.zones = {{ZoneKind::kTitle, {0, 5}, {}},
             {ZoneKind::kBody, {7, 26}, {}},
             {ZoneKind::kComment, {28, 48}, CommentInfo{1, 0, 4, "2025-03-12T10:20", "Ana"}}};
  d.provenance = {{ProvenanceRelation::kTranslationOf, "Exemple", std::nullopt, "Jo", {7, 12}}};
  d.warnings = {{"invalid_encoding", {7, 9}, "bad bytes"}};
  d.entities = {{"loc:example", EntityType::kLocation, "Example", {{7, 12}}},
                {"loc:zlobrovka", EntityType::kLocation, "Zlobrovka", {{13, 15}}}};
  Place known;
  known.entity = "loc:example";
  known.name = "Example";
  known.country = "KZ";
  known.lat = 43.25;
  known.lon = 76.9;
  known.kind = PlaceKind::kCity;
  Place unknown;  // a place the gazetteer does not know: no country, coordinates or kind
  unknown.entity = "loc:zlobrovka";
  unknown.name = "Zlobrovka";
  d.places = {known, unknown};
  Event e;
  e.type = EventType::kArrest;
  e.date = "2025-03-11";
  e.place = "loc:example";
  e.actors = {"org:police"};
  e.span = {7, 12};
  e.mentions = {{7, 12}, {13, 15}};
  e.attribution = Attribution{"Jo", "per:jo", {16, 18}};
  d.events = {e};
  Claim c;
  c.quantity = Quantity::kDetained;
  c.group = Group::kProtesters;
  c.label = "manifestants";
  c.value = ValueRange{100, 200};
  c.approx = Approx::kAtLeast;
  c.as_of = "2025-03-12";
  c.span = {7, 26};
  Claim masked = c;
  masked.value.reset();
  masked.artifact = Artifact::kMaskedNumber;
  masked.zone = ZoneKind::kComment;
  masked.span = {28, 48};
  d.claims = {c, masked};
  return d;
}

TEST(DocumentJsonTest, RoundTripKeepsEveryField) {
  Document d = Sample();
  ASSERT_TRUE(ValidateDocument(d).ok());
  Result<Document> back = FromJson(ToJson(d));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back), ToJson(d));
  EXPECT_EQ(back->zones[2].comment->score, 4);
  EXPECT_EQ(back->zones[2].comment->quoted_author, "Ana");
  EXPECT_EQ(back->provenance[0].translator, "Jo");
  EXPECT_FALSE(back->provenance[0].url.has_value());
  ASSERT_EQ(back->events.size(), 1u);
  EXPECT_EQ(back->events[0].mentions.size(), 2u);
  EXPECT_EQ(back->events[0].attribution->entity, "per:jo");
  ASSERT_EQ(back->claims.size(), 2u);
  EXPECT_EQ(back->claims[0].value, (ValueRange{100, 200}));
  EXPECT_EQ(back->claims[1].artifact, Artifact::kMaskedNumber);
  EXPECT_FALSE(back->claims[1].value.has_value());
  ASSERT_EQ(back->places.size(), 2u);
  EXPECT_EQ(back->places[0].kind, PlaceKind::kCity);
  EXPECT_FALSE(back->places[1].kind.has_value());
}

TEST(DocumentJsonTest, FollowsSchemaNamesAndNulls) {
  Document d = Sample();
  d.outlet.reset();
  auto j = nlohmann::json::parse(ToJson(d));
  EXPECT_EQ(j["schema"], "sitrep.document/1");
  EXPECT_TRUE(j["outlet"].is_null());
  EXPECT_EQ(j["input"]["format"], "text");
  EXPECT_TRUE(j["input"]["record"].is_null());
  EXPECT_EQ(j["published"]["source"], "text");
  EXPECT_EQ(j["zones"][2]["kind"], "comment");
  EXPECT_EQ(j["zones"][2]["comment"]["posted"], "2025-03-12T10:20");
  EXPECT_EQ(j["provenance"][0]["relation"], "translation_of");
  for (const char* layer : {"entities", "places", "times", "events", "claims"}) {
    EXPECT_TRUE(j[layer].is_array()) << layer;
  }
  EXPECT_EQ(j["places"][0]["kind"], "city");
  EXPECT_TRUE(j["places"][1]["kind"].is_null());
  EXPECT_TRUE(j["places"][1]["lat"].is_null());
  EXPECT_EQ(j["zones"][1]["start"], 7);
  EXPECT_EQ(j["events"][0]["type"], "arrest");
  EXPECT_EQ(j["events"][0]["attribution"], "Jo");
  EXPECT_EQ(j["events"][0]["zone"], "body");
  EXPECT_EQ(j["claims"][0]["quantity"], "detained");
  EXPECT_EQ(j["claims"][0]["group"], "protesters");
  EXPECT_EQ(j["claims"][0]["value"]["min"], 100);
  EXPECT_EQ(j["claims"][0]["approx"], "at_least");
  EXPECT_TRUE(j["claims"][0]["artifact"].is_null());
  EXPECT_TRUE(j["claims"][0]["attribution"].is_null());
  EXPECT_TRUE(j["claims"][1]["value"].is_null());
  EXPECT_EQ(j["claims"][1]["artifact"], "masked_number");
  EXPECT_EQ(j["claims"][1]["zone"], "comment");
}

TEST(DocumentJsonTest, RejectsGarbageWithoutThrowing) {
  for (const char* bad : {"", "[]", "{", "{\"schema\":\"other\"}",
                          "{\"schema\":\"sitrep.document/1\",\"id\":3}"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(FromJson(bad).has_value());
  }
}

TEST(ValidateDocumentTest, CatchesBrokenSpans) {
  Document d = Sample();
  d.zones[1].span = {7, 400};
  EXPECT_FALSE(ValidateDocument(d).ok());
  d = Sample();
  d.zones[1].span = {3, 26};  // overlaps the title
  EXPECT_FALSE(ValidateDocument(d).ok());
  d = Sample();
  d.text = "\xD0\x96z";
  d.zones = {{ZoneKind::kBody, {1, 3}, {}}};  // starts inside Ж
  EXPECT_FALSE(ValidateDocument(d).ok());
  d = Sample();
  d.zones[1].comment = CommentInfo{};
  EXPECT_FALSE(ValidateDocument(d).ok());
  d = Sample();
  d.claims[0].value = ValueRange{5, 2};
  EXPECT_FALSE(ValidateDocument(d).ok());
  d = Sample();
  d.events[0].mentions.push_back({40, 900});
  EXPECT_FALSE(ValidateDocument(d).ok());
}

TEST(ContentIdTest, SameTextSameIdDifferentTextDifferentId) {
  EXPECT_EQ(base::ContentId("abc"), base::ContentId("abc"));
  EXPECT_NE(base::ContentId("abc"), base::ContentId("abd"));
  EXPECT_EQ(base::ContentId("abc").size(), 33u);
  // SHA-256("abc") starts ba7816bf...
  EXPECT_EQ(base::ContentId("abc").substr(0, 9), "dba7816bf");
}

}  // namespace
}  // namespace sitrep::document
