// Runs the full cleaning path on the real pages in ../shared/seeds/ (when present) and checks
// the zoning with short probe phrases of our choosing: body phrases must stay out of comments,
// comment phrases out of the body, prompts out of both; every comment keeps its score and time;
// the relays of 001-003 are recorded as provenance. Probes are kept under 40 bytes so the repo
// never holds seed sentences.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "document/validate.h"
#include "sitrep/engine.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = SITREP_SOURCE_DIR "/../shared/seeds";

std::optional<Document> Analyze(const std::string& prefix) {
  std::error_code ec;
  if (!fs::is_directory(kSeeds, ec)) return std::nullopt;
  for (const auto& entry : fs::directory_iterator(kSeeds, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto engine = Engine::Create(EngineOptions{});
    EXPECT_TRUE(engine.has_value()) << engine.error().ToString();
    if (!engine) return std::nullopt;
    std::vector<Document> docs;
    IngestSummary summary;
    Status st = (*engine)->RunBytes(name, ss.str(), [&](Document&& d) {
      docs.push_back(std::move(d));
      return Status::Ok();
    }, &summary);
    EXPECT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(docs.size(), 1u);
    if (docs.empty()) return std::nullopt;
    Status valid = document::ValidateDocument(docs[0]);
    EXPECT_TRUE(valid.ok()) << valid.ToString();
    return std::move(docs[0]);
  }
  return std::nullopt;
}

std::string TextOf(const Document& doc, ZoneKind kind) {
  std::string out;
  for (const Zone& z : doc.zones) {
    if (z.kind == kind) out += std::string(doc.Slice(z.span)) + "\n";
  }
  return out;
}

std::vector<const Zone*> Comments(const Document& doc) {
  std::vector<const Zone*> out;
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kComment) out.push_back(&z);
  }
  return out;
}

struct SeedCase {
  const char* prefix;
  std::vector<const char*> body;         // in a body zone, in no comment zone
  std::vector<const char*> comment;      // in a comment zone, in no body zone
  std::vector<const char*> not_body;     // prompts, counters, teasers: in neither body nor comments
  size_t comments;  // exact number of comment zones (one per marker)
};

TEST(SeedsTest, KeepsBodyCommentsAndBoilerplateApart) {
  const SeedCase kCases[] = {
      {"000_",
       {"gaz liquéfié", "Nur-Sultan", "3 26 fauteurs"},
       {"biolaboratoires", "russophobie", "changer les couches", "Citation: Bulanov"},
       {"14 commentaires", "vous devez autoriser"},
       14},
      {"001_",
       {"45e régiment", "31e brigade"},
       {},
       {"Laisser un commentaire", "champs obligatoires", "bandits armés", "ordre constitutionnel",
        "source :", "traduction Avic"},
       0},
      {"002_",
       {"état d’urgence sur tout", "Nikol Pachinian"},
       {"Route de la soie", "12 morts parmi", "#2878763", "RÉVOLTE SOCIALE"},
       {"Répondre à ce message", "54 Commentaires", "AVERTISSEMENT", "charte E&R",
        "Aucun appel à la violence", "Lire la suite", "Voir aussi", "Alerter",
        "Afficher les commentaires"},
       19},
      {"003_",
       {"Stanislav Zas", "12 000 personnes"},
       {},
       {"Partagez-le", "newsletter", "lire l’article original", "*****", "Paypal"},
       0},
      {"004_",
       {"Zhanaozen", "Noursoultan"},
       {},
       {"Lire aussi", "caleçons", "Rejoignez"},
       0},
  };
  int pages = 0;
  for (const SeedCase& c : kCases) {
    SCOPED_TRACE(c.prefix);
    std::optional<Document> doc = Analyze(c.prefix);
    if (!doc) continue;
    ++pages;
    std::string body = TextOf(*doc, ZoneKind::kBody);
    std::string comments = TextOf(*doc, ZoneKind::kComment);
    EXPECT_FALSE(body.empty());
    for (const char* p : c.body) {
      EXPECT_NE(body.find(p), std::string::npos) << "not in body: " << p;
      EXPECT_EQ(comments.find(p), std::string::npos) << "body text in a comment: " << p;
    }
    for (const char* p : c.comment) {
      EXPECT_NE(comments.find(p), std::string::npos) << "not in comments: " << p;
      EXPECT_EQ(body.find(p), std::string::npos) << "comment text in the body: " << p;
    }
    for (const char* p : c.not_body) {
      EXPECT_EQ(body.find(p), std::string::npos) << "in body: " << p;
      EXPECT_EQ(comments.find(p), std::string::npos) << "in comments: " << p;
    }
    EXPECT_EQ(Comments(*doc).size(), c.comments);
  }
  if (pages == 0) GTEST_SKIP() << "no seed pages in " << kSeeds;
}

