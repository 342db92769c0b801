// The store contract: what every Store backend must do, run against SQLite by default and
// against PostgreSQL when SITREP_TEST_PG_URL names a server (tests/postgres/run.sh starts one
// and sets it; every test then gets a database of its own, dropped afterwards).
// Backend-specific checks (tables under the interface, file handling) stay in
// sqlite_store_test.cc.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sitrep/store.h"
#include "store/pg_store.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

constexpr int kExpectedVersion = 4;
static_assert(kSchemaVersion == kExpectedVersion && kPgSchemaVersion == kExpectedVersion,
              "both backends number their schema the same way");

// The PostgreSQL server to test against, or "" for SQLite.
std::string PgUrl() {
  const char* url = std::getenv("SITREP_TEST_PG_URL");
  return url ? url : "";
}

// `url` with its database name replaced (URLs of the form scheme://authority/db[?params]).
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t authority = url.find("://") + 3;
  size_t slash = url.find('/', authority);
  size_t query = url.find('?', authority);
  std::string params = query == std::string::npos ? "" : url.substr(query);
  std::string base = url.substr(0, std::min(slash, query));
  return base + "/" + db + params;
}

// Runs one statement as the test server's superuser; "" on success, else the error.
std::string AdminExec(const std::string& sql) {
  PGconn* c = PQconnectdb(PgUrl().c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      err = PQresultErrorMessage(r);
    }
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "sitrep_contract_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    if (PgUrl().empty()) {
      location_ = (fs::path(dir_) / "store.db").string();
      return;
    }
    static int counter = 0;
    database_ = "sitrep_contract_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    // Names are ours (digits and letters): nothing from outside goes into this statement.
    ASSERT_EQ(AdminExec("CREATE DATABASE " + database_ + " ENCODING 'UTF8'"), "");
    location_ = WithDatabase(PgUrl(), database_);
  }
  void TearDown() override {
    if (!database_.empty()) {
      EXPECT_EQ(AdminExec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)"), "");
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool postgres() const { return !database_.empty(); }

  std::unique_ptr<Store> OpenOrDie() {
    Result<std::unique_ptr<Store>> s = Store::Open(location_);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    return s.has_value() ? std::move(s).value() : nullptr;
  }

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
  std::string database_;  // PostgreSQL only
  std::string location_;
};

// --- round trip -------------------------------------------------------------------------------

TEST_F(StoreContractTest, PutThenGetKeepsEveryField) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ExpectSameDocument(doc, *back);
}

TEST_F(StoreContractTest, DuplicatePutChangesNothing) {
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

TEST_F(StoreContractTest, DuplicateInsideBatchIsReported) {
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

TEST_F(StoreContractTest, GetByIdOrPrefix) {
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

TEST_F(StoreContractTest, RealIdsResolveFromSixCharacters) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document doc = RichDocument();
  PutOrDie(*store, doc);
  Result<Document> r = store->Get(doc.id.substr(0, 6));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->id, doc.id);
}

// --- search -----------------------------------------------------------------------------------

class StoreContractSearchTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    store_ = OpenOrDie();
    ASSERT_NE(store_, nullptr);
    fr_ = MakeDoc({{ZoneKind::kTitle, "Inondations au Kazakhstan"},
                   {ZoneKind::kBody, "L'état d'urgence a été décrété à Petropavl après la crue."},
                   {ZoneKind::kComment, "zzcommentaire hors index"}},
                  "fr");
    fr_.title = "Inondations au Kazakhstan";
    en_ = MakeBodyDoc("Flooding closed the old bridge near Kherson on Tuesday.", "en");
    en_.outlet = "River Gazette";
    ru_ = MakeBodyDoc("Эвакуация жителей Белгорода продолжается второй день, сказал Пётр Ёлкин.",
                      "ru");
    for (const Document* d : {&fr_, &en_, &ru_}) PutOrDie(*store_, *d);
  }
  std::unique_ptr<Store> store_;
  Document fr_, en_, ru_;
};

