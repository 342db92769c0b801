#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/hash.h"
#include "document/document_json.h"
#include "sitrep/store.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

// --- building documents -----------------------------------------------------------------------

// A document whose zones are given as (kind, piece of text): the text is their concatenation,
// each piece followed by a newline.
struct Piece {
  ZoneKind kind;
  std::string text;
};

Document MakeDoc(const std::vector<Piece>& pieces, const std::string& language = "fr") {
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

Document MakeBodyDoc(const std::string& body, const std::string& language) {
  return MakeDoc({{ZoneKind::kBody, body}}, language);
}

// A document using every field the store keeps, with some optionals set and some not.
Document RichDocument() {
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

void ExpectSameDocument(const Document& a, const Document& b) {
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

// --- raw SQLite access, to look under the interface -------------------------------------------

class RawDb {
 public:
  explicit RawDb(const std::string& path, bool create = false) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_,
                              SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr),
              SQLITE_OK);
  }
  sqlite3* db() { return db_; }
  ~RawDb() { sqlite3_close_v2(db_); }
  // The first column of the first row as text ("" if no row, "NULL" if null).
  std::string One(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return "";
    }
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(s, 0);
      out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(s);
    return out;
  }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
  }

 private:
  sqlite3* db_ = nullptr;
};

// --- fixture ----------------------------------------------------------------------------------

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "sitrep_store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    path_ = (fs::path(dir_) / "store.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> OpenOrDie(const std::string& path) {
    Result<std::unique_ptr<Store>> s = Store::Open(path);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    return s.has_value() ? std::move(s).value() : nullptr;
  }
  std::unique_ptr<Store> OpenOrDie() { return OpenOrDie(path_); }

  static void PutOrDie(Store& store, const Document& doc) {
    Result<PutOutcome> r = store.Put(doc);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    ASSERT_EQ(*r, PutOutcome::kStored);
  }

  static std::set<std::string> HitIds(Store& store, const std::string& query) {
    Result<std::vector<SearchHit>> hits = store.Search(query, 100);
    EXPECT_TRUE(hits.has_value()) << query << ": " << hits.error().ToString();
    std::set<std::string> ids;
    if (hits) {
      for (const SearchHit& h : *hits) ids.insert(h.id);
    }
    return ids;
  }

  std::string dir_;
  std::string path_;
};

// --- round trip -------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, PutThenGetKeepsEveryField) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ExpectSameDocument(doc, *back);
}

TEST_F(SqliteStoreTest, LayerTablesHoldTheDocumentsRows) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  store.reset();
  RawDb raw(path_);
  const std::string where = " WHERE doc_id = '" + doc.id + "'";
  EXPECT_EQ(raw.One("SELECT count(*) FROM zones" + where), "6");
  EXPECT_EQ(raw.One("SELECT kind || ',' || comment_index || ',' || comment_depth || ',' || "
                    "comment_score || ',' || comment_posted || ',' || quoted_author "
                    "FROM zones" + where + " AND seq = 3"),
            "comment,3,1,-2,2024-04-07T10:20,Arman");
  EXPECT_EQ(raw.One("SELECT coalesce(comment_index, 'null') || ',' || comment_depth FROM zones" +
                    where + " AND seq = 4"),
            "null,0");
  EXPECT_EQ(raw.One("SELECT coalesce(comment_depth, 'null') FROM zones" + where + " AND seq = 0"),
            "null");
  EXPECT_EQ(raw.One("SELECT relation || ',' || translator FROM provenance" + where +
                    " AND seq = 0"),
            "translation_of,Inès Valcourt");
  EXPECT_EQ(raw.One("SELECT code || ',' || message FROM warnings" + where + " AND seq = 0"),
            "truncated,ends mid-word");
  EXPECT_EQ(raw.One("SELECT format || ',' || record || ',' || outlet || ',' || published || ',' "
                    "|| published_source FROM documents"),
            "jsonl,41,Steppe Info,2024-04-07T09:30,metadata");
  EXPECT_FALSE(raw.One("SELECT ingested_at FROM documents").empty());
}

