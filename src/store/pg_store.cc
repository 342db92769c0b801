#include "store/pg_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "document/document_json.h"
#include "document/validate.h"
#include "store/pg_text.h"
#include "store/sqlite_store.h"
#include "store/store_common.h"

#ifndef SITREP_VERSION
#define SITREP_VERSION "unknown"
#endif

namespace sitrep::store {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxIdBytes = 256;
constexpr size_t kMaxVariantBytes = 256;
constexpr int kDocumentsPerPage = 256;  // ForEachDocument
constexpr const char* kFormatTag = "sitrep.store";
// Advisory lock keys (any constants; they only need to be the same in every sitrep).
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7308604897068083456)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7308604897068083456)";
constexpr const char* kStoriesLock = "SELECT pg_advisory_xact_lock(7308604897068083457)";

// Ids and texts compared or sorted by bytes (COLLATE "C"), as in SQLite: the id prefix lookup
// walks the primary key from the prefix, whatever the database's collation.
constexpr const char* kPgSchemaV1 = R"sql(
CREATE TABLE meta (
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('format', 'sitrep.store');

CREATE TABLE documents (
  id TEXT COLLATE "C" PRIMARY KEY,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  record BIGINT,
  url TEXT,
  domain TEXT,
  outlet TEXT COLLATE "C",
  title TEXT,
  language TEXT COLLATE "C" NOT NULL,
  published TEXT COLLATE "C",
  published_source TEXT NOT NULL,
  text TEXT NOT NULL,
  json TEXT NOT NULL,
  ingested_at TEXT NOT NULL
    DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE INDEX documents_format ON documents (format);
CREATE INDEX documents_language ON documents (language);
CREATE INDEX documents_outlet ON documents (outlet);

CREATE TABLE zones (
  doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  "start" BIGINT NOT NULL,
  "end" BIGINT NOT NULL,
  comment_index BIGINT,
  comment_depth BIGINT,
  comment_score BIGINT,
  comment_posted TEXT,
  quoted_author TEXT,
  PRIMARY KEY (doc_id, seq)
);

CREATE TABLE provenance (
  doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  relation TEXT NOT NULL,
  outlet TEXT,
  url TEXT,
  translator TEXT,
  "start" BIGINT NOT NULL,
  "end" BIGINT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);

CREATE TABLE warnings (
  doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  code TEXT COLLATE "C" NOT NULL,
  "start" BIGINT NOT NULL,
  "end" BIGINT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE INDEX warnings_code ON warnings (code);

CREATE TABLE documents_fts (
  doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  title TEXT NOT NULL,
  tsv TSVECTOR NOT NULL
);
CREATE INDEX documents_fts_tsv ON documents_fts USING gin (tsv);
)sql";

constexpr const char* kPgSchemaV2 = R"sql(
CREATE TABLE entities (
  id TEXT COLLATE "C" PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  documents BIGINT NOT NULL,
  mentions BIGINT NOT NULL,
  first_doc TEXT NOT NULL
);
CREATE INDEX entities_documents ON entities (documents DESC, mentions DESC);
CREATE INDEX entities_type ON entities (type);

CREATE TABLE entity_documents (
  entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities (id),
  doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  mentions BIGINT NOT NULL,
  PRIMARY KEY (entity_id, doc_id)
);
CREATE INDEX entity_documents_doc ON entity_documents (doc_id);

CREATE TABLE entity_variants (
  entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities (id),
  variant TEXT COLLATE "C" NOT NULL,
  mentions BIGINT NOT NULL,
  documents BIGINT NOT NULL,
  first_doc TEXT NOT NULL,
  PRIMARY KEY (entity_id, variant)
);
)sql";

constexpr const char* kPgSchemaV3 = R"sql(
CREATE TABLE stories (
  id TEXT COLLATE "C" PRIMARY KEY,
  title TEXT NOT NULL,
  first_day TEXT COLLATE "C",
  last_day TEXT COLLATE "C",
  documents BIGINT NOT NULL,
  events BIGINT NOT NULL,
  detail TEXT NOT NULL
);

CREATE TABLE story_documents (
  story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  seq BIGINT NOT NULL,
  relay_of TEXT,
  PRIMARY KEY (story_id, doc_id)
);
CREATE INDEX story_documents_doc ON story_documents (doc_id);

CREATE TABLE relays (
  from_doc TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  to_doc TEXT COLLATE "C" REFERENCES documents (id) ON DELETE CASCADE,
  to_outlet TEXT COLLATE "C",
  kind TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  evidence TEXT NOT NULL
);
CREATE INDEX relays_from ON relays (from_doc);
CREATE INDEX relays_to ON relays (to_doc);
)sql";

// v4: lexemes in their search form (pg_text.h Fold: "ё" as "е"); rows written before are
// folded here (the text form of a tsvector quotes each lexeme; the cast back merges duplicates).
constexpr const char* kPgSchemaV4 = R"sql(
UPDATE documents_fts SET tsv = replace(tsv::text, 'ё', 'е')::tsvector WHERE tsv::text LIKE '%ё%';
)sql";

const std::vector<Migration>& PgMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kPgSchemaV1}, {2, kPgSchemaV2}, {3, kPgSchemaV3}, {4, kPgSchemaV4}};
  return kMigrations;
}

// --- write statements: one per table and batch, rows passed as one JSON array ----------------
// Rows are inserted in key order (ORDER BY ... COLLATE "C"), so every writer takes its row
// locks in the same order: documents, then entities, then variants.