TEST(SeedsTest, ReadsTheNumberedThreadOf000) {
  std::optional<Document> doc = Analyze("000_");
  if (!doc) GTEST_SKIP() << "seed 000 not found in " << kSeeds;
  std::vector<const Zone*> comments = Comments(*doc);
  ASSERT_EQ(comments.size(), 14u);  // 11 numbered comments and 3 replies, as the counter says
  int top = 0;
  for (const Zone* z : comments) {
    ASSERT_TRUE(z->comment.has_value());
    const CommentInfo& c = *z->comment;
    EXPECT_TRUE(c.score.has_value());
    ASSERT_TRUE(c.posted.has_value());
    EXPECT_EQ(c.posted->size(), 16u) << *c.posted;  // date and time of day
    EXPECT_EQ(c.posted->substr(0, 8), "2022-01-");
    if (c.depth == 0) {
      ++top;
      EXPECT_EQ(c.index, top);
    }
  }
  EXPECT_EQ(top, 11);
  const CommentInfo& first = *comments[0]->comment;
  EXPECT_EQ(first.score, 4);
  EXPECT_EQ(first.posted, "2022-01-07T10:20");
  EXPECT_EQ(comments[2]->comment->depth, 1);  // "1. 0" under comment 2
  EXPECT_EQ(comments[3]->comment->depth, 2);
  EXPECT_EQ(comments[3]->comment->posted, "2022-01-07T23:25");
  // "6. 123": 123 is the user name, +3 the score.
  const CommentInfo* sixth = nullptr;
  const CommentInfo* eleventh = nullptr;
  for (const Zone* z : comments) {
    if (z->comment->depth == 0 && z->comment->index == 6) sixth = &*z->comment;
    if (z->comment->depth == 0 && z->comment->index == 11) eleventh = &*z->comment;
  }
  ASSERT_NE(sixth, nullptr);
  EXPECT_EQ(sixth->score, 3);
  EXPECT_EQ(sixth->posted, "2022-01-08T16:29");
  ASSERT_NE(eleventh, nullptr);
  EXPECT_EQ(eleventh->quoted_author, "Bulanov");
  // The "Source :" title is a label, not provenance; the publication date is bounded by comments.
  EXPECT_TRUE(doc->provenance.empty());
  EXPECT_EQ(doc->published.value, "2022-01-07");
  EXPECT_EQ(doc->published.source, PublishedSource::kComments);
  ASSERT_TRUE(doc->title.has_value());
  EXPECT_EQ(doc->title->rfind("Source :", 0), 0u);
}

TEST(SeedsTest, RecordsTheRelays) {
  int pages = 0;
  if (std::optional<Document> doc = Analyze("001_")) {
    ++pages;
    ASSERT_EQ(doc->provenance.size(), 1u);
    const Provenance& p = doc->provenance[0];
    EXPECT_EQ(p.relation, ProvenanceRelation::kTranslationOf);
    EXPECT_EQ(p.outlet, "topcor.ru");
    ASSERT_TRUE(p.translator.has_value());
    EXPECT_NE(p.translator->find("Avic"), std::string::npos);
    EXPECT_NE(p.translator->find("Réseau International"), std::string::npos);
    EXPECT_NE(doc->Slice(p.span).find("traduction"), std::string_view::npos);
  }
  if (std::optional<Document> doc = Analyze("002_")) {
    ++pages;
    ASSERT_EQ(doc->provenance.size(), 1u);
    EXPECT_EQ(doc->provenance[0].relation, ProvenanceRelation::kExcerptOf);
    EXPECT_EQ(doc->provenance[0].outlet, "lemonde.fr");
    EXPECT_EQ(doc->outlet, "Egalité et Réconciliation");
    EXPECT_EQ(doc->domain, "egaliteetreconciliation.fr");
    EXPECT_EQ(doc->published.source, PublishedSource::kComments);
    int quoted = 0;
    for (const Zone* z : Comments(*doc)) quoted += z->comment->quoted_author.has_value();
    EXPECT_EQ(quoted, 1);
  }
  if (std::optional<Document> doc = Analyze("003_")) {
    ++pages;
    ASSERT_EQ(doc->provenance.size(), 1u);
    EXPECT_EQ(doc->provenance[0].relation, ProvenanceRelation::kTranslationOf);
    EXPECT_FALSE(doc->provenance[0].outlet.has_value());
    EXPECT_FALSE(doc->provenance[0].url.has_value());
    // The repeated title is one title zone, not body.
    ASSERT_FALSE(doc->zones.empty());
    EXPECT_EQ(doc->zones[0].kind, ZoneKind::kTitle);
    EXPECT_EQ(doc->zones[1].kind, ZoneKind::kBody);
  }
  if (std::optional<Document> doc = Analyze("004_")) {
    ++pages;
    EXPECT_TRUE(doc->provenance.empty());
    bool related = false;
    for (const Zone& z : doc->zones) related |= z.kind == ZoneKind::kRelated;
    EXPECT_TRUE(related);
  }
  if (pages == 0) GTEST_SKIP() << "no seed pages in " << kSeeds;
}

}  // namespace
}  // namespace sitrep
