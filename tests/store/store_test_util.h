// Documents and checks shared by the store tests (sqlite_store_test.cc for what only SQLite
// has, store_contract_test.cc for what every backend must do).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/hash.h"
#include "document/document_json.h"
#include "sitrep/store.h"

namespace sitrep::store {

// --- building documents -----------------------------------------------------------------------

// A document whose zones are given as (kind, piece of text): the text is their concatenation,
// each piece followed by a newline.
struct Piece {
  ZoneKind kind;
  std::string text;
};

inline Document MakeDoc(const std::vector<Piece>& pieces, const std::string& language = "fr") {
  Document d;
  for (const Piece& p : pieces) {
    Zone z;
    z.kind = p.kind;
    z.span.begin = static_cast<uint32_t>(d.text.size());
    d.text += p.text;
    z.span.end = static_cast<uint32_t>(d.text.size());
    d.text += "\n";
    d.zones.push_back(z);
  }
  d.id = base::ContentId(d.text);
  d.language = language;
  d.input.path = "dump/" + language + ".txt";
  return d;
}

inline Document MakeBodyDoc(const std::string& body, const std::string& language) {
  return MakeDoc({{ZoneKind::kBody, body}}, language);
}

// A document using every field the store keeps, with some optionals set and some not.
inline Document RichDocument() {
  Document d = MakeDoc({
      {ZoneKind::kTitle, "Crue à Semeï : l'état d'urgence décrété"},
      {ZoneKind::kBody, "Les autorités de la région d'Abaï ont décrété l'état d'urgence."},
      {ZoneKind::kBody, "Source : Agence Steppe Info (traduction Inès Valcourt)"},
      {ZoneKind::kComment, "Citation: Arman\nMerci pour l'info, restez prudents."},
      {ZoneKind::kComment, "Encore une fois les digues..."},
      {ZoneKind::kBoilerplate, "Tous droits réservés"},
  });
  d.input.path = "fixtures/feed.jsonl";
  d.input.format = InputFormat::kJsonl;
  d.input.record = 41;
  d.url = "https://steppe-info.example/2024/04/crue-semei";
  d.domain = "steppe-info.example";
  d.outlet = "Steppe Info";
  d.title = "Crue à Semeï : l'état d'urgence décrété";
  d.language = "fr";
  d.published = {"2024-04-07T09:30", PublishedSource::kMetadata};
  CommentInfo full;
  full.index = 3;
  full.depth = 1;
  full.score = -2;
  full.posted = "2024-04-07T10:20";
  full.quoted_author = "Arman";
  d.zones[3].comment = full;
  CommentInfo sparse;  // everything unknown but the depth
  d.zones[4].comment = sparse;
  Provenance p1;
  p1.relation = ProvenanceRelation::kTranslationOf;
  p1.outlet = "Agence Steppe Info";
  p1.url = "https://steppe-info.example/kk/123";
  p1.translator = "Inès Valcourt";
  p1.span = d.zones[2].span;
  Provenance p2;  // from metadata: empty span, nulls
  p2.relation = ProvenanceRelation::kRepublishedFrom;
  d.provenance = {p1, p2};
  d.warnings = {{"truncated", {d.zones[1].span.end - 3, d.zones[1].span.end}, "ends mid-word"},
                {"invalid_utf8", {0, 0}, ""}};
  return d;
}

inline void ExpectSameDocument(const Document& a, const Document& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.input.path, b.input.path);
  EXPECT_EQ(a.input.format, b.input.format);
  EXPECT_EQ(a.input.record, b.input.record);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.domain, b.domain);
  EXPECT_EQ(a.outlet, b.outlet);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.published.value, b.published.value);
  EXPECT_EQ(a.published.source, b.published.source);
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(a.zones.size(), b.zones.size());
  for (size_t i = 0; i < a.zones.size(); ++i) {
    SCOPED_TRACE("zone " + std::to_string(i));
    EXPECT_EQ(a.zones[i].kind, b.zones[i].kind);
    EXPECT_EQ(a.zones[i].span, b.zones[i].span);
    ASSERT_EQ(a.zones[i].comment.has_value(), b.zones[i].comment.has_value());
    if (a.zones[i].comment) {
      const CommentInfo& x = *a.zones[i].comment;
      const CommentInfo& y = *b.zones[i].comment;
      EXPECT_EQ(x.index, y.index);
      EXPECT_EQ(x.depth, y.depth);
      EXPECT_EQ(x.score, y.score);
      EXPECT_EQ(x.posted, y.posted);
      EXPECT_EQ(x.quoted_author, y.quoted_author);
    }
  }
  ASSERT_EQ(a.provenance.size(), b.provenance.size());
  for (size_t i = 0; i < a.provenance.size(); ++i) {
    SCOPED_TRACE("provenance " + std::to_string(i));
    EXPECT_EQ(a.provenance[i].relation, b.provenance[i].relation);
    EXPECT_EQ(a.provenance[i].outlet, b.provenance[i].outlet);
    EXPECT_EQ(a.provenance[i].url, b.provenance[i].url);
    EXPECT_EQ(a.provenance[i].translator, b.provenance[i].translator);
    EXPECT_EQ(a.provenance[i].span, b.provenance[i].span);
  }
  ASSERT_EQ(a.warnings.size(), b.warnings.size());
  for (size_t i = 0; i < a.warnings.size(); ++i) {
    SCOPED_TRACE("warning " + std::to_string(i));
    EXPECT_EQ(a.warnings[i].code, b.warnings[i].code);
    EXPECT_EQ(a.warnings[i].span, b.warnings[i].span);
    EXPECT_EQ(a.warnings[i].message, b.warnings[i].message);
  }
  EXPECT_EQ(document::ToJson(a), document::ToJson(b));
}