TEST_F(StoreContractSearchTest, FindsWordsInThreeLanguages) {
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
      {"петр", {ru_.id}},           // ё and е are one letter for search, both ways
      {"Пётр", {ru_.id}},
      {"ЕЛКИН", {ru_.id}},
      {"ёлкин", {ru_.id}},
      {"Ёлк*", {ru_.id}},
      {"bridge OR жителей", {en_.id, ru_.id}},
      {"crue OR bridge OR день", {fr_.id, en_.id, ru_.id}},
      {"tsunami", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.query);
    EXPECT_EQ(HitIds(*store_, row.query), row.expected);
  }
}

TEST_F(StoreContractSearchTest, HitCarriesMetadataAndMarkedSnippet) {
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

TEST_F(StoreContractSearchTest, BetterMatchRanksFirst) {
  Document dense = MakeBodyDoc("Crue, crue et encore la crue : la crue monte.", "fr");
  PutOrDie(*store_, dense);
  Result<std::vector<SearchHit>> hits = store_->Search("crue", 10);
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, dense.id);
  EXPECT_LE((*hits)[0].rank, (*hits)[1].rank);
}

TEST_F(StoreContractSearchTest, MalformedQueryIsInvalidArgument) {
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

TEST_F(StoreContractSearchTest, LimitIsClamped) {
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

TEST_F(StoreContractTest, StatsCountsEverything) {
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

// --- transactions and concurrency -------------------------------------------------------------

TEST_F(StoreContractTest, BeginCommitMisuse) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Commit().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store->Begin().ok());
  EXPECT_EQ(store->Begin().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->Commit().code(), StatusCode::kInvalidArgument);
}

TEST_F(StoreContractTest, UncommittedBatchIsDroppedOnClose) {
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

TEST_F(StoreContractTest, InvalidDocumentIsRejectedWithoutHarmingTheBatch) {
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

TEST_F(StoreContractTest, ReaderAndWriterOnTheSameStore) {
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

TEST_F(StoreContractTest, WriterProcessAndReaderProcess) {
  ASSERT_NE(OpenOrDie(), nullptr);  // create the schema before forking
  constexpr int kBatches = 10;
  constexpr int kPerBatch = 30;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Writer. Only _exit codes leave this branch: gtest assertions belong to the parent.
    Result<std::unique_ptr<Store>> s = Store::Open(location_);
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

TEST_F(StoreContractTest, ProcessesRacingToCreateTheSameStore) {
  constexpr int kProcesses = 4;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // All open a file that does not exist yet: one migrates, the others must wait and reuse.
      Result<std::unique_ptr<Store>> s = Store::Open(location_);
      if (!s) _exit(2);
      if ((*s)->schema_version() != kExpectedVersion) _exit(3);
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

TEST_F(StoreContractTest, HostileStringsRoundTripIntact) {
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

TEST_F(StoreContractTest, EntitiesMergeAcrossDocumentsWithEveryVariant) {
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
}

TEST_F(StoreContractTest, EntityQueriesMatchIdNameOrVariantLiterally) {
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

// --- beyond the SQLite suite: reopening, walking, stories, concurrent batches ---------------------

TEST_F(StoreContractTest, ReopenSeesTheSameStoreAtTheCurrentVersion) {
  const Document doc = RichDocument();
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->schema_version(), kExpectedVersion);
    PutOrDie(*store, doc);
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kExpectedVersion);
  Result<Document> back = store->Get(doc.id);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ExpectSameDocument(doc, *back);
  EXPECT_EQ(HitIds(*store, "etat"), std::set<std::string>{doc.id});
  Result<PutOutcome> again = store->Put(doc);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, PutOutcome::kDuplicate);
}

TEST_F(StoreContractTest, ForEachDocumentWalksEveryDocumentInIdOrder) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  constexpr int kDocs = 300;  // more than one page of the PostgreSQL walk
  std::vector<std::string> ids;
  ASSERT_TRUE(store->Begin().ok());
  for (int i = 0; i < kDocs; ++i) {
    Document d = MakeBodyDoc("Bulletin numéro " + std::to_string(i) + " du centre de crise.", "fr");
    ids.push_back(d.id);
    PutOrDie(*store, d);
  }
  ASSERT_TRUE(store->Commit().ok());
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> seen;
  Status st = store->ForEachDocument([&](Document&& d) {
    seen.push_back(d.id);
    // The callback may use the store while the walk goes on.
    return store->Get(d.id).error();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, ids);
  int calls = 0;
  st = store->ForEachDocument([&](Document&&) {
    return ++calls == 3 ? NotFound("stop here") : Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_EQ(calls, 3);
}

TEST_F(StoreContractTest, StoriesAndRelaysAreReplacedWhole) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  Document a = MakeBodyDoc("La digue de Semeï a cédé dans la nuit.", "fr");
  a.title = "La digue a cédé";
  a.outlet = "Steppe Info";
  a.published = {"2024-04-07", PublishedSource::kMetadata};
  Document b = MakeBodyDoc("Плотина в Семее прорвана ночью.", "ru");
  PutOrDie(*store, a);
  PutOrDie(*store, b);
  Story s;
  s.id = "s" + a.id.substr(1, 12);
  s.title = "Digue de Semeï";
  s.first_day = "2024-04-07";
  s.last_day = "2024-04-08";
  s.places = {{"loc:gn1519422", "Semey", 2}};
  s.outlets = {"Steppe Info"};
  s.events = 1;
  StoryDocument sa;
  sa.id = a.id;
  sa.event = s.id + ".1";
  StoryDocument sb;
  sb.id = b.id;
  sb.event = s.id + ".1";
  sb.relay_of = a.id;
  StoryDocument ghost;  // not stored: skipped
  ghost.id = "dnotstored";
  ghost.event = s.id + ".1";
  s.documents = {sa, sb, ghost};
  Relay r;
  r.from = b.id;
  r.to_doc = a.id;
  r.kind = RelayKind::kTranslation;
  r.score = 0.75;
  r.evidence = "same figures, 'quoted' \"text\"";
  Relay to_ghost = r;
  to_ghost.to_doc = "dnotstored";
  ASSERT_TRUE(store->ReplaceStories({s}, {r, to_ghost}).ok());

  Result<std::vector<Story>> stories = store->Stories();
  ASSERT_TRUE(stories.has_value()) << stories.error().ToString();
  ASSERT_EQ(stories->size(), 1u);
  const Story& got = (*stories)[0];
  EXPECT_EQ(got.id, s.id);
  EXPECT_EQ(got.title, s.title);
  EXPECT_EQ(got.first_day, s.first_day);
  EXPECT_EQ(got.last_day, s.last_day);
  ASSERT_EQ(got.places.size(), 1u);
  EXPECT_EQ(got.places[0].name, "Semey");
  EXPECT_EQ(got.outlets, s.outlets);
  ASSERT_EQ(got.documents.size(), 2u);
  EXPECT_EQ(got.documents[0].id, a.id);
  EXPECT_EQ(got.documents[0].title, "La digue a cédé");
  EXPECT_EQ(got.documents[0].outlet, "Steppe Info");
  EXPECT_EQ(got.documents[0].published, "2024-04-07");
  EXPECT_EQ(got.documents[1].relay_of, a.id);
  EXPECT_EQ(got.documents[1].language, "ru");
  Result<std::vector<Relay>> relays = store->Relays();
  ASSERT_TRUE(relays.has_value()) << relays.error().ToString();
  ASSERT_EQ(relays->size(), 1u);
  EXPECT_EQ((*relays)[0].evidence, r.evidence);
  EXPECT_DOUBLE_EQ((*relays)[0].score, 0.75);
  EXPECT_EQ((*relays)[0].kind, RelayKind::kTranslation);

  ASSERT_TRUE(store->ReplaceStories({}, {}).ok());
  EXPECT_TRUE(store->Stories()->empty());
  EXPECT_TRUE(store->Relays()->empty());
}

// Several writers (processes, as `sitrep ingest` workers are) put overlapping documents in
// batches, in different orders, all naming one shared entity: every document is stored once,
// and the running entity counts are exact.
TEST_F(StoreContractTest, ConcurrentWritersWithOverlappingBatchesStoreEachDocumentOnce) {
  ASSERT_NE(OpenOrDie(), nullptr);  // create the schema before forking
  constexpr int kWriters = 3;
  constexpr int kDocs = 120;
  constexpr int kBatch = 15;
  auto doc = [](int i) {
    Document d = MakeBodyDoc("Relevé " + std::to_string(i) + " : le fleuve Irtych monte à Semeï.",
                             "fr");
    AddEntity(&d, "loc:gn1519422", EntityType::kLocation, "Semey", {"Semeï"});
    AddEntity(&d, "loc:irtysh-" + std::to_string(i % 7), EntityType::kLocation, "Irtych",
              {"Irtych"});
    return d;
  };
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      Result<std::unique_ptr<Store>> s = Store::Open(location_);
      if (!s) _exit(2);
      // Writer w takes documents in its own order: forwards, backwards, odd ones first.
      std::vector<int> order;
      for (int i = 0; i < kDocs; ++i) order.push_back(i);
      if (w == 1) std::reverse(order.begin(), order.end());
      if (w == 2) std::stable_partition(order.begin(), order.end(), [](int i) { return i % 2; });
      int64_t stored = 0;
      for (size_t at = 0; at < order.size(); at += kBatch) {
        if (!(*s)->Begin().ok()) _exit(3);
        for (size_t k = at; k < std::min(order.size(), at + kBatch); ++k) {
          Result<PutOutcome> r = (*s)->Put(doc(order[k]));
          if (!r) _exit(4);
          stored += *r == PutOutcome::kStored;
        }
        if (!(*s)->Commit().ok()) _exit(5);
        stored -= static_cast<int64_t>((*s)->TakeLateDuplicates());
      }
      std::ofstream(dir_ + "/stored" + std::to_string(w)) << stored;
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  // Each writer's own tally (kStored, less the late duplicates) adds up to the documents once.
  int64_t tallied = 0;
  for (int w = 0; w < kWriters; ++w) {
    int64_t n = -1;
    std::ifstream(dir_ + "/stored" + std::to_string(w)) >> n;
    EXPECT_GE(n, 0) << "writer " << w;
    tallied += n;
  }
  EXPECT_EQ(tallied, kDocs);
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  Result<StoreStats> st = store->Stats();
  ASSERT_TRUE(st.has_value()) << st.error().ToString();
  EXPECT_EQ(st->documents, uint64_t{kDocs});
  EXPECT_EQ(st->zones, uint64_t{kDocs});
  for (int i = 0; i < kDocs; i += 17) EXPECT_TRUE(store->Get(doc(i).id).has_value()) << i;
  Result<std::vector<EntityRecord>> shared = store->Entities("loc:gn1519422", 10);
  ASSERT_TRUE(shared.has_value()) << shared.error().ToString();
  ASSERT_EQ(shared->size(), 1u);
  EXPECT_EQ((*shared)[0].documents, uint64_t{kDocs});
  EXPECT_EQ((*shared)[0].mentions, uint64_t{kDocs});
  EXPECT_EQ(VariantList((*shared)[0]), "Semeï=120/120");
  Result<std::vector<EntityRecord>> all = store->Entities("", 100);
  ASSERT_TRUE(all.has_value());
  uint64_t documents = 0;
  for (const EntityRecord& e : *all) documents += e.documents;
  EXPECT_EQ(documents, uint64_t{2 * kDocs});
  EXPECT_EQ(store->Search("irtych", 1000)->size(), size_t{kDocs});
}

// --- PostgreSQL only: how a bad location fails -------------------------------------------------

TEST_F(StoreContractTest, PostgresLocationsThatCannotBeOpenedSayWhy) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only (SITREP_TEST_PG_URL)";
  struct Row {
    std::string location;
    StatusCode code;
    std::string says;
  };
  const Row rows[] = {
      {"postgresql://sitrep:s3cret@127.0.0.1:1/sitrep", StatusCode::kIoError, "cannot connect"},
      {"postgres://127.0.0.1:1/sitrep?connect_timeout=2", StatusCode::kIoError, "cannot connect"},
      {"postgresql://127.0.0.1/db?no_such_option=1", StatusCode::kInvalidArgument,
       "not a valid PostgreSQL URL"},
      {"postgresql://[::1/db", StatusCode::kInvalidArgument, "not a valid PostgreSQL URL"},
      {WithDatabase(PgUrl(), "no_such_database"), StatusCode::kIoError, "no_such_database"},
      {WithDatabase(PgUrl(), "x").replace(WithDatabase(PgUrl(), "x").find("postgres@"), 9,
                                          "nobody_here@"),
       StatusCode::kIoError, "nobody_here"},  // a role the server does not know: auth fails
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.location);
    Result<std::unique_ptr<Store>> s = Store::Open(row.location);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code(), row.code) << s.error().ToString();
    EXPECT_NE(s.error().message().find(row.says), std::string::npos) << s.error().message();
    EXPECT_EQ(s.error().message().find("s3cret"), std::string::npos) << s.error().message();
  }
  EXPECT_EQ(RedactPostgresUrl("postgresql://u:pw@h/db?password=x&sslmode=require"),
            "postgresql://u:***@h/db?password=***&sslmode=require");
}

TEST_F(StoreContractTest, PostgresBatchSurvivesALostConnection) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only (SITREP_TEST_PG_URL)";
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  const Document first = MakeBodyDoc("Avant la coupure.", "fr");
  PutOrDie(*store, first);
  ASSERT_TRUE(store->Begin().ok());
  std::vector<Document> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back(MakeBodyDoc("Après la coupure, message " + std::to_string(i) + ".", "fr"));
    PutOrDie(*store, batch.back());
  }
  // The server drops the store's connection (as a restart or an administrator would).
  const std::string mine = "FROM pg_stat_activity WHERE datname = '" + database_ +
                           "' AND application_name = 'sitrep'";
  ASSERT_EQ(AdminExec("DO $$ BEGIN IF (SELECT count(*) " + mine +
                      ") <> 1 THEN RAISE EXCEPTION 'not one sitrep connection'; END IF; END $$"),
            "");
  ASSERT_EQ(AdminExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                      database_ + "' AND application_name = 'sitrep'"),
            "");
  Status st = store->Commit();
  ASSERT_TRUE(st.ok()) << st.ToString();
  Result<StoreStats> stats = store->Stats();
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(stats->documents, 6u);
  for (const Document& d : batch) EXPECT_TRUE(store->Get(d.id).has_value());
}

