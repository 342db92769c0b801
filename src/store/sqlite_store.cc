#include "store/sqlite_store.h"

#include <chrono>
#include <thread>

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "base/utf8.h"
#include "document/document_json.h"
#include "document/validate.h"
#include "store/store_common.h"

#ifndef SITREP_VERSION
#define SITREP_VERSION "unknown"
#endif

namespace sitrep::store {

extern const char* const kSchemaV3Stories;  // story_store.cc

namespace {

// Longest id Put() accepts. Real ids are 33 bytes; the bound keeps hostile ids out of indexes.
constexpr size_t kMaxIdBytes = 256;
// A mention longer than this is not kept as a variant (names are a few words; a hostile or
// broken span is not worth a row).
constexpr size_t kMaxVariantBytes = 256;

// The value written to meta('format'): how Open() recognises one of its own files.
constexpr const char* kFormatTag = "sitrep.store";

// v1. "start" and "end" are quoted because END is an SQL keyword. Layers are WITHOUT ROWID
// tables keyed (doc_id, seq) so a document's rows sit together on disk. The FTS table names its
// document by id (UNINDEXED column) rather than by rowid, because documents has no INTEGER
// PRIMARY KEY and VACUUM may renumber its rowids.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('format', 'sitrep.store');

CREATE TABLE documents (
  id TEXT PRIMARY KEY NOT NULL,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  record INTEGER,
  url TEXT,
  domain TEXT,
  outlet TEXT,
  title TEXT,
  language TEXT NOT NULL,
  published TEXT,
  published_source TEXT NOT NULL,
  text TEXT NOT NULL,
  json TEXT NOT NULL,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_format ON documents (format);
CREATE INDEX documents_language ON documents (language);
CREATE INDEX documents_outlet ON documents (outlet);

CREATE TABLE zones (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  comment_index INTEGER,
  comment_depth INTEGER,
  comment_score INTEGER,
  comment_posted TEXT,
  quoted_author TEXT,
  PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;

CREATE TABLE provenance (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  relation TEXT NOT NULL,
  outlet TEXT,
  url TEXT,
  translator TEXT,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;

CREATE TABLE warnings (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX warnings_code ON warnings (code);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
  body, title, doc_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (documents_fts, rank) VALUES ('rank', 'bm25(1.0, 2.0, 0.0)');
)sql";

// v2 (issue 3): the cross-document entity table. `entities` has one row per entity id with
// running counts; `entity_documents` says which documents mention it; `entity_variants` keeps
// every spelling (the mention's text as written) with its counts. Rows are added by Put() for a
// new document only, so a duplicate adds nothing. The step also fills the tables from the
// documents already stored (their JSON holds the entities): mention text is cut from
// `documents.text` by byte offsets, hence the BLOB casts (substr on TEXT counts characters).
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE entities (
  id TEXT PRIMARY KEY NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  documents INTEGER NOT NULL,
  mentions INTEGER NOT NULL,
  first_doc TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entities_documents ON entities (documents DESC, mentions DESC);
CREATE INDEX entities_type ON entities (type);

CREATE TABLE entity_documents (
  entity_id TEXT NOT NULL REFERENCES entities (id),
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (entity_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX entity_documents_doc ON entity_documents (doc_id);

CREATE TABLE entity_variants (
  entity_id TEXT NOT NULL REFERENCES entities (id),
  variant TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  documents INTEGER NOT NULL,
  first_doc TEXT NOT NULL,
  PRIMARY KEY (entity_id, variant)
) WITHOUT ROWID;

CREATE TEMP TABLE v2_entities AS
SELECT json_extract(e.value, '$.id') AS entity_id,
       json_extract(e.value, '$.type') AS type,
       coalesce(json_extract(e.value, '$.name'), json_extract(e.value, '$.id')) AS name,
       d.id AS doc_id,
       printf('%s %020d', d.ingested_at, d.rowid) AS doc_order,
       coalesce(json_array_length(e.value, '$.mentions'), 0) AS mentions,
       e.value AS entity
FROM documents AS d, json_each(d.json, '$.entities') AS e
WHERE json_extract(e.value, '$.id') IS NOT NULL AND json_extract(e.value, '$.type') IS NOT NULL;

INSERT INTO entities (id, type, name, documents, mentions, first_doc)
SELECT entity_id, type, name, documents, mentions, doc_id FROM (
  SELECT entity_id, type, name, count(DISTINCT doc_id) AS documents, sum(mentions) AS mentions,
         doc_id, min(doc_order)
  FROM v2_entities GROUP BY entity_id);

INSERT INTO entity_documents (entity_id, doc_id, mentions)
SELECT entity_id, doc_id, sum(mentions) FROM v2_entities GROUP BY entity_id, doc_id;

INSERT INTO entity_variants (entity_id, variant, mentions, documents, first_doc)
SELECT entity_id, variant, mentions, documents, doc_id FROM (
  SELECT v.entity_id, v.variant, count(*) AS mentions, count(DISTINCT v.doc_id) AS documents,
         v.doc_id, min(v.doc_order)
  FROM (SELECT x.entity_id, x.doc_id, x.doc_order,
               CAST(substr(CAST(d.text AS BLOB), json_extract(m.value, '$.start') + 1,
                           json_extract(m.value, '$.end') - json_extract(m.value, '$.start'))
                    AS TEXT) AS variant
        FROM v2_entities AS x JOIN documents AS d ON d.id = x.doc_id,
             json_each(x.entity, '$.mentions') AS m
        WHERE json_extract(m.value, '$.end') - json_extract(m.value, '$.start')
              BETWEEN 1 AND 256) AS v
  GROUP BY v.entity_id, v.variant);

DROP TABLE v2_entities;
)sql";

// --- statements (keys of the prepared-statement cache: one pointer per text) ---------------

constexpr const char* kSqlBeginImmediate = "BEGIN IMMEDIATE";
constexpr const char* kSqlCommit = "COMMIT";
constexpr const char* kSqlSavepoint = "SAVEPOINT sitrep_put";
constexpr const char* kSqlRelease = "RELEASE sitrep_put";

// ON CONFLICT(id) DO NOTHING rather than INSERT OR IGNORE: OR IGNORE would also silently skip a
// row that breaks NOT NULL, and Put() would then report a duplicate that is not one.
constexpr const char* kSqlInsertDocument =
    "INSERT INTO documents (id, path, format, record, url, domain, outlet, title, language, "
    "published, published_source, text, json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (id) DO NOTHING";
constexpr const char* kSqlInsertZone =
    "INSERT INTO zones (doc_id, seq, kind, \"start\", \"end\", comment_index, comment_depth, "
    "comment_score, comment_posted, quoted_author) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kSqlInsertProvenance =
    "INSERT INTO provenance (doc_id, seq, relation, outlet, url, translator, \"start\", \"end\") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kSqlInsertWarning =
    "INSERT INTO warnings (doc_id, seq, code, \"start\", \"end\", message) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kSqlInsertFts =
    "INSERT INTO documents_fts (body, title, doc_id) VALUES (?1, ?2, ?3)";

// Entity table (v2). A new document adds 1 to `documents` of each of its entities and of each
// distinct spelling; the name and first_doc of the first document stay.
constexpr const char* kSqlUpsertEntity =
    "INSERT INTO entities (id, type, name, documents, mentions, first_doc) "
    "VALUES (?1, ?2, ?3, 1, ?4, ?5) "
    "ON CONFLICT (id) DO UPDATE SET documents = documents + 1, "
    "mentions = mentions + excluded.mentions";
constexpr const char* kSqlInsertEntityDocument =
    "INSERT INTO entity_documents (entity_id, doc_id, mentions) VALUES (?1, ?2, ?3)";
constexpr const char* kSqlUpsertVariant =
    "INSERT INTO entity_variants (entity_id, variant, mentions, documents, first_doc) "
    "VALUES (?1, ?2, ?3, 1, ?4) "
    "ON CONFLICT (entity_id, variant) DO UPDATE SET documents = documents + 1, "
    "mentions = mentions + excluded.mentions";
// ?1 the query ('' = all), ?2 the LIKE pattern, ?3 the limit.
constexpr const char* kSqlEntities =
    "SELECT e.id, e.type, e.name, e.documents, e.mentions FROM entities AS e "
    "WHERE ?1 = '' OR e.id = ?1 OR e.name LIKE ?2 ESCAPE '\\' OR EXISTS ("
    "  SELECT 1 FROM entity_variants AS v WHERE v.entity_id = e.id AND v.variant LIKE ?2 "
    "  ESCAPE '\\') "
    "ORDER BY e.documents DESC, e.mentions DESC, e.id LIMIT ?3";
constexpr const char* kSqlEntityVariants =
    "SELECT variant, mentions, documents FROM entity_variants WHERE entity_id = ?1 "
    "ORDER BY mentions DESC, documents DESC, variant LIMIT ?2";

constexpr const char* kSqlGetJson = "SELECT json FROM documents WHERE id = ?1";
constexpr const char* kSqlHasId = "SELECT 1 FROM documents WHERE id = ?1";
// Ids compare with memcmp (BINARY collation), so every id that starts with P sorts at or right
// after P: walking forward from P until the prefix stops matching finds them all.
constexpr const char* kSqlIdsFrom = "SELECT id FROM documents WHERE id >= ?1 ORDER BY id";

// The inner query ranks and cuts on the FTS index alone, so snippet() and the join run only for
// the hits returned.
constexpr const char* kSqlSearch =
    "WITH hits AS ("
    "  SELECT doc_id, snippet(documents_fts, 0, '[', ']', '…', 24) AS snip, rank"
    "  FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2) "
    "SELECT hits.doc_id, d.title, d.outlet, d.language, hits.snip, hits.rank "
    "FROM hits JOIN documents AS d ON d.id = hits.doc_id ORDER BY hits.rank";

constexpr const char* kSqlCountDocuments = "SELECT count(*) FROM documents";
constexpr const char* kSqlCountZones = "SELECT count(*) FROM zones";
constexpr const char* kSqlCountWarnings = "SELECT count(*) FROM warnings";
constexpr const char* kSqlByFormat = "SELECT format, count(*) FROM documents GROUP BY format";
constexpr const char* kSqlByLanguage =
    "SELECT language, count(*) FROM documents GROUP BY language";
constexpr const char* kSqlByOutlet =
    "SELECT coalesce(outlet, '(unknown)'), count(*) FROM documents GROUP BY 1";
constexpr const char* kSqlByWarningCode = "SELECT code, count(*) FROM warnings GROUP BY code";
constexpr const char* kSqlByZoneKind = "SELECT kind, count(*) FROM zones GROUP BY kind";

StatusCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      return StatusCode::kCorrupt;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
    case SQLITE_NOMEM:
      return StatusCode::kIoError;
    case SQLITE_TOOBIG:
      return StatusCode::kTooLarge;
    default:
      return StatusCode::kInternal;  // SQL our code got wrong, or a constraint it broke
  }
}

// A borrowed, cached statement for the length of one use: binds by index, and on destruction
// resets it and clears its bindings. Clearing matters: values are bound SQLITE_STATIC (no copy),
// so a stale binding would point into a string that no longer exists.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Bind errors (SQLITE_RANGE, SQLITE_TOOBIG) are kept and returned by the next Step().
  void Text(int i, std::string_view v) {
    Keep(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void OptText(int i, const std::optional<std::string>& v) {
    if (v) {
      Text(i, std::string_view(*v));
    } else {
      Null(i);
    }
  }
  void Int(int i, int64_t v) { Keep(sqlite3_bind_int64(s_, i, v)); }
  template <typename T>
  void OptInt(int i, const std::optional<T>& v) {
    if (v) {
      Int(i, static_cast<int64_t>(*v));
    } else {
      Null(i);
    }
  }
  void Null(int i) { Keep(sqlite3_bind_null(s_, i)); }

  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() {
    if (bind_rc_ != SQLITE_OK) return bind_rc_;
    return sqlite3_step(s_);
  }

  std::string ColumnText(int i) const {
    const unsigned char* p = sqlite3_column_text(s_, i);
    int n = sqlite3_column_bytes(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : "";
  }
  std::optional<std::string> ColumnOptText(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return ColumnText(i);
  }
  int64_t ColumnInt(int i) const { return sqlite3_column_int64(s_, i); }
  double ColumnDouble(int i) const { return sqlite3_column_double(s_, i); }

 private:
  void Keep(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3_stmt* s_;
  int bind_rc_ = SQLITE_OK;
};

}  // namespace

// v4: the search index holds the search form of the text (store_common.h FoldForSearch): "ё"
// and "Ё" as "е" and "Е". Rows written before are folded here.
constexpr const char* kSchemaV4SearchFold = R"sql(
UPDATE documents_fts
SET body = replace(replace(body, 'ё', 'е'), 'Ё', 'Е'),
    title = replace(replace(title, 'ё', 'е'), 'Ё', 'Е')
WHERE body GLOB '*[ёЁ]*' OR title GLOB '*[ёЁ]*';
)sql";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kSchemaV1},
      {2, kSchemaV2},
      {3, kSchemaV3Stories},  // src/store/story_store.cc
      {4, kSchemaV4SearchFold},
  };
  return kMigrations;
}

// --- opening ----------------------------------------------------------------------------------

namespace {

// First opens racing on a new file: SQLite does not call the busy handler for every lock it
// needs while switching to WAL, so a process can get "database is locked" at once. Such an open
// is retried from the start, briefly; any other error is returned as it is.
bool LockedNow(const Status& s) {
  return s.message().find("database is locked") != std::string::npos ||
         s.message().find("database table is locked") != std::string::npos;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  constexpr int kAttempts = 40;
  for (int attempt = 1;; ++attempt) {
    Result<std::unique_ptr<SqliteStore>> store = OpenOnce(path);
    if (store || attempt == kAttempts || !LockedNow(store.error())) return store;
    std::this_thread::sleep_for(std::chrono::milliseconds(25 * attempt));
  }
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::OpenOnce(const std::string& path) {
  if (path.empty()) return InvalidArgument("store path is empty");
  sqlite3* db = nullptr;
  // No SQLITE_OPEN_URI: a location is a plain path, "file:..." included. NOMUTEX: one thread at
  // a time uses a store (store.h).
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return IoError(path + ": cannot open store: " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, db));
  SITREP_RETURN_IF_ERROR(store->CheckIsSitrepStore());
  SITREP_RETURN_IF_ERROR(store->Configure());
  SITREP_RETURN_IF_ERROR(store->Migrate());
  return store;
}

SqliteStore::~SqliteStore() {
  if (db_ == nullptr) return;
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status SqliteStore::Error(int rc, std::string_view what) const {
  std::string msg = path_ + ": " + std::string(what) + ": ";
  // The connection's message is the precise one ("fts5: syntax error near ..."); fall back to
  // the generic text when the error did not come through the connection (a bind error).
  msg += ((sqlite3_extended_errcode(db_) & 0xff) == (rc & 0xff)) ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  return Status(CodeFor(rc), std::move(msg));
}

Status SqliteStore::Exec(const char* sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = path_ + ": " + std::string(what) + ": " + (err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return Status(CodeFor(rc), std::move(msg));
}

Result<sqlite3_stmt*> SqliteStore::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error(rc, "prepare");
  }
  statements_.emplace(sql, stmt);
  return stmt;
}

Status SqliteStore::Run(const char* sql, std::string_view what) {
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(sql));
  Stmt s(raw);
  int rc = s.Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(rc, what);
  return Status::Ok();
}

// Reads only, and before any pragma that writes (journal_mode), so a file that is not ours is
// left exactly as it was.
Status SqliteStore::CheckIsSitrepStore() {
  // One read transaction, so the schema version and the table count come from one snapshot:
  // read apart, a process creating the store between the two reads made it look foreign.
  // Waits for a writer elsewhere (first open racing a migration) instead of failing at once.
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  SITREP_RETURN_IF_ERROR(Exec("BEGIN", "checking the store"));
  auto check = [&]() -> Status {
    int64_t version = 0;
    int64_t tables = 0;
    {
      SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("PRAGMA user_version"));
      Stmt s(raw);
      int rc = s.Step();
      if ((rc & 0xff) == SQLITE_NOTADB) {
        return Corrupt(path_ + ": not a SQLite database, so not a sitrep store");
      }
      if (rc != SQLITE_ROW) return Error(rc, "reading the schema version");
      version = s.ColumnInt(0);
    }
    {
      SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                              Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"));
      Stmt s(raw);
      int rc = s.Step();
      if (rc != SQLITE_ROW) return Error(rc, "reading the schema");
      tables = s.ColumnInt(0);
    }
    if (version == 0) {
      if (tables == 0) return Status::Ok();  // new or empty file: Migrate() builds it
      return Corrupt(path_ + ": a SQLite database, but not a sitrep store (it has " +
                     std::to_string(tables) + " tables and no sitrep schema version)");
    }
    // The meta table and its 'format' row are kept by every schema version, so this check stays
    // valid for stores newer than this binary.
    // A foreign database may have its own "meta" table of another shape: a statement that does
    // not prepare against it means "not ours", not an error.
    std::optional<std::string> format;
    {
      sqlite3_stmt* raw = nullptr;
      int rc = sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'format'", -1, &raw,
                                  nullptr);
      if (rc == SQLITE_OK) {
        Stmt s(raw);
        rc = s.Step();
        if (rc == SQLITE_ROW) format = s.ColumnText(0);
      }
      sqlite3_finalize(raw);  // after ~Stmt (scope above) reset it
      if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE && (rc & 0xff) != SQLITE_ERROR) {
        return Error(rc, "reading meta");
      }
    }
    if (format != kFormatTag) {
      return Corrupt(path_ + ": a SQLite database, but not a sitrep store (no meta 'format' = '" +
                     kFormatTag + "')");
    }
    if (version > kSchemaVersion) {
      return Corrupt(path_ + ": store schema version " + std::to_string(version) +
                     " is newer than this sitrep understands (" + std::to_string(kSchemaVersion) +
                     "); use a newer sitrep");
    }
    if (version < 0) {
      return Corrupt(path_ + ": store schema version " + std::to_string(version) + " is invalid");
    }
    return Status::Ok();
  };
  Status status = check();
  sqlite3_exec(db_, status.ok() ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  return status;
}

Status SqliteStore::Configure() {
  // WAL: readers keep reading while one writer writes. NORMAL is durable across a process crash
  // and loses at most the last commits on power loss, which re-ingesting repairs.
  SITREP_RETURN_IF_ERROR(Exec("PRAGMA journal_mode = WAL", "setting WAL mode"));
  SITREP_RETURN_IF_ERROR(Exec("PRAGMA synchronous = NORMAL", "setting synchronous"));
  SITREP_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys = ON", "enabling foreign keys"));
  // 16 MB of page cache (default 2 MB): a batch of 1000 documents touches the FTS index and
  // three layer tables; with the small cache Put() spent its time re-reading pages.
  SITREP_RETURN_IF_ERROR(Exec("PRAGMA cache_size = -16384", "setting the cache size"));
  return Status::Ok();
}

Status SqliteStore::Migrate() {
  for (const Migration& m : Migrations()) {
    // BEGIN IMMEDIATE, then read the version again: another process may have migrated between
    // our check and our lock.
    SITREP_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "starting migration"));
    Status status;
    int64_t current = 0;
    {
      Result<sqlite3_stmt*> raw = Prepare("PRAGMA user_version");
      if (!raw) {
        status = raw.error();
      } else {
        Stmt s(*raw);
        int rc = s.Step();
        if (rc == SQLITE_ROW) {
          current = s.ColumnInt(0);
        } else {
          status = Error(rc, "reading the schema version");
        }
      }
    }
    if (status.ok() && current < m.version) {
      std::string what = "migrating to schema version " + std::to_string(m.version);
      status = Exec(m.sql, what);
      // user_version cannot be bound; m.version is our own constant, never data.
      std::string pragma = "PRAGMA user_version = " + std::to_string(m.version);
      if (status.ok()) status = Exec(pragma.c_str(), what);
      if (status.ok()) {
        Result<sqlite3_stmt*> raw = Prepare(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?1), ('written_by', ?2) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        if (!raw) {
          status = raw.error();
        } else {
          Stmt s(*raw);
          std::string version_text = std::to_string(m.version);
          s.Text(1, version_text);
          s.Text(2, std::string_view("sitrep " SITREP_VERSION));
          int rc = s.Step();
          if (rc != SQLITE_DONE) status = Error(rc, what);
        }
      }
    }
    if (!status.ok()) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return status;
    }
    SITREP_RETURN_IF_ERROR(Exec("COMMIT", "committing migration"));
  }
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("PRAGMA user_version"));
  Stmt s(raw);
  int rc = s.Step();
  if (rc != SQLITE_ROW) return Error(rc, "reading the schema version");
  schema_version_ = static_cast<int>(s.ColumnInt(0));
  return Status::Ok();
}