constexpr const char* kSqlInsertDocuments =
    "INSERT INTO documents (id, path, format, record, url, domain, outlet, title, language, "
    "published, published_source, text, json) "
    "SELECT x.id, x.path, x.format, x.record, x.url, x.domain, x.outlet, x.title, x.language, "
    "x.published, x.published_source, x.txt, x.js "
    "FROM json_to_recordset($1::json) AS x(id text, path text, format text, record bigint, "
    "url text, domain text, outlet text, title text, language text, published text, "
    "published_source text, txt text, js text) "
    "ORDER BY x.id COLLATE \"C\" ON CONFLICT (id) DO NOTHING RETURNING id";
constexpr const char* kSqlInsertZones =
    "INSERT INTO zones (doc_id, seq, kind, \"start\", \"end\", comment_index, comment_depth, "
    "comment_score, comment_posted, quoted_author) "
    "SELECT x.d, x.s, x.k, x.b, x.e, x.ci, x.cd, x.cs, x.cp, x.qa "
    "FROM json_to_recordset($1::json) AS x(d text, s int, k text, b bigint, e bigint, "
    "ci bigint, cd bigint, cs bigint, cp text, qa text)";
constexpr const char* kSqlInsertProvenance =
    "INSERT INTO provenance (doc_id, seq, relation, outlet, url, translator, \"start\", \"end\") "
    "SELECT x.d, x.s, x.r, x.o, x.u, x.t, x.b, x.e "
    "FROM json_to_recordset($1::json) AS x(d text, s int, r text, o text, u text, t text, "
    "b bigint, e bigint)";
constexpr const char* kSqlInsertWarnings =
    "INSERT INTO warnings (doc_id, seq, code, \"start\", \"end\", message) "
    "SELECT x.d, x.s, x.c, x.b, x.e, x.m "
    "FROM json_to_recordset($1::json) AS x(d text, s int, c text, b bigint, e bigint, m text)";
constexpr const char* kSqlInsertFts =
    "INSERT INTO documents_fts (doc_id, body, title, tsv) "
    "SELECT x.d, x.body, x.title, x.v::tsvector "
    "FROM json_to_recordset($1::json) AS x(d text, body text, title text, v text)";
constexpr const char* kSqlUpsertEntities =
    "INSERT INTO entities (id, type, name, documents, mentions, first_doc) "
    "SELECT x.id, x.t, x.n, x.docs, x.m, x.f "
    "FROM json_to_recordset($1::json) AS x(id text, t text, n text, docs bigint, m bigint, f text) "
    "ORDER BY x.id COLLATE \"C\" "
    "ON CONFLICT (id) DO UPDATE SET documents = entities.documents + excluded.documents, "
    "mentions = entities.mentions + excluded.mentions";
constexpr const char* kSqlInsertEntityDocuments =
    "INSERT INTO entity_documents (entity_id, doc_id, mentions) "
    "SELECT x.e, x.d, x.m FROM json_to_recordset($1::json) AS x(e text, d text, m bigint)";
constexpr const char* kSqlUpsertVariants =
    "INSERT INTO entity_variants (entity_id, variant, mentions, documents, first_doc) "
    "SELECT x.e, x.v, x.m, x.docs, x.f "
    "FROM json_to_recordset($1::json) AS x(e text, v text, m bigint, docs bigint, f text) "
    "ORDER BY x.e COLLATE \"C\", x.v COLLATE \"C\" "
    "ON CONFLICT (entity_id, variant) DO UPDATE SET "
    "documents = entity_variants.documents + excluded.documents, "
    "mentions = entity_variants.mentions + excluded.mentions";

constexpr const char* kSqlHasId = "SELECT 1 FROM documents WHERE id = $1";
constexpr const char* kSqlIdsFrom = "SELECT id FROM documents WHERE id >= $1 ORDER BY id LIMIT $2";
constexpr const char* kSqlGetJson = "SELECT json FROM documents WHERE id = $1";
// Ranked and cut on the index first; bodies are fetched for the hits returned only.
// ts_rank weights are {D, C, B, A}: body tokens are D, title tokens A (twice a body match).
constexpr const char* kSqlSearch =
    "SELECT h.doc_id, d.title, d.outlet, d.language, f.body, h.rank FROM ("
    "  SELECT doc_id, -ts_rank('{0.5, 0.5, 0.5, 1.0}', tsv, $1::tsquery) AS rank"
    "  FROM documents_fts WHERE tsv @@ $1::tsquery ORDER BY rank, doc_id LIMIT $2) AS h "
    "JOIN documents_fts AS f ON f.doc_id = h.doc_id JOIN documents AS d ON d.id = h.doc_id "
    "ORDER BY h.rank, h.doc_id";
constexpr const char* kSqlEntities =
    "SELECT e.id, e.type, e.name, e.documents, e.mentions FROM entities AS e "
    "WHERE $1 = '' OR e.id = $1 OR e.name ILIKE $2 ESCAPE '\\' OR EXISTS ("
    "  SELECT 1 FROM entity_variants AS v WHERE v.entity_id = e.id AND v.variant ILIKE $2 "
    "  ESCAPE '\\') "
    "ORDER BY e.documents DESC, e.mentions DESC, e.id LIMIT $3";
constexpr const char* kSqlEntityVariants =
    "SELECT variant, mentions, documents FROM entity_variants WHERE entity_id = $1 "
    "ORDER BY mentions DESC, documents DESC, variant LIMIT $2";
constexpr const char* kSqlAllJsonPage =
    "SELECT id, json FROM documents WHERE id > $1 ORDER BY id LIMIT $2";