TEST_F(SqliteStoreTest, DuplicatePutChangesNothing) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  Result<StoreStats> before = store->Stats();
  ASSERT_TRUE(before.has_value());

  Document again = doc;  // same id, other metadata: still the same document
  again.input.path = "elsewhere.html";
  again.warnings.push_back({"garbled_number", {0, 1}, "x"});
  Result<PutOutcome> r = store->Put(again);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(*r, PutOutcome::kDuplicate);

  Result<StoreStats> after = store->Stats();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->documents, before->documents);
  EXPECT_EQ(after->zones, before->zones);
  EXPECT_EQ(after->warnings, before->warnings);
  EXPECT_EQ(after->by_warning_code, before->by_warning_code);
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->input.path, "fixtures/feed.jsonl");
  // The search index did not get a second row either.
  EXPECT_EQ(HitIds(*store, "autorités").size(), 1u);
}

TEST_F(SqliteStoreTest, DuplicateInsideBatchIsReported) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = MakeBodyDoc("Le pont de Kherson est fermé.", "fr");
  ASSERT_TRUE(store->Begin().ok());
  PutOrDie(*store, doc);
  Result<PutOutcome> r = store->Put(doc);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, PutOutcome::kDuplicate);
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->Stats()->documents, 1u);
}

// --- ids and prefixes -------------------------------------------------------------------------

TEST_F(SqliteStoreTest, GetByIdOrPrefix) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> ids = {"dabc123aaaa", "dabc123bbbb", "dabc999zzzz", "dabc12"};
  for (const std::string& id : ids) {
    Document d = MakeBodyDoc("Texte du document " + id, "fr");
    d.id = id;
    PutOrDie(*store, d);
  }
  struct Row {
    std::string query;
    StatusCode code;
    std::string id_or_message;  // the id found, or a piece of the error message
  };
  const Row rows[] = {
      {"dabc123aaaa", StatusCode::kOk, "dabc123aaaa"},        // full id
      {"dabc123a", StatusCode::kOk, "dabc123aaaa"},           // unique prefix
      {"dabc9", StatusCode::kInvalidArgument, "too short"},   // 5 characters
      {"dab", StatusCode::kInvalidArgument, "too short"},
      {"dabc12", StatusCode::kOk, "dabc12"},                  // an exact id beats prefixes
      {"dabc123", StatusCode::kInvalidArgument, "matches 2 documents"},
      {"dabc99", StatusCode::kOk, "dabc999zzzz"},
      {"dzzzzzzz", StatusCode::kNotFound, "no document"},
      {"dabc123aaaax", StatusCode::kNotFound, "no document"},  // longer than any id
      {"", StatusCode::kInvalidArgument, "empty"},
      {"'; DROP TABLE documents; --", StatusCode::kNotFound, "no document"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.query);
    Result<Document> r = store->Get(row.query);
    EXPECT_EQ(r.error().code(), row.code) << r.error().ToString();
    if (row.code == StatusCode::kOk) {
      if (r) {
        EXPECT_EQ(r->id, row.id_or_message);
      }
    } else {
      EXPECT_NE(r.error().message().find(row.id_or_message), std::string::npos)
          << r.error().message();
    }
  }
  EXPECT_EQ(store->Stats()->documents, ids.size());
}

TEST_F(SqliteStoreTest, RealIdsResolveFromSixCharacters) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  Result<Document> r = store->Get(doc.id.substr(0, 6));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->id, doc.id);
}

// --- search -----------------------------------------------------------------------------------

class SqliteStoreSearchTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    store_ = OpenOrDie();
    ASSERT_NE(store_, nullptr);
    fr_ = MakeDoc({{ZoneKind::kTitle, "Inondations au Kazakhstan"},
                   {ZoneKind::kBody, "L'état d'urgence a été décrété à Petropavl après la crue."},
                   {ZoneKind::kComment, "zzcommentaire hors index"}},
                  "fr");
    fr_.title = "Inondations au Kazakhstan";
    en_ = MakeBodyDoc("Flooding closed the old bridge near Kherson on Tuesday.", "en");
    en_.outlet = "River Gazette";
    ru_ = MakeBodyDoc("Эвакуация жителей Белгорода продолжается второй день.", "ru");
    for (const Document* d : {&fr_, &en_, &ru_}) PutOrDie(*store_, *d);
  }
  std::unique_ptr<Store> store_;
  Document fr_, en_, ru_;
};