// --- writing ----------------------------------------------------------------------------------

Status SqliteStore::Begin() {
  if (in_transaction_) return InvalidArgument(path_ + ": Begin() inside an open transaction");
  SITREP_RETURN_IF_ERROR(Run(kSqlBeginImmediate, "begin"));
  in_transaction_ = true;
  return Status::Ok();
}

Status SqliteStore::Commit() {
  if (!in_transaction_) return InvalidArgument(path_ + ": Commit() without Begin()");
  in_transaction_ = false;
  // SQLite rolls a transaction back by itself after some errors (disk full, I/O): then there is
  // nothing left to commit, and the caller must know the batch is gone.
  if (sqlite3_get_autocommit(db_)) {
    return IoError(path_ + ": the transaction was rolled back after an earlier error; nothing "
                           "put since Begin() was stored");
  }
  Status status = Run(kSqlCommit, "commit");
  if (!status.ok() && !sqlite3_get_autocommit(db_)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return status;
}

Result<PutOutcome> SqliteStore::Put(const Document& doc) {
  if (doc.id.empty()) return InvalidArgument(path_ + ": cannot store a document without an id");
  if (doc.id.size() > kMaxIdBytes) {
    return InvalidArgument(path_ + ": document id longer than " + std::to_string(kMaxIdBytes) +
                           " bytes");
  }
  if (Status valid = document::ValidateDocument(doc); !valid.ok()) {
    return InvalidArgument(path_ + ": document " + Echo(doc.id) + ": " + valid.message());
  }
  if (const char* field = FirstInvalidUtf8Field(doc)) {
    return InvalidArgument(path_ + ": document: " + field + " is not valid UTF-8");
  }
  // Inside Begin()/Commit() a savepoint keeps a failed document out of the batch; alone, the
  // document is its own transaction.
  const bool nested = in_transaction_;
  if (nested && sqlite3_get_autocommit(db_)) {
    // A savepoint here would open a new transaction outside the caller's batch.
    return IoError(path_ + ": the transaction was rolled back after an earlier error; call "
                           "Commit() and start again");
  }
  SITREP_RETURN_IF_ERROR(Run(nested ? kSqlSavepoint : kSqlBeginImmediate, "put: begin"));
  Result<PutOutcome> outcome = PutRows(doc);
  if (!outcome) {
    if (!sqlite3_get_autocommit(db_)) {
      if (nested) {
        sqlite3_exec(db_, "ROLLBACK TO sitrep_put; RELEASE sitrep_put", nullptr, nullptr, nullptr);
      } else {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      }
    }
    return outcome;
  }
  Status status = Run(nested ? kSqlRelease : kSqlCommit, "put: commit");
  if (!status.ok()) {
    if (!nested && !sqlite3_get_autocommit(db_)) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return status;
  }
  return outcome;
}

Result<PutOutcome> SqliteStore::PutRows(const Document& doc) {
  // Re-ingesting a corpus is mostly duplicates: one index probe spares them the JSON encoding
  // (store_bench: a duplicate Put fell from ~115 to a few us). We hold the write lock here, so
  // the answer cannot change before the insert; ON CONFLICT stays as the second guard.
  {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlHasId));
    Stmt s(raw);
    s.Text(1, doc.id);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return PutOutcome::kDuplicate;
    if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id));
  }
  const std::string json = document::ToJson(doc);
  {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertDocument));
    Stmt s(raw);
    s.Text(1, doc.id);
    s.Text(2, doc.input.path);
    s.Text(3, Name(doc.input.format));
    s.OptInt(4, doc.input.record);
    s.OptText(5, doc.url);
    s.OptText(6, doc.domain);
    s.OptText(7, doc.outlet);
    s.OptText(8, doc.title);
    s.Text(9, doc.language);
    s.OptText(10, doc.published.value);
    s.Text(11, Name(doc.published.source));
    s.Text(12, doc.text);
    s.Text(13, json);
    int rc = s.Step();
    if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id));
  }
  if (sqlite3_changes(db_) == 0) return PutOutcome::kDuplicate;

  if (!doc.zones.empty()) {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertZone));
    for (size_t i = 0; i < doc.zones.size(); ++i) {
      const Zone& z = doc.zones[i];
      Stmt s(raw);
      s.Text(1, doc.id);
      s.Int(2, static_cast<int64_t>(i));
      s.Text(3, Name(z.kind));
      s.Int(4, z.span.begin);
      s.Int(5, z.span.end);
      if (z.comment) {
        s.OptInt(6, z.comment->index);
        s.Int(7, z.comment->depth);
        s.OptInt(8, z.comment->score);
        s.OptText(9, z.comment->posted);
        s.OptText(10, z.comment->quoted_author);
      }  // else all five stay NULL (cleared bindings)
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": zone");
    }
  }
  if (!doc.provenance.empty()) {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertProvenance));
    for (size_t i = 0; i < doc.provenance.size(); ++i) {
      const Provenance& p = doc.provenance[i];
      Stmt s(raw);
      s.Text(1, doc.id);
      s.Int(2, static_cast<int64_t>(i));
      s.Text(3, Name(p.relation));
      s.OptText(4, p.outlet);
      s.OptText(5, p.url);
      s.OptText(6, p.translator);
      s.Int(7, p.span.begin);
      s.Int(8, p.span.end);
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": provenance");
    }
  }
  if (!doc.warnings.empty()) {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertWarning));
    for (size_t i = 0; i < doc.warnings.size(); ++i) {
      const Warning& w = doc.warnings[i];
      Stmt s(raw);
      s.Text(1, doc.id);
      s.Int(2, static_cast<int64_t>(i));
      s.Text(3, w.code);
      s.Int(4, w.span.begin);
      s.Int(5, w.span.end);
      s.Text(6, w.message);
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": warning");
    }
  }
  {
    // The index holds the search form (snippets show "е" for "ё"; Get() returns the text).
    const std::string body = FoldForSearch(BodyText(doc));
    const std::string title = doc.title ? FoldForSearch(*doc.title) : std::string();
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertFts));
    Stmt s(raw);
    s.Text(1, body);
    s.Text(2, title);
    s.Text(3, doc.id);
    int rc = s.Step();
    if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": search index");
  }
  SITREP_RETURN_IF_ERROR(PutEntities(doc));
  return PutOutcome::kStored;
}