constexpr const char* kSqlInsertStories =
    "INSERT INTO stories (id, title, first_day, last_day, documents, events, detail) "
    "SELECT x.id, x.t, x.f, x.l, x.docs, x.ev, x.detail "
    "FROM json_to_recordset($1::json) AS x(id text, t text, f text, l text, docs bigint, "
    "ev bigint, detail text) ON CONFLICT (id) DO NOTHING";
constexpr const char* kSqlInsertStoryDocuments =
    "INSERT INTO story_documents (story_id, doc_id, event, seq, relay_of) "
    "SELECT x.s, x.d, x.ev, x.seq, x.r FROM json_to_recordset($1::json) AS x(s text, d text, "
    "ev text, seq bigint, r text) "
    "WHERE EXISTS (SELECT 1 FROM documents WHERE id = x.d) "
    "AND EXISTS (SELECT 1 FROM stories WHERE id = x.s) ON CONFLICT DO NOTHING";
constexpr const char* kSqlInsertRelays =
    "INSERT INTO relays (from_doc, to_doc, to_outlet, kind, score, evidence) "
    "SELECT x.f, x.t, x.o, x.k, x.sc, x.ev FROM json_to_recordset($1::json) AS x(f text, "
    "t text, o text, k text, sc double precision, ev text) "
    "WHERE EXISTS (SELECT 1 FROM documents WHERE id = x.f) "
    "AND (x.t IS NULL OR EXISTS (SELECT 1 FROM documents WHERE id = x.t))";
constexpr const char* kSqlStories =
    "SELECT id, title, first_day, last_day, events, detail FROM stories "
    "ORDER BY first_day IS NULL, first_day, id";
constexpr const char* kSqlStoryDocuments =
    "SELECT sd.story_id, sd.doc_id, sd.event, sd.relay_of, d.title, "
    "coalesce(d.outlet, d.domain), d.published, d.language "
    "FROM story_documents AS sd JOIN documents AS d ON d.id = sd.doc_id "
    "ORDER BY sd.story_id, sd.seq";
constexpr const char* kSqlRelays =
    "SELECT from_doc, to_doc, to_outlet, kind, score, evidence FROM relays "
    "ORDER BY from_doc, to_doc NULLS FIRST, to_outlet NULLS FIRST";

bool Retryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

StatusCode CodeFor(const std::string& sqlstate) {
  if (sqlstate.empty()) return StatusCode::kIoError;  // no answer from the server
  std::string cls = sqlstate.substr(0, 2);
  if (cls == "08" || cls == "28" || cls == "53" || cls == "57" || cls == "58" || cls == "40" ||
      cls == "55" || cls == "3D") {
    return StatusCode::kIoError;
  }
  if (sqlstate == "42501") return StatusCode::kIoError;  // permission denied
  if (cls == "22") return StatusCode::kInvalidArgument;
  if (cls == "54") return StatusCode::kTooLarge;
  if (cls == "XX") return StatusCode::kCorrupt;
  return StatusCode::kInternal;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  // libpq prefixes server errors with "ERROR:  "; the store name says enough.
  if (s.rfind("ERROR:  ", 0) == 0) s.erase(0, 8);
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

template <typename T>
json OptNum(const std::optional<T>& v) {
  return v ? json(static_cast<int64_t>(*v)) : json(nullptr);
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

uint64_t ToU64(const char* s) { return s ? std::strtoull(s, nullptr, 10) : 0; }

}  // namespace

// --- results ----------------------------------------------------------------------------------

class PgStore::Res {
 public:
  explicit Res(PGresult* r) : r_(r) {}
  ~Res() { PQclear(r_); }
  Res(Res&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Res& operator=(Res&& o) noexcept {
    std::swap(r_, o.r_);
    return *this;
  }
  int rows() const { return PQntuples(r_); }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
  }
  std::optional<std::string> OptText(int row, int col) const {
    if (PQgetisnull(r_, row, col)) return std::nullopt;
    return Text(row, col);
  }
  uint64_t U64(int row, int col) const { return ToU64(PQgetvalue(r_, row, col)); }
  double Double(int row, int col) const { return std::strtod(PQgetvalue(r_, row, col), nullptr); }

 private:
  PGresult* r_;
};

std::string RedactPostgresUrl(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t v = p + 9;
    size_t end = out.find('&', v);
    if (end == std::string::npos) end = out.size();
    out.replace(v, end - v, "***");
  }
  return out;
}

// --- opening ----------------------------------------------------------------------------------

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url) {
  const std::string name = RedactPostgresUrl(url);
  {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
    if (opts == nullptr) {
      std::string why = err ? Trim(err) : "cannot parse it";
      PQfreemem(err);
      return InvalidArgument(name + ": not a valid PostgreSQL URL: " + why);
    }
    PQconninfoFree(opts);
  }
  // Earlier keywords are defaults: the URL's own settings win.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "sitrep", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return IoError(name + ": cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trim(PQerrorMessage(conn));
    PQfinish(conn);
    return IoError(name + ": cannot connect to the PostgreSQL store: " + why);
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgStore> store(new PgStore(name, conn));
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    return IoError(name + ": cannot set the client encoding to UTF8: " +
                   Trim(PQerrorMessage(conn)));
  }
  {
    SITREP_ASSIGN_OR_RETURN(Res r, store->Query("SHOW server_encoding", {}, "checking encoding"));
    std::string enc = r.rows() ? r.Text(0, 0) : "";
    if (enc != "UTF8") {
      return Unsupported(name + ": the database encoding is " + enc +
                         "; a sitrep store needs UTF8 (createdb -E UTF8)");
    }
  }
  SITREP_RETURN_IF_ERROR(store->Migrate());
  return store;
}