TEST_F(SqliteStoreSearchTest, FindsWordsInThreeLanguages) {
  struct Row {
    std::string query;
    std::set<std::string> expected;
  };
  const Row rows[] = {
      {"etat", {fr_.id}},          // accents ignored
      {"ÉTAT", {fr_.id}},          // and case
      {"décrété", {fr_.id}},
      {"decrete", {fr_.id}},
      {"urgence", {fr_.id}},
      {"kazakhstan", {fr_.id}},    // title column
      {"zzcommentaire", {}},       // comments are not indexed
      {"flood*", {en_.id}},
      {"\"closed the old bridge\"", {en_.id}},
      {"\"bridge closed\"", {}},
      {"kherson NOT bridge", {}},
      {"эвакуация", {ru_.id}},      // Cyrillic, case-folded
      {"ЭВАКУАЦИЯ", {ru_.id}},
      {"Белгород*", {ru_.id}},
      {"bridge OR жителей", {en_.id, ru_.id}},
      {"crue OR bridge OR день", {fr_.id, en_.id, ru_.id}},
      {"tsunami", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.query);
    EXPECT_EQ(HitIds(*store_, row.query), row.expected);
  }
}

TEST_F(SqliteStoreSearchTest, HitCarriesMetadataAndMarkedSnippet) {
  Result<std::vector<SearchHit>> hits = store_->Search("etat", 10);
  ASSERT_TRUE(hits.has_value()) << hits.error().ToString();
  ASSERT_EQ(hits->size(), 1u);
  const SearchHit& h = (*hits)[0];
  EXPECT_EQ(h.id, fr_.id);
  EXPECT_EQ(h.title, "Inondations au Kazakhstan");
  EXPECT_EQ(h.outlet, std::nullopt);
  EXPECT_EQ(h.language, "fr");
  EXPECT_NE(h.snippet.find("[état]"), std::string::npos) << h.snippet;
  EXPECT_LT(h.rank, 0.0);  // bm25: negative, lower is better

  hits = store_->Search("белгорода", 10);
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_NE((*hits)[0].snippet.find("[Белгорода]"), std::string::npos) << (*hits)[0].snippet;
  hits = store_->Search("kherson", 10);
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].outlet, "River Gazette");
}

TEST_F(SqliteStoreSearchTest, BetterMatchRanksFirst) {
  Document dense = MakeBodyDoc("Crue, crue et encore la crue : la crue monte.", "fr");
  PutOrDie(*store_, dense);
  Result<std::vector<SearchHit>> hits = store_->Search("crue", 10);
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, dense.id);
  EXPECT_LE((*hits)[0].rank, (*hits)[1].rank);
}

TEST_F(SqliteStoreSearchTest, MalformedQueryIsInvalidArgument) {
  const std::string queries[] = {
      "\"unterminated phrase", "AND", "(((", "nosuchcolumn:word", "*", "etat OR", "NEAR(",
      "   ", "", std::string(5000, 'a'),
  };
  for (const std::string& q : queries) {
    SCOPED_TRACE(q.substr(0, 40));
    Result<std::vector<SearchHit>> r = store_->Search(q, 10);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
    EXPECT_NE(r.error().message().find("search query"), std::string::npos)
        << r.error().message();
  }
  // The store still works afterwards.
  EXPECT_EQ(HitIds(*store_, "etat").size(), 1u);
}

TEST_F(SqliteStoreSearchTest, LimitIsClamped) {
  for (int i = 0; i < 4; ++i) {
    PutOrDie(*store_, MakeBodyDoc("Barrage numéro " + std::to_string(i) + " sous surveillance.",
                                  "fr"));
  }
  struct Row {
    int limit;
    size_t expected;
  };
  const Row rows[] = {{0, 1}, {-7, 1}, {1, 1}, {3, 3}, {1000, 4}, {1 << 30, 4}};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.limit);
    Result<std::vector<SearchHit>> r = store_->Search("barrage", row.limit);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    EXPECT_EQ(r->size(), row.expected);
  }
}