Status SqliteStore::PutEntities(const Document& doc) {
  if (doc.entities.empty()) return Status::Ok();
  // Merged by id first: the stage emits one entity per id, but a document read from JSON may not.
  struct Merged {
    const Entity* first = nullptr;
    uint64_t mentions = 0;
    std::map<std::string_view, uint64_t> variants;
  };
  std::map<std::string_view, Merged> by_id;
  for (const Entity& e : doc.entities) {
    Merged& m = by_id[e.id];
    if (!m.first) m.first = &e;
    for (const ByteSpan& span : e.mentions) {
      ++m.mentions;
      if (span.size() == 0 || span.size() > kMaxVariantBytes) continue;
      ++m.variants[doc.Slice(span)];
    }
  }
  for (const auto& [id, m] : by_id) {
    {
      SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlUpsertEntity));
      Stmt s(raw);
      s.Text(1, id);
      s.Text(2, Name(m.first->type));
      s.Text(3, m.first->name);
      s.Int(4, static_cast<int64_t>(m.mentions));
      s.Text(5, doc.id);
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": entity");
    }
    {
      SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertEntityDocument));
      Stmt s(raw);
      s.Text(1, id);
      s.Text(2, doc.id);
      s.Int(3, static_cast<int64_t>(m.mentions));
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": entity document");
    }
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlUpsertVariant));
    for (const auto& [variant, count] : m.variants) {
      Stmt s(raw);
      s.Text(1, id);
      s.Text(2, variant);
      s.Int(3, static_cast<int64_t>(count));
      s.Text(4, doc.id);
      int rc = s.Step();
      if (rc != SQLITE_DONE) return Error(rc, "put " + Echo(doc.id) + ": entity variant");
    }
  }
  return Status::Ok();
}