PgStore::~PgStore() { PQfinish(conn_); }

Status PgStore::Error(PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string msg = r ? Trim(PQresultErrorMessage(r)) : "";
  if (msg.empty()) msg = Trim(PQerrorMessage(conn_));
  if (msg.empty()) msg = "no answer from the server";
  return Status(CodeFor(last_sqlstate_), name_ + ": " + std::string(what) + ": " + msg);
}

bool PgStore::Reconnect() {
  if (in_tx_ || PQstatus(conn_) != CONNECTION_BAD) return false;
  PQreset(conn_);
  return PQstatus(conn_) == CONNECTION_OK && PQsetClientEncoding(conn_, "UTF8") == 0;
}

Result<PgStore::Res> PgStore::Query(const char* sql, const std::vector<const std::string*>& params,
                                    std::string_view what) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string* p : params) values.push_back(p ? p->c_str() : nullptr);
  for (int attempt = 1;; ++attempt) {
    PGresult* r = PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    ExecStatusType st = PQresultStatus(r);
    if (r != nullptr && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) return Res(r);
    Status error = Error(r, what);
    PQclear(r);
    // Outside a transaction a statement can simply be sent again on a new connection.
    if (attempt == 1 && Reconnect()) continue;
    return error;
  }
}

Status PgStore::Exec(const char* sql, std::string_view what) {
  for (int attempt = 1;; ++attempt) {
    PGresult* r = PQexec(conn_, sql);
    ExecStatusType st = PQresultStatus(r);
    if (r != nullptr && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) {
      PQclear(r);
      return Status::Ok();
    }
    Status error = Error(r, what);
    PQclear(r);
    if (attempt == 1 && Reconnect()) continue;
    return error;
  }
}

Status PgStore::Migrate() {
  // One migrator at a time, across every worker on every machine: the others wait here and
  // then find the schema current.
  SITREP_RETURN_IF_ERROR(Exec(kMigrationLock, "waiting for the migration lock"));
  Status st = MigrateLocked();
  Status unlock = Exec(kMigrationUnlock, "releasing the migration lock");
  if (st.ok()) st = unlock;
  return st;
}

Status PgStore::MigrateLocked() {
  int version = 0;
  {
    SITREP_ASSIGN_OR_RETURN(
        Res r, Query("SELECT to_regclass('meta') IS NOT NULL, current_schema(), "
                     "(SELECT count(*) FROM pg_catalog.pg_tables "
                     " WHERE schemaname = current_schema())",
                     {}, "reading the schema"));
    if (r.OptText(0, 1) == std::nullopt) {
      return InvalidArgument(name_ + ": no schema to create the store in (check search_path)");
    }
    const bool has_meta = r.Text(0, 0) == "t";
    const std::string schema = r.Text(0, 1);
    const uint64_t tables = r.U64(0, 2);
    if (!has_meta && tables > 0) {
      return Corrupt(name_ + ": a PostgreSQL database, but not a sitrep store (schema " + schema +
                     " has " + std::to_string(tables) + " tables and no sitrep meta table)");
    }
    if (has_meta) {
      // A foreign "meta" of another shape fails this query: not ours either.
      Result<Res> format = Query(
          "SELECT (SELECT value FROM meta WHERE key = 'format'), "
          "(SELECT value FROM meta WHERE key = 'schema_version')",
          {}, "reading meta");
      // Only a missing column or table means "not ours"; a refusal (permission denied) or a
      // lost connection is said as it is.
      if (!format && last_sqlstate_ != "42703" && last_sqlstate_ != "42P01") return format.error();
      if (!format || format->OptText(0, 0) != std::optional<std::string>(kFormatTag)) {
        return Corrupt(name_ + ": a PostgreSQL database, but not a sitrep store (no meta "
                               "'format' = 'sitrep.store')");
      }
      version = static_cast<int>(std::strtol(format->OptText(0, 1).value_or("0").c_str(),
                                             nullptr, 10));
      if (version > kPgSchemaVersion) {
        return Corrupt(name_ + ": store schema version " + std::to_string(version) +
                       " is newer than this sitrep understands (" +
                       std::to_string(kPgSchemaVersion) + "); use a newer sitrep");
      }
    }
  }
  for (const Migration& m : PgMigrations()) {
    if (m.version <= version) continue;
    std::string what = "migrating to schema version " + std::to_string(m.version);
    SITREP_RETURN_IF_ERROR(Exec("BEGIN", what));
    in_tx_ = true;
    Status st = Exec(m.sql, what);
    if (st.ok()) {
      const std::string v = std::to_string(m.version);
      const std::string by = "sitrep " SITREP_VERSION;
      Result<Res> r = Query(
          "INSERT INTO meta (key, value) VALUES ('schema_version', $1), ('written_by', $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          {&v, &by}, what);
      if (!r) st = r.error();
    }
    if (st.ok()) st = Exec("COMMIT", what);
    in_tx_ = false;
    if (!st.ok()) {
      (void)Exec("ROLLBACK", what);
      return st;
    }
    version = m.version;
  }
  schema_version_ = version;
  return Status::Ok();
}

// --- writing ----------------------------------------------------------------------------------

Status PgStore::Begin() {
  if (in_batch_) return InvalidArgument(name_ + ": Begin() inside an open transaction");
  in_batch_ = true;
  pending_.clear();
  pending_ids_.clear();
  return Status::Ok();
}

Status PgStore::Commit() {
  if (!in_batch_) return InvalidArgument(name_ + ": Commit() without Begin()");
  in_batch_ = false;
  const size_t put = pending_.size();
  SITREP_ASSIGN_OR_RETURN(size_t stored, Flush());
  late_duplicates_ += put - stored;
  return Status::Ok();
}

Result<PutOutcome> PgStore::Put(const Document& doc) {
  if (doc.id.empty()) return InvalidArgument(name_ + ": cannot store a document without an id");
  if (doc.id.size() > kMaxIdBytes) {
    return InvalidArgument(name_ + ": document id longer than " + std::to_string(kMaxIdBytes) +
                           " bytes");
  }
  if (Status valid = document::ValidateDocument(doc); !valid.ok()) {
    return InvalidArgument(name_ + ": document " + Echo(doc.id) + ": " + valid.message());
  }
  if (const char* field = FirstInvalidUtf8Field(doc)) {
    return InvalidArgument(name_ + ": document: " + field + " is not valid UTF-8");
  }
  if (const char* field = FirstNulField(doc)) {
    return InvalidArgument(name_ + ": document " + Echo(doc.id) + ": " + field +
                           " holds a NUL character, which PostgreSQL cannot store");
  }
  if (pending_ids_.count(doc.id)) return PutOutcome::kDuplicate;
  {
    SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlHasId, {&doc.id}, "put " + Echo(doc.id)));
    if (r.rows() > 0) return PutOutcome::kDuplicate;
  }
  pending_.push_back({doc, document::ToJson(doc)});
  pending_ids_.insert(doc.id);
  if (in_batch_) return PutOutcome::kStored;
  SITREP_ASSIGN_OR_RETURN(size_t stored, Flush());
  return stored > 0 ? PutOutcome::kStored : PutOutcome::kDuplicate;
}