// --- stats ------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, StatsCountsEverything) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  {
    Result<StoreStats> empty = store->Stats();
    ASSERT_TRUE(empty.has_value()) << empty.error().ToString();
    EXPECT_EQ(empty->documents, 0u);
    EXPECT_TRUE(empty->by_format.empty());
  }
  PutOrDie(*store, RichDocument());  // jsonl, fr, Steppe Info, 6 zones, 2 warnings
  Document en = MakeBodyDoc("Two bridges closed.", "en");
  en.input.format = InputFormat::kHtml;
  en.warnings = {{"truncated", {0, 3}, ""}};
  PutOrDie(*store, en);
  Document ru = MakeDoc({{ZoneKind::kBody, "Мост закрыт."}, {ZoneKind::kRelated, "Ещё"}}, "ru");
  ru.outlet = "Steppe Info";
  PutOrDie(*store, ru);

  Result<StoreStats> st = store->Stats();
  ASSERT_TRUE(st.has_value()) << st.error().ToString();
  EXPECT_EQ(st->documents, 3u);
  EXPECT_EQ(st->zones, 6u + 1u + 2u);
  EXPECT_EQ(st->warnings, 3u);
  using Counts = std::map<std::string, uint64_t>;
  EXPECT_EQ(st->by_format, (Counts{{"jsonl", 1}, {"html", 1}, {"text", 1}}));
  EXPECT_EQ(st->by_language, (Counts{{"fr", 1}, {"en", 1}, {"ru", 1}}));
  EXPECT_EQ(st->by_outlet, (Counts{{"Steppe Info", 2}, {"(unknown)", 1}}));
  EXPECT_EQ(st->by_warning_code, (Counts{{"truncated", 2}, {"invalid_utf8", 1}}));
  EXPECT_EQ(st->by_zone_kind, (Counts{{"title", 1},
                                      {"body", 4},
                                      {"comment", 2},
                                      {"boilerplate", 1},
                                      {"related", 1}}));
}

// --- persistence and schema -------------------------------------------------------------------

TEST_F(SqliteStoreTest, ReopenKeepsEverything) {
  const Document doc = RichDocument();
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    PutOrDie(*store, doc);
    PutOrDie(*store, MakeBodyDoc("Эвакуация продолжается.", "ru"));
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ExpectSameDocument(doc, *back);
  EXPECT_EQ(HitIds(*store, "etat"), std::set<std::string>{doc.id});
  EXPECT_EQ(HitIds(*store, "эвакуация").size(), 1u);
  EXPECT_EQ(store->Stats()->documents, 2u);
  Result<PutOutcome> again = store->Put(doc);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, PutOutcome::kDuplicate);
}

TEST_F(SqliteStoreTest, NewStoreHasTheCurrentVersionInPragmaAndMeta) {
  ASSERT_NE(OpenOrDie(), nullptr);
  RawDb raw(path_);
  EXPECT_EQ(kSchemaVersion, 3);
  EXPECT_EQ(raw.One("PRAGMA user_version"), "3");
  EXPECT_EQ(raw.One("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'format'"), "sitrep.store");
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'schema_version'"), "3");
  EXPECT_EQ(static_cast<int>(Migrations().size()), kSchemaVersion);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  ASSERT_NE(OpenOrDie(), nullptr);
  {
    RawDb raw(path_);
    raw.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  }
  Result<std::unique_ptr<Store>> s = Store::Open(path_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), StatusCode::kCorrupt);
  EXPECT_NE(s.error().message().find(path_), std::string::npos) << s.error().message();
  EXPECT_NE(s.error().message().find("newer"), std::string::npos) << s.error().message();
  RawDb raw(path_);
  EXPECT_EQ(raw.One("PRAGMA user_version"), std::to_string(kSchemaVersion + 1));  // left alone
}

TEST_F(SqliteStoreTest, NonSqliteFilesAreRefusedAndLeftUntouched) {
  const std::string contents[] = {
      "hello",
      std::string(4096, 'x'),
      "<html><body>not a database</body></html>\n" + std::string(600, ' '),
      std::string("SQLite format 3") + std::string(1, '\0') + std::string(3000, '\x7f'),
  };
  int n = 0;
  for (const std::string& bytes : contents) {
    SCOPED_TRACE(n);
    const std::string path = (fs::path(dir_) / ("garbage" + std::to_string(n++))).string();
    {
      std::ofstream out(path, std::ios::binary);
      out << bytes;
    }
    Result<std::unique_ptr<Store>> s = Store::Open(path);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code(), StatusCode::kCorrupt) << s.error().ToString();
    EXPECT_NE(s.error().message().find(path), std::string::npos) << s.error().message();
    std::ifstream in(path, std::ios::binary);
    std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(after, bytes);
    EXPECT_FALSE(fs::exists(path + "-wal"));
  }
}