// --- reading ----------------------------------------------------------------------------------

Result<std::string> SqliteStore::ResolveId(const std::string& id_or_prefix) {
  IdLookup lookup(id_or_prefix);
  if (!id_or_prefix.empty()) {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlIdsFrom));
    Stmt s(raw);
    s.Text(1, id_or_prefix);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW && lookup.Add(s.ColumnText(0))) {
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error(rc, "looking up an id");
  }
  return lookup.Verdict(path_);
}

Result<Document> SqliteStore::Get(const std::string& id_or_prefix) {
  SITREP_ASSIGN_OR_RETURN(std::string id, ResolveId(id_or_prefix));
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlGetJson));
  Stmt s(raw);
  s.Text(1, id);
  int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound(path_ + ": no document with id '" + Echo(id) + "'");
  if (rc != SQLITE_ROW) return Error(rc, "get " + Echo(id));
  return DecodeStored(path_, id, s.ColumnText(0));
}

Result<std::vector<SearchHit>> SqliteStore::Search(const std::string& query, int limit) {
  SITREP_RETURN_IF_ERROR(CheckSearchQuery(query));
  limit = std::clamp(limit, 1, kMaxSearchLimit);
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlSearch));
  Stmt s(raw);
  const std::string folded = FoldForSearch(query);
  s.Text(1, folded);
  s.Int(2, limit);
  std::vector<SearchHit> hits;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    SearchHit hit;
    hit.id = s.ColumnText(0);
    hit.title = s.ColumnOptText(1);
    hit.outlet = s.ColumnOptText(2);
    hit.language = s.ColumnText(3);
    hit.snippet = s.ColumnText(4);
    hit.rank = s.ColumnDouble(5);
    hits.push_back(std::move(hit));
  }
  if (rc != SQLITE_DONE) {
    // FTS5 reports a query it cannot parse (or an unknown column filter) as a plain SQL error;
    // anything else (I/O, corruption) keeps its own code.
    if ((rc & 0xff) == SQLITE_ERROR) {
      return InvalidArgument("search query: " + std::string(sqlite3_errmsg(db_)));
    }
    return Error(rc, "search");
  }
  return hits;
}