Status PgStore::InTransaction(const std::function<Status()>& body, std::string_view what) {
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    Status st = Exec("BEGIN", what);
    in_tx_ = st.ok();
    if (st.ok()) st = body();
    if (st.ok()) st = Exec("COMMIT", what);
    in_tx_ = false;
    if (st.ok()) return st;
    const std::string state = last_sqlstate_;
    // A lost connection (server restarted, backend terminated) took the open transaction with
    // it: reconnect and write the batch again; ON CONFLICT skips what a lost COMMIT did store.
    const bool lost = PQstatus(conn_) == CONNECTION_BAD;
    if (!lost && PQtransactionStatus(conn_) != PQTRANS_IDLE) (void)Exec("ROLLBACK", what);
    if (!(Retryable(state) || lost) || attempt >= kPgWriteAttempts) return st;
    if (lost) {
      PQreset(conn_);
      if (PQstatus(conn_) != CONNECTION_OK || PQsetClientEncoding(conn_, "UTF8") != 0) {
        return IoError(name_ + ": " + std::string(what) + ": connection lost, and reconnecting "
                       "failed: " + Trim(PQerrorMessage(conn_)));
      }
    }
    // Back off a random while, growing, so the workers that collided do not collide again.
    std::uniform_int_distribution<int> ms(5, 20 * attempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
  }
}

Result<size_t> PgStore::Flush() {
  if (pending_.empty()) return size_t{0};
  size_t stored = 0;
  Status st = InTransaction(
      [&]() -> Status {
        Result<size_t> n = WritePending();
        if (!n) return n.error();
        stored = *n;
        return Status::Ok();
      },
      "writing " + std::to_string(pending_.size()) + " documents");
  pending_.clear();
  pending_ids_.clear();
  if (!st.ok()) return st;
  return stored;
}