TEST_F(SqliteStoreTest, ForeignSqliteDatabaseIsRefused) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE meta (k, v); CREATE TABLE t (x);", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Result<std::unique_ptr<Store>> s = Store::Open(path_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), StatusCode::kCorrupt);
  EXPECT_NE(s.error().message().find("not a sitrep store"), std::string::npos);
  {
    RawDb raw(path_);
    raw.Exec("PRAGMA user_version = 1");  // a version but no sitrep meta row
  }
  s = Store::Open(path_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), StatusCode::kCorrupt) << s.error().ToString();
  EXPECT_NE(s.error().message().find("not a sitrep store"), std::string::npos);
}

TEST_F(SqliteStoreTest, LocationsThatCannotBeOpened) {
  struct Row {
    std::string location;
    StatusCode code;
  };
  const Row rows[] = {
      {"", StatusCode::kInvalidArgument},
      {dir_ + "/no/such/dir/store.db", StatusCode::kIoError},
      {dir_, StatusCode::kIoError},  // a directory
      {"postgresql://localhost/sitrep", StatusCode::kUnsupported},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.location);
    Result<std::unique_ptr<Store>> s = Store::Open(row.location);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code(), row.code) << s.error().ToString();
  }
}

// --- transactions and concurrency -------------------------------------------------------------

TEST_F(SqliteStoreTest, BeginCommitMisuse) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Commit().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store->Begin().ok());
  EXPECT_EQ(store->Begin().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->Commit().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, UncommittedBatchIsDroppedOnClose) {
  const Document kept = MakeBodyDoc("Premier document conservé.", "fr");
  const Document dropped = MakeBodyDoc("Second document abandonné.", "fr");
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    PutOrDie(*store, kept);
    ASSERT_TRUE(store->Begin().ok());
    PutOrDie(*store, dropped);
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Get(kept.id).has_value());
  EXPECT_EQ(store->Get(dropped.id).error().code(), StatusCode::kNotFound);
  EXPECT_TRUE(HitIds(*store, "abandonne").empty());
}

TEST_F(SqliteStoreTest, InvalidDocumentIsRejectedWithoutHarmingTheBatch) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  Document good1 = MakeBodyDoc("Un.", "fr");
  Document good2 = MakeBodyDoc("Deux.", "fr");
  Document past_end = MakeBodyDoc("Trois.", "fr");
  past_end.zones[0].span.end = 1000;
  Document no_id = MakeBodyDoc("Quatre.", "fr");
  no_id.id.clear();
  Document huge_id = MakeBodyDoc("Cinq.", "fr");
  huge_id.id = std::string(300, 'd');
  Document bad_bytes = MakeBodyDoc("Six.", "fr");
  bad_bytes.warnings = {{"odd", {0, 0}, "caf\xe9 en latin-1"}};  // JSON would rewrite it

  ASSERT_TRUE(store->Begin().ok());
  PutOrDie(*store, good1);
  for (const Document* bad : {&past_end, &no_id, &huge_id, &bad_bytes}) {
    Result<PutOutcome> r = store->Put(*bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
  }
  PutOrDie(*store, good2);
  ASSERT_TRUE(store->Commit().ok());
  Result<StoreStats> st = store->Stats();
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->documents, 2u);
  EXPECT_EQ(st->zones, 2u);
}

TEST_F(SqliteStoreTest, ReaderAndWriterOnTheSameFile) {
  auto writer = OpenOrDie();
  auto reader = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  const Document first = MakeBodyDoc("Le niveau de l'Ichim baisse.", "fr");
  PutOrDie(*writer, first);

  ASSERT_TRUE(writer->Begin().ok());
  std::vector<Document> batch;
  for (int i = 0; i < 20; ++i) {
    batch.push_back(MakeBodyDoc("Relevé de la station " + std::to_string(i) + " : stable.", "fr"));
    PutOrDie(*writer, batch.back());
    // The reader keeps working while the writer holds its transaction open, and sees only
    // what was committed.
    Result<Document> got = reader->Get(first.id);
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    EXPECT_EQ(reader->Get(batch.back().id).error().code(), StatusCode::kNotFound);
    Result<StoreStats> st = reader->Stats();
    ASSERT_TRUE(st.has_value()) << st.error().ToString();
    EXPECT_EQ(st->documents, 1u);
    EXPECT_TRUE(HitIds(*reader, "station").empty());
  }
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(reader->Stats()->documents, 21u);
  EXPECT_EQ(HitIds(*reader, "station").size(), 20u);
  // Roles can swap once the lock is free.
  PutOrDie(*reader, MakeBodyDoc("Écrit par le lecteur.", "fr"));
  EXPECT_EQ(writer->Stats()->documents, 22u);
}