Result<std::vector<EntityRecord>> SqliteStore::Entities(const std::string& query, int limit) {
  if (query.size() > kMaxQueryBytes) {
    return InvalidArgument("entity query: longer than " + std::to_string(kMaxQueryBytes) +
                           " bytes");
  }
  limit = std::clamp(limit, 1, kMaxSearchLimit);
  // The query is matched literally: LIKE's wildcards in it are escaped.
  std::string pattern = "%";
  for (char c : query) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  std::vector<EntityRecord> out;
  {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlEntities));
    Stmt s(raw);
    s.Text(1, query);
    s.Text(2, pattern);
    s.Int(3, limit);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      EntityRecord e;
      e.id = s.ColumnText(0);
      if (!Parse(s.ColumnText(1), &e.type)) {
        return Corrupt(path_ + ": entity " + Echo(e.id) + ": unknown type '" +
                       Echo(s.ColumnText(1)) + "'");
      }
      e.name = s.ColumnText(2);
      e.documents = static_cast<uint64_t>(s.ColumnInt(3));
      e.mentions = static_cast<uint64_t>(s.ColumnInt(4));
      out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return Error(rc, "entities");
  }
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlEntityVariants));
  for (EntityRecord& e : out) {
    Stmt s(raw);
    s.Text(1, e.id);
    s.Int(2, static_cast<int64_t>(kMaxVariantsListed));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      EntityVariant v;
      v.text = s.ColumnText(0);
      v.mentions = static_cast<uint64_t>(s.ColumnInt(1));
      v.documents = static_cast<uint64_t>(s.ColumnInt(2));
      e.variants.push_back(std::move(v));
    }
    if (rc != SQLITE_DONE) return Error(rc, "entity variants");
  }
  return out;
}