Result<size_t> PgStore::WritePending() {
  const std::string what = "put " + std::to_string(pending_.size()) + " documents";
  std::unordered_set<std::string> fresh;
  {
    json rows = json::array();
    for (const Pending& p : pending_) {
      const Document& d = p.doc;
      rows.push_back({{"id", d.id},
                      {"path", d.input.path},
                      {"format", std::string(Name(d.input.format))},
                      {"record", OptNum(d.input.record)},
                      {"url", Opt(d.url)},
                      {"domain", Opt(d.domain)},
                      {"outlet", Opt(d.outlet)},
                      {"title", Opt(d.title)},
                      {"language", d.language},
                      {"published", Opt(d.published.value)},
                      {"published_source", std::string(Name(d.published.source))},
                      {"txt", d.text},
                      {"js", p.json}});
    }
    const std::string param = Dump(rows);
    SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlInsertDocuments, {&param}, what));
    for (int i = 0; i < r.rows(); ++i) fresh.insert(r.Text(i, 0));
  }
  if (fresh.empty()) return size_t{0};

  json zones = json::array(), provenance = json::array(), warnings = json::array(),
       fts = json::array(), entity_documents = json::array();
  struct EntityRow {
    std::string type, name, first_doc;
    uint64_t documents = 0, mentions = 0;
  };
  struct VariantRow {
    std::string first_doc;
    uint64_t documents = 0, mentions = 0;
  };
  std::map<std::string, EntityRow> entities;
  std::map<std::pair<std::string, std::string>, VariantRow> variants;
  for (const Pending& p : pending_) {  // in Put() order: the first document names an entity
    const Document& d = p.doc;
    if (!fresh.count(d.id)) continue;
    for (size_t i = 0; i < d.zones.size(); ++i) {
      const Zone& z = d.zones[i];
      json row = {{"d", d.id}, {"s", i}, {"k", std::string(Name(z.kind))},
                  {"b", z.span.begin}, {"e", z.span.end}};
      if (z.comment) {
        row["ci"] = OptNum(z.comment->index);
        row["cd"] = z.comment->depth;
        row["cs"] = OptNum(z.comment->score);
        row["cp"] = Opt(z.comment->posted);
        row["qa"] = Opt(z.comment->quoted_author);
      }
      zones.push_back(std::move(row));
    }
    for (size_t i = 0; i < d.provenance.size(); ++i) {
      const Provenance& pr = d.provenance[i];
      provenance.push_back({{"d", d.id}, {"s", i}, {"r", std::string(Name(pr.relation))},
                            {"o", Opt(pr.outlet)}, {"u", Opt(pr.url)},
                            {"t", Opt(pr.translator)}, {"b", pr.span.begin},
                            {"e", pr.span.end}});
    }
    for (size_t i = 0; i < d.warnings.size(); ++i) {
      const Warning& w = d.warnings[i];
      warnings.push_back({{"d", d.id}, {"s", i}, {"c", w.code}, {"b", w.span.begin},
                          {"e", w.span.end}, {"m", w.message}});
    }
    const std::string body = BodyText(d);
    const std::string title = d.title.value_or("");
    fts.push_back({{"d", d.id}, {"body", body}, {"title", title},
                   {"v", pg::TsvectorLiteral(body, title)}});
    // Entities merged by id inside the document first, as the SQLite store does.
    struct Merged {
      const Entity* first = nullptr;
      uint64_t mentions = 0;
      std::map<std::string, uint64_t> variants;
    };
    std::map<std::string, Merged> by_id;
    for (const Entity& e : d.entities) {
      Merged& m = by_id[e.id];
      if (!m.first) m.first = &e;
      for (const ByteSpan& span : e.mentions) {
        ++m.mentions;
        if (span.size() == 0 || span.size() > kMaxVariantBytes) continue;
        ++m.variants[std::string(d.Slice(span))];
      }
    }
    for (const auto& [id, m] : by_id) {
      EntityRow& row = entities[id];
      if (row.documents == 0) {
        row.type = std::string(Name(m.first->type));
        row.name = m.first->name;
        row.first_doc = d.id;
      }
      ++row.documents;
      row.mentions += m.mentions;
      entity_documents.push_back({{"e", id}, {"d", d.id}, {"m", m.mentions}});
      for (const auto& [variant, count] : m.variants) {
        VariantRow& v = variants[{id, variant}];
        if (v.documents == 0) v.first_doc = d.id;
        ++v.documents;
        v.mentions += count;
      }
    }
  }
  auto run = [&](const char* sql, const json& rows, const char* table) -> Status {
    if (rows.empty()) return Status::Ok();
    const std::string param = Dump(rows);
    Result<Res> r = Query(sql, {&param}, what + ": " + table);
    return r.error();
  };
  SITREP_RETURN_IF_ERROR(run(kSqlInsertZones, zones, "zones"));
  SITREP_RETURN_IF_ERROR(run(kSqlInsertProvenance, provenance, "provenance"));
  SITREP_RETURN_IF_ERROR(run(kSqlInsertWarnings, warnings, "warnings"));
  SITREP_RETURN_IF_ERROR(run(kSqlInsertFts, fts, "search index"));
  json entity_rows = json::array();
  for (const auto& [id, e] : entities) {
    entity_rows.push_back({{"id", id}, {"t", e.type}, {"n", e.name}, {"docs", e.documents},
                           {"m", e.mentions}, {"f", e.first_doc}});
  }
  SITREP_RETURN_IF_ERROR(run(kSqlUpsertEntities, entity_rows, "entities"));
  SITREP_RETURN_IF_ERROR(run(kSqlInsertEntityDocuments, entity_documents, "entity documents"));
  json variant_rows = json::array();
  for (const auto& [key, v] : variants) {
    variant_rows.push_back({{"e", key.first}, {"v", key.second}, {"m", v.mentions},
                            {"docs", v.documents}, {"f", v.first_doc}});
  }
  SITREP_RETURN_IF_ERROR(run(kSqlUpsertVariants, variant_rows, "entity variants"));
  return fresh.size();
}

// --- reading ----------------------------------------------------------------------------------

Result<std::string> PgStore::ResolveId(const std::string& id_or_prefix) {
  IdLookup lookup(id_or_prefix);
  // No id holds a NUL, and PostgreSQL text cannot carry one to the query.
  if (!id_or_prefix.empty() && id_or_prefix.find('\0') == std::string::npos) {
    const std::string limit = std::to_string(lookup.RowsWanted());
    SITREP_ASSIGN_OR_RETURN(Res r,
                            Query(kSqlIdsFrom, {&id_or_prefix, &limit}, "looking up an id"));
    for (int i = 0; i < r.rows() && lookup.Add(r.Text(i, 0)); ++i) {
    }
  }
  return lookup.Verdict(name_);
}

Result<Document> PgStore::Get(const std::string& id_or_prefix) {
  SITREP_ASSIGN_OR_RETURN(std::string id, ResolveId(id_or_prefix));
  SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlGetJson, {&id}, "get " + Echo(id)));
  if (r.rows() == 0) return NotFound(name_ + ": no document with id '" + Echo(id) + "'");
  return DecodeStored(name_, id, r.Text(0, 0));
}