TEST_F(SqliteStoreTest, WriterProcessAndReaderProcess) {
  ASSERT_NE(OpenOrDie(), nullptr);  // create the schema before forking
  constexpr int kBatches = 10;
  constexpr int kPerBatch = 30;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Writer. Only _exit codes leave this branch: gtest assertions belong to the parent.
    Result<std::unique_ptr<Store>> s = Store::Open(path_);
    if (!s) _exit(2);
    for (int b = 0; b < kBatches; ++b) {
      if (!(*s)->Begin().ok()) _exit(3);
      for (int i = 0; i < kPerBatch; ++i) {
        Document d = MakeBodyDoc("Lot " + std::to_string(b) + " message " + std::to_string(i) +
                                     " : la digue tient.",
                                 "fr");
        Result<PutOutcome> r = (*s)->Put(d);
        if (!r || *r != PutOutcome::kStored) _exit(4);
      }
      if (!(*s)->Commit().ok()) _exit(5);
    }
    _exit(0);
  }
  auto reader = OpenOrDie();
  ASSERT_NE(reader, nullptr);
  uint64_t last = 0;
  int status = 0;
  bool done = false;
  while (!done) {
    done = waitpid(child, &status, WNOHANG) == child;
    Result<StoreStats> st = reader->Stats();
    ASSERT_TRUE(st.has_value()) << st.error().ToString();
    EXPECT_EQ(st->documents % kPerBatch, 0u);  // whole batches only
    EXPECT_GE(st->documents, last);
    last = st->documents;
    ASSERT_TRUE(reader->Search("digue", 5).has_value());
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(reader->Stats()->documents, static_cast<uint64_t>(kBatches * kPerBatch));
}

TEST_F(SqliteStoreTest, ProcessesRacingToCreateTheSameStore) {
  constexpr int kProcesses = 4;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // All open a file that does not exist yet: one migrates, the others must wait and reuse.
      Result<std::unique_ptr<Store>> s = Store::Open(path_);
      if (!s) _exit(2);
      if ((*s)->schema_version() != kSchemaVersion) _exit(3);
      Result<PutOutcome> r = (*s)->Put(MakeBodyDoc("Processus " + std::to_string(p), "fr"));
      _exit(r && *r == PutOutcome::kStored ? 0 : 4);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Stats()->documents, static_cast<uint64_t>(kProcesses));
}

// --- hostile strings --------------------------------------------------------------------------

TEST_F(SqliteStoreTest, HostileStringsRoundTripIntact) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const std::string nasty = "'; DROP TABLE documents; --";
  Document d = MakeDoc({{ZoneKind::kBody, nasty + " \"quoted\" ''doubled'' \\ % _ ? ?1 :name @x $y"},
                        {ZoneKind::kComment, "\"); DELETE FROM zones; --"}},
                       "fr");
  d.id = "d'); DROP TABLE zones; --";
  d.input.path = "it's/a \"path\"/file.txt";
  d.title = nasty;
  d.outlet = "O'Brien \"Daily\" ' OR '1'='1";
  d.url = "https://x.example/?q=' OR 1=1 --";
  d.zones[1].comment = CommentInfo{};
  d.zones[1].comment->quoted_author = "Robert'); DROP TABLE students;--";
  d.warnings = {{"odd'code", {0, 2}, "message with ' and \" and ;"}};
  PutOrDie(*store, d);

  Result<Document> back = store->Get(d.id);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ExpectSameDocument(d, *back);
  Result<StoreStats> st = store->Stats();
  ASSERT_TRUE(st.has_value()) << st.error().ToString();
  EXPECT_EQ(st->documents, 1u);
  EXPECT_EQ(st->zones, 2u);
  EXPECT_EQ(st->by_outlet.count(*d.outlet), 1u);
  EXPECT_EQ(st->by_warning_code.count("odd'code"), 1u);
  // A phrase query made of the hostile text finds it.
  EXPECT_EQ(HitIds(*store, "\"DROP TABLE documents\""), std::set<std::string>{d.id});
  Result<std::vector<SearchHit>> r = store->Search(nasty, 10);  // FTS5 syntax error, not SQL
  if (!r) {
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  }
}