// --- entity table (schema v2) ------------------------------------------------------------------

// Adds an entity whose mentions are the given pieces of the document's text (each found after
// the previous one).
inline void AddEntity(Document* d, const std::string& id, EntityType type, const std::string& name,
               const std::vector<std::string>& pieces) {
  Entity e{id, type, name, {}};
  size_t from = 0;
  for (const std::string& p : pieces) {
    size_t at = d->text.find(p, from);
    ASSERT_NE(at, std::string::npos) << p;
    e.mentions.push_back({uint32_t(at), uint32_t(at + p.size())});
    from = at + p.size();
  }
  d->entities.push_back(std::move(e));
  std::sort(d->entities.begin(), d->entities.end(),
            [](const Entity& a, const Entity& b) { return a.id < b.id; });
}

// Two invented reports about the same (invented) governor, spelled three ways.
inline Document FloodReportFr() {
  Document d = MakeBodyDoc(
      "Le gouverneur Nourlan Orazbaïev a visité Semeï. Orazbaïev a promis des digues.", "fr");
  AddEntity(&d, "per:nurlan-orazbaev", EntityType::kPerson, "Nourlan Orazbaïev",
            {"Nourlan Orazbaïev", "Orazbaïev"});
  AddEntity(&d, "loc:gn1519422", EntityType::kLocation, "Semey", {"Semeï"});
  return d;
}

inline Document FloodReportRu() {
  Document d = MakeBodyDoc("Губернатор Нурлан Оразбаев прибыл в Семей. Оразбаев обещал помощь.",
                           "ru");
  AddEntity(&d, "per:nurlan-orazbaev", EntityType::kPerson, "Нурлан Оразбаев",
            {"Нурлан Оразбаев", "Оразбаев"});
  AddEntity(&d, "loc:gn1519422", EntityType::kLocation, "Semey", {"Семей"});
  AddEntity(&d, "org:red_cross_50%", EntityType::kOrganization, "Croix_Rouge 50%", {});
  return d;
}

inline std::string VariantList(const EntityRecord& e) {
  std::string out;
  for (const EntityVariant& v : e.variants) {
    out += (out.empty() ? "" : ", ") + v.text + "=" + std::to_string(v.mentions) + "/" +
           std::to_string(v.documents);
  }
  return out;
}

}  // namespace sitrep::store