Result<std::vector<SearchHit>> PgStore::Search(const std::string& query, int limit) {
  SITREP_RETURN_IF_ERROR(CheckSearchQuery(query));
  limit = std::clamp(limit, 1, kMaxSearchLimit);
  SITREP_ASSIGN_OR_RETURN(pg::TextQuery q, pg::TranslateQuery(query));
  const std::string limit_text = std::to_string(limit);
  Result<Res> r = Query(kSqlSearch, {&q.tsquery, &limit_text}, "search");
  if (!r) {
    // The translation makes only valid tsquery text; a refusal is still the query's fault.
    if (last_sqlstate_.rfind("42", 0) == 0 || last_sqlstate_.rfind("22", 0) == 0) {
      return InvalidArgument("search query: " + r.error().message());
    }
    return r.error();
  }
  std::vector<SearchHit> hits;
  for (int i = 0; i < r->rows(); ++i) {
    SearchHit hit;
    hit.id = r->Text(i, 0);
    hit.title = r->OptText(i, 1);
    hit.outlet = r->OptText(i, 2);
    hit.language = r->Text(i, 3);
    hit.snippet = pg::Snippet(r->Text(i, 4), q.terms);
    hit.rank = r->Double(i, 5);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<StoreStats> PgStore::Stats() {
  // One snapshot for every count, as in SQLite.
  auto collect = [&](StoreStats* st) -> Status {
    auto count = [&](const char* sql, uint64_t* out) -> Status {
      SITREP_ASSIGN_OR_RETURN(Res r, Query(sql, {}, "stats"));
      *out = r.rows() ? r.U64(0, 0) : 0;
      return Status::Ok();
    };
    auto by = [&](const char* sql, std::map<std::string, uint64_t>* out) -> Status {
      SITREP_ASSIGN_OR_RETURN(Res r, Query(sql, {}, "stats"));
      for (int i = 0; i < r.rows(); ++i) (*out)[r.Text(i, 0)] += r.U64(i, 1);
      return Status::Ok();
    };
    SITREP_RETURN_IF_ERROR(count("SELECT count(*) FROM documents", &st->documents));
    SITREP_RETURN_IF_ERROR(count("SELECT count(*) FROM zones", &st->zones));
    SITREP_RETURN_IF_ERROR(count("SELECT count(*) FROM warnings", &st->warnings));
    SITREP_RETURN_IF_ERROR(
        by("SELECT format, count(*) FROM documents GROUP BY format", &st->by_format));
    SITREP_RETURN_IF_ERROR(
        by("SELECT language, count(*) FROM documents GROUP BY language", &st->by_language));
    SITREP_RETURN_IF_ERROR(by("SELECT coalesce(outlet, '(unknown)'), count(*) FROM documents "
                              "GROUP BY 1",
                              &st->by_outlet));
    SITREP_RETURN_IF_ERROR(
        by("SELECT code, count(*) FROM warnings GROUP BY code", &st->by_warning_code));
    SITREP_RETURN_IF_ERROR(by("SELECT kind, count(*) FROM zones GROUP BY kind", &st->by_zone_kind));
    return Status::Ok();
  };
  SITREP_RETURN_IF_ERROR(Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "stats"));
  in_tx_ = true;
  StoreStats st;
  Status s = collect(&st);
  Status end = Exec(s.ok() ? "COMMIT" : "ROLLBACK", "stats");
  in_tx_ = false;
  if (!s.ok()) return s;
  if (!end.ok()) return end;
  return st;
}

Result<std::vector<EntityRecord>> PgStore::Entities(const std::string& query, int limit) {
  if (query.size() > kMaxQueryBytes) {
    return InvalidArgument("entity query: longer than " + std::to_string(kMaxQueryBytes) +
                           " bytes");
  }
  if (query.find('\0') != std::string::npos) return std::vector<EntityRecord>{};
  limit = std::clamp(limit, 1, kMaxSearchLimit);
  std::string pattern = "%";
  for (char c : query) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  const std::string limit_text = std::to_string(limit);
  SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlEntities, {&query, &pattern, &limit_text}, "entities"));
  std::vector<EntityRecord> out;
  for (int i = 0; i < r.rows(); ++i) {
    EntityRecord e;
    e.id = r.Text(i, 0);
    if (!Parse(r.Text(i, 1), &e.type)) {
      return Corrupt(name_ + ": entity " + Echo(e.id) + ": unknown type '" + Echo(r.Text(i, 1)) +
                     "'");
    }
    e.name = r.Text(i, 2);
    e.documents = r.U64(i, 3);
    e.mentions = r.U64(i, 4);
    out.push_back(std::move(e));
  }
  const std::string variants_limit = std::to_string(kMaxVariantsListed);
  for (EntityRecord& e : out) {
    SITREP_ASSIGN_OR_RETURN(Res v, Query(kSqlEntityVariants, {&e.id, &variants_limit},
                                         "entity variants"));
    for (int i = 0; i < v.rows(); ++i) {
      e.variants.push_back({v.Text(i, 0), v.U64(i, 1), v.U64(i, 2)});
    }
  }
  return out;
}

Status PgStore::ForEachDocument(const std::function<Status(Document&&)>& fn) {
  // Pages by id, so `fn` may use the store (Get) between pages and no cursor stays open.
  std::string after;
  const std::string page = std::to_string(kDocumentsPerPage);
  for (;;) {
    SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlAllJsonPage, {&after, &page}, "documents"));
    if (r.rows() == 0) return Status::Ok();
    for (int i = 0; i < r.rows(); ++i) {
      Result<Document> doc = document::FromJson(r.Text(i, 1));
      if (!doc) return Corrupt(name_ + ": stored document: " + doc.error().message());
      SITREP_RETURN_IF_ERROR(fn(std::move(*doc)));
    }
    after = r.Text(r.rows() - 1, 0);
    if (r.rows() < kDocumentsPerPage) return Status::Ok();
  }
}