Result<uint64_t> SqliteStore::CountAll(const char* sql) {
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(sql));
  Stmt s(raw);
  int rc = s.Step();
  if (rc != SQLITE_ROW) return Error(rc, "stats");
  return static_cast<uint64_t>(s.ColumnInt(0));
}

Result<std::map<std::string, uint64_t>> SqliteStore::CountBy(const char* sql) {
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(sql));
  Stmt s(raw);
  std::map<std::string, uint64_t> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out[s.ColumnText(0)] += static_cast<uint64_t>(s.ColumnInt(1));
  }
  if (rc != SQLITE_DONE) return Error(rc, "stats");
  return out;
}

Result<StoreStats> SqliteStore::Stats() {
  // One read transaction, so every count describes the same snapshot even while another
  // process writes. Inside Begin()/Commit() the open transaction already is one.
  const bool own = !in_transaction_;
  if (own) SITREP_RETURN_IF_ERROR(Exec("BEGIN", "stats"));
  auto collect = [&]() -> Result<StoreStats> {
    StoreStats st;
    SITREP_ASSIGN_OR_RETURN(st.documents, CountAll(kSqlCountDocuments));
    SITREP_ASSIGN_OR_RETURN(st.zones, CountAll(kSqlCountZones));
    SITREP_ASSIGN_OR_RETURN(st.warnings, CountAll(kSqlCountWarnings));
    SITREP_ASSIGN_OR_RETURN(st.by_format, CountBy(kSqlByFormat));
    SITREP_ASSIGN_OR_RETURN(st.by_language, CountBy(kSqlByLanguage));
    SITREP_ASSIGN_OR_RETURN(st.by_outlet, CountBy(kSqlByOutlet));
    SITREP_ASSIGN_OR_RETURN(st.by_warning_code, CountBy(kSqlByWarningCode));
    SITREP_ASSIGN_OR_RETURN(st.by_zone_kind, CountBy(kSqlByZoneKind));
    return st;
  };
  Result<StoreStats> stats = collect();
  if (own) {
    Status end = Exec(stats ? "COMMIT" : "ROLLBACK", "stats");
    if (stats && !end.ok()) return end;
  }
  return stats;
}

}  // namespace sitrep::store