// --- entity table (schema v2) ------------------------------------------------------------------

// Adds an entity whose mentions are the given pieces of the document's text (each found after
// the previous one).
void AddEntity(Document* d, const std::string& id, EntityType type, const std::string& name,
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
Document FloodReportFr() {
  Document d = MakeBodyDoc(
      "Le gouverneur Nourlan Orazbaïev a visité Semeï. Orazbaïev a promis des digues.", "fr");
  AddEntity(&d, "per:nurlan-orazbaev", EntityType::kPerson, "Nourlan Orazbaïev",
            {"Nourlan Orazbaïev", "Orazbaïev"});
  AddEntity(&d, "loc:gn1519422", EntityType::kLocation, "Semey", {"Semeï"});
  return d;
}

Document FloodReportRu() {
  Document d = MakeBodyDoc("Губернатор Нурлан Оразбаев прибыл в Семей. Оразбаев обещал помощь.",
                           "ru");
  AddEntity(&d, "per:nurlan-orazbaev", EntityType::kPerson, "Нурлан Оразбаев",
            {"Нурлан Оразбаев", "Оразбаев"});
  AddEntity(&d, "loc:gn1519422", EntityType::kLocation, "Semey", {"Семей"});
  AddEntity(&d, "org:red_cross_50%", EntityType::kOrganization, "Croix_Rouge 50%", {});
  return d;
}

std::string VariantList(const EntityRecord& e) {
  std::string out;
  for (const EntityVariant& v : e.variants) {
    out += (out.empty() ? "" : ", ") + v.text + "=" + std::to_string(v.mentions) + "/" +
           std::to_string(v.documents);
  }
  return out;
}

TEST_F(SqliteStoreTest, EntitiesMergeAcrossDocumentsWithEveryVariant) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  PutOrDie(*store, FloodReportFr());
  PutOrDie(*store, FloodReportRu());
  Document again_fr = MakeBodyDoc("Orazbaïev est revenu à Semeï.", "fr");
  AddEntity(&again_fr, "per:nurlan-orazbaev", EntityType::kPerson, "Orazbaïev", {"Orazbaïev"});
  PutOrDie(*store, again_fr);

  Result<std::vector<EntityRecord>> all = store->Entities("", 100);
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  const EntityRecord& person = (*all)[0];  // most documents first
  EXPECT_EQ(person.id, "per:nurlan-orazbaev");
  EXPECT_EQ(person.type, EntityType::kPerson);
  EXPECT_EQ(person.name, "Nourlan Orazbaïev");  // the first document's name stays
  EXPECT_EQ(person.documents, 3u);
  EXPECT_EQ(person.mentions, 5u);
  EXPECT_EQ(VariantList(person),
            "Orazbaïev=2/2, Nourlan Orazbaïev=1/1, Нурлан Оразбаев=1/1, Оразбаев=1/1");
  EXPECT_EQ((*all)[1].id, "loc:gn1519422");
  EXPECT_EQ((*all)[1].documents, 2u);
  EXPECT_EQ(VariantList((*all)[1]), "Semeï=1/1, Семей=1/1");
  EXPECT_EQ((*all)[2].documents, 1u);  // an entity without mentions is still counted
  EXPECT_TRUE((*all)[2].variants.empty());

  // A duplicate document adds nothing.
  Result<PutOutcome> dup = store->Put(FloodReportRu());
  ASSERT_TRUE(dup.has_value());
  EXPECT_EQ(*dup, PutOutcome::kDuplicate);
  Result<std::vector<EntityRecord>> after = store->Entities("orazb", 10);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].documents, 3u);
  EXPECT_EQ((*after)[0].mentions, 5u);
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT count(*) FROM entity_documents WHERE entity_id = "
                    "'per:nurlan-orazbaev'"),
            "3");
}