// --- stories ----------------------------------------------------------------------------------

Status PgStore::WriteStories(const std::vector<Story>& stories, const std::vector<Relay>& relays) {
  // Rebuilds from several workers queue here rather than interleave their deletes and inserts.
  SITREP_RETURN_IF_ERROR(Exec(kStoriesLock, "stories: lock"));
  SITREP_RETURN_IF_ERROR(Exec("DELETE FROM story_documents", "stories: clear"));
  SITREP_RETURN_IF_ERROR(Exec("DELETE FROM stories", "stories: clear"));
  SITREP_RETURN_IF_ERROR(Exec("DELETE FROM relays", "relays: clear"));
  json story_rows = json::array(), doc_rows = json::array(), relay_rows = json::array();
  for (const Story& s : stories) {
    const std::string detail = StoryDetailJson(s);
    story_rows.push_back({{"id", s.id}, {"t", s.title}, {"f", Opt(s.first_day)},
                          {"l", Opt(s.last_day)}, {"docs", s.documents.size()},
                          {"ev", s.events}, {"detail", detail}});
    for (size_t i = 0; i < s.documents.size(); ++i) {
      const StoryDocument& d = s.documents[i];
      doc_rows.push_back({{"s", s.id}, {"d", d.id}, {"ev", d.event}, {"seq", i},
                          {"r", Opt(d.relay_of)}});
    }
  }
  for (const Relay& r : relays) {
    relay_rows.push_back({{"f", r.from}, {"t", Opt(r.to_doc)}, {"o", Opt(r.to_outlet)},
                          {"k", std::string(Name(r.kind))}, {"sc", r.score},
                          {"ev", r.evidence}});
  }
  auto run = [&](const char* sql, const json& rows, const char* what) -> Status {
    if (rows.empty()) return Status::Ok();
    const std::string param = Dump(rows);
    return Query(sql, {&param}, what).error();
  };
  SITREP_RETURN_IF_ERROR(run(kSqlInsertStories, story_rows, "stories: insert"));
  SITREP_RETURN_IF_ERROR(run(kSqlInsertStoryDocuments, doc_rows, "stories: insert documents"));
  return run(kSqlInsertRelays, relay_rows, "relays: insert");
}

Status PgStore::ReplaceStories(const std::vector<Story>& stories,
                               const std::vector<Relay>& relays) {
  // Inside Begin()/Commit(), the documents put so far are written first, so the graph can name
  // them.
  if (in_batch_ && !pending_.empty()) {
    const size_t put = pending_.size();
    SITREP_ASSIGN_OR_RETURN(size_t stored, Flush());
    late_duplicates_ += put - stored;
  }
  return InTransaction([&]() { return WriteStories(stories, relays); }, "stories");
}

Result<std::vector<Story>> PgStore::Stories() {
  SITREP_RETURN_IF_ERROR(Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "stories"));
  auto read = [&]() -> Result<std::vector<Story>> {
    std::vector<Story> out;
    std::unordered_map<std::string, size_t> slot;
    {
      SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlStories, {}, "stories"));
      for (int i = 0; i < r.rows(); ++i) {
        Story s;
        s.id = r.Text(i, 0);
        s.title = r.Text(i, 1);
        s.first_day = r.OptText(i, 2);
        s.last_day = r.OptText(i, 3);
        s.events = static_cast<uint32_t>(r.U64(i, 4));
        ReadStoryDetail(r.Text(i, 5), &s);
        slot[s.id] = out.size();
        out.push_back(std::move(s));
      }
    }
    SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlStoryDocuments, {}, "story documents"));
    for (int i = 0; i < r.rows(); ++i) {
      auto it = slot.find(r.Text(i, 0));
      if (it == slot.end()) continue;
      StoryDocument d;
      d.id = r.Text(i, 1);
      d.event = r.Text(i, 2);
      d.relay_of = r.OptText(i, 3);
      d.title = r.OptText(i, 4);
      d.outlet = r.OptText(i, 5);
      d.published = r.OptText(i, 6);
      d.language = r.Text(i, 7);
      out[it->second].documents.push_back(std::move(d));
    }
    return out;
  };
  in_tx_ = true;
  Result<std::vector<Story>> out = read();
  Status end = Exec(out ? "COMMIT" : "ROLLBACK", "stories");
  in_tx_ = false;
  if (out && !end.ok()) return end;
  return out;
}

Result<std::vector<Relay>> PgStore::Relays() {
  SITREP_ASSIGN_OR_RETURN(Res r, Query(kSqlRelays, {}, "relays"));
  std::vector<Relay> out;
  for (int i = 0; i < r.rows(); ++i) {
    Relay rel;
    rel.from = r.Text(i, 0);
    rel.to_doc = r.OptText(i, 1);
    rel.to_outlet = r.OptText(i, 2);
    if (!Parse(r.Text(i, 3), &rel.kind)) {
      return Corrupt(name_ + ": relay of unknown kind '" + Echo(r.Text(i, 3)) + "'");
    }
    rel.score = r.Double(i, 4);
    rel.evidence = r.Text(i, 5);
    out.push_back(std::move(rel));
  }
  return out;
}

}  // namespace sitrep::store
