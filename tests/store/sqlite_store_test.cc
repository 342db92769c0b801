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
#include "store_test_util.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

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
  EXPECT_EQ(kSchemaVersion, 4);
  EXPECT_EQ(raw.One("PRAGMA user_version"), "4");
  EXPECT_EQ(raw.One("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'format'"), "sitrep.store");
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'schema_version'"), "4");
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
      {"postgresql://127.0.0.1:1/sitrep", StatusCode::kIoError},  // no server there
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.location);
    Result<std::unique_ptr<Store>> s = Store::Open(row.location);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code(), row.code) << s.error().ToString();
  }
}

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
  EXPECT_EQ(raw.One("SELECT value FROM meta WHERE key = 'schema_version'"), "4");
  EXPECT_EQ(raw.One("SELECT count(*) FROM sqlite_temp_schema"), "0");
}

// A version 3 store indexed "ё" as written; the v4 step folds the index so "петр" finds it, and
// the document itself keeps its letters.
TEST_F(SqliteStoreTest, VersionThreeSearchIndexIsFoldedByTheMigration) {
  const Document doc = MakeBodyDoc("Пётр Ёлкин возглавил штаб.", "ru");
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    PutOrDie(*store, doc);
  }
  {
    RawDb raw(path_);  // back to what version 3 wrote
    raw.Exec("UPDATE documents_fts SET body = 'Пётр Ёлкин возглавил штаб.'");
    raw.Exec("PRAGMA user_version = 3");
    raw.Exec("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
    EXPECT_EQ(raw.One("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'петр'"), "0");
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), 4);
  EXPECT_EQ(HitIds(*store, "петр"), std::set<std::string>{doc.id});
  EXPECT_EQ(HitIds(*store, "Ёлкин"), std::set<std::string>{doc.id});
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->text, doc.text);
  RawDb raw(path_);
  EXPECT_EQ(raw.One("SELECT body FROM documents_fts"), "Петр Елкин возглавил штаб.");
}

}  // namespace
}  // namespace sitrep::store