TEST_F(SqliteStoreTest, EntityQueriesMatchIdNameOrVariantLiterally) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  PutOrDie(*store, FloodReportFr());
  PutOrDie(*store, FloodReportRu());
  struct Row {
    std::string query;
    std::vector<std::string> ids;
  };
  const Row kRows[] = {
      {"loc:gn1519422", {"loc:gn1519422"}},          // exact id
      {"SEMEY", {"loc:gn1519422"}},                  // name, ASCII case ignored
      {"Семей", {"loc:gn1519422"}},                  // a variant only
      {"Оразбаев", {"per:nurlan-orazbaev"}},         // a Cyrillic variant
      {"50%", {"org:red_cross_50%"}},                // % is literal, not a wildcard
      {"s_R", {}},                                   // _ is literal too
      {"Croix_", {"org:red_cross_50%"}},
      {"nobody", {}},
  };
  for (const Row& row : kRows) {
    SCOPED_TRACE(row.query);
    Result<std::vector<EntityRecord>> got = store->Entities(row.query, 10);
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    std::vector<std::string> ids;
    for (const EntityRecord& e : *got) ids.push_back(e.id);
    EXPECT_EQ(ids, row.ids);
  }
  Result<std::vector<EntityRecord>> one = store->Entities("", 0);  // clamped to 1
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->size(), 1u);
  Result<std::vector<EntityRecord>> huge = store->Entities(std::string(5000, 'a'), 10);
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().code(), StatusCode::kInvalidArgument);
}

// A store written by the version-1 code: its schema step, its version marks, and a document row
// as v1's Put() wrote it (the JSON already carried entities; no entity tables existed).
void WriteVersionOneStore(const std::string& path, const std::vector<Document>& docs) {
  RawDb raw(path, /*create=*/true);
  raw.Exec("BEGIN");
  raw.Exec(Migrations()[0].sql);
  raw.Exec("PRAGMA user_version = 1");
  raw.Exec("INSERT INTO meta (key, value) VALUES ('schema_version', '1'), "
           "('written_by', 'sitrep 0.1.0')");
  for (const Document& d : docs) {
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw.db(),
                                 "INSERT INTO documents (id, path, format, language, "
                                 "published_source, text, json) VALUES (?1, ?2, 'text', ?3, "
                                 "'none', ?4, ?5)",
                                 -1, &s, nullptr),
              SQLITE_OK);
    const std::string json = document::ToJson(d);
    sqlite3_bind_text(s, 1, d.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, d.input.path.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, d.language.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, d.text.c_str(), int(d.text.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, json.c_str(), int(json.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
  }
  raw.Exec("COMMIT");
}

TEST_F(SqliteStoreTest, VersionOneStoreMigratesAndFillsTheEntityTable) {
  const Document fr = FloodReportFr(), ru = FloodReportRu();
  WriteVersionOneStore(path_, {fr, ru});
  {
    RawDb raw(path_);
    EXPECT_EQ(raw.One("PRAGMA user_version"), "1");
    EXPECT_EQ(raw.One("SELECT count(*) FROM sqlite_schema WHERE name = 'entities'"), "0");
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  Result<Document> back = store->Get(fr.id);  // v1 data survives
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->text, fr.text);

  Result<std::vector<EntityRecord>> all = store->Entities("", 100);
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, "per:nurlan-orazbaev");
  EXPECT_EQ((*all)[0].name, "Nourlan Orazbaïev");  // from the first stored document
  EXPECT_EQ((*all)[0].documents, 2u);
  EXPECT_EQ((*all)[0].mentions, 4u);
  EXPECT_EQ(VariantList((*all)[0]),
            "Nourlan Orazbaïev=1/1, Orazbaïev=1/1, Нурлан Оразбаев=1/1, Оразбаев=1/1");
  EXPECT_EQ(VariantList((*all)[1]), "Semeï=1/1, Семей=1/1");  // cut by bytes, not characters

  // After the migration, Put() keeps the counts going.
  Document later = MakeBodyDoc("Оразбаев вернулся.", "ru");
  AddEntity(&later, "per:nurlan-orazbaev", EntityType::kPerson, "Оразбаев", {"Оразбаев"});
  PutOrDie(*store, later);
  Result<std::vector<EntityRecord>> after = store->Entities("per:nurlan-orazbaev", 10);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].documents, 3u);
  EXPECT_EQ(VariantList((*after)[0]),
            "Оразбаев=2/2, Nourlan Orazbaïev=1/1, Orazbaïev=1/1, Нурлан Оразбаев=1/1");
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'schema_version'"), "3");
  EXPECT_EQ(raw.One("SELECT count(*) FROM sqlite_temp_schema"), "0");
}

}  // namespace
}  // namespace sitrep::store