TEST_F(StoreContractTest, PostgresForeignOrNewerDatabaseIsRefused) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only (SITREP_TEST_PG_URL)";
  {
    PGconn* c = PQconnectdb(location_.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK);
    PQclear(PQexec(c, "CREATE TABLE payroll (who text)"));
    PQfinish(c);
  }
  Result<std::unique_ptr<Store>> s = Store::Open(location_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), StatusCode::kCorrupt);
  EXPECT_NE(s.error().message().find("not a sitrep store"), std::string::npos);
  {
    PGconn* c = PQconnectdb(location_.c_str());
    PQclear(PQexec(c, "DROP TABLE payroll"));
    PQfinish(c);
  }
  ASSERT_NE(OpenOrDie(), nullptr);
  {
    PGconn* c = PQconnectdb(location_.c_str());
    PQclear(PQexec(c, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
    PQfinish(c);
  }
  s = Store::Open(location_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), StatusCode::kCorrupt);
  EXPECT_NE(s.error().message().find("newer"), std::string::npos) << s.error().message();
}

// A version 3 PostgreSQL store kept "ё" in its lexemes; the v4 step folds them.
TEST_F(StoreContractTest, PostgresVersionThreeLexemesAreFoldedByTheMigration) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only (SITREP_TEST_PG_URL)";
  const Document doc = MakeBodyDoc("Пётр Ёлкин возглавил штаб.", "ru");
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    PutOrDie(*store, doc);
  }
  {
    PGconn* c = PQconnectdb(location_.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK);
    PQclear(PQexec(c, "UPDATE documents_fts SET tsv = '''пётр'':1 ''ёлкин'':2'::tsvector"));
    PQclear(PQexec(c, "UPDATE meta SET value = '3' WHERE key = 'schema_version'"));
    PQfinish(c);
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(HitIds(*store, "петр"), std::set<std::string>{doc.id});
  EXPECT_EQ(HitIds(*store, "Ёлкин"), std::set<std::string>{doc.id});
}

}  // namespace
}  // namespace sitrep::store
