// The story graph tables of the SQLite store (issue 5, schema v3): stories, story_documents,
// relays. Written whole by ReplaceStories() (the graph is rebuilt from the set of documents),
// read by `sitrep stories`, `sitrep ledger` and `sitrep timeline`. docs/store.md describes them.
#include <sqlite3.h>

#include <string>
#include <utility>


#include "document/document_json.h"
#include "store/sqlite_store.h"

namespace sitrep::store {

// v3. A story's lists (places, actors, outlets) are kept as JSON in `detail`: they are read
// whole, never queried. story_documents says which story (and which event inside it) a document
// belongs to; relays is the relay graph with its evidence.
extern const char* const kSchemaV3Stories;
const char* const kSchemaV3Stories = R"sql(
CREATE TABLE stories (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  first_day TEXT,
  last_day TEXT,
  documents INTEGER NOT NULL,
  events INTEGER NOT NULL,
  detail TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_documents (
  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  seq INTEGER NOT NULL,
  relay_of TEXT,
  PRIMARY KEY (story_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX story_documents_doc ON story_documents (doc_id);

CREATE TABLE relays (
  from_doc TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  to_doc TEXT REFERENCES documents (id) ON DELETE CASCADE,
  to_outlet TEXT,
  kind TEXT NOT NULL,
  score REAL NOT NULL,
  evidence TEXT NOT NULL
);
CREATE INDEX relays_from ON relays (from_doc);
CREATE INDEX relays_to ON relays (to_doc);
)sql";

namespace {

constexpr const char* kSqlDeleteStoryDocuments = "DELETE FROM story_documents";
constexpr const char* kSqlDeleteStories = "DELETE FROM stories";
constexpr const char* kSqlDeleteRelays = "DELETE FROM relays";
constexpr const char* kSqlInsertStory =
    "INSERT INTO stories (id, title, first_day, last_day, documents, events, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// Only documents that are stored: the graph may have been built from a larger set.
constexpr const char* kSqlInsertStoryDocument =
    "INSERT OR IGNORE INTO story_documents (story_id, doc_id, event, seq, relay_of) "
    "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?2)";
constexpr const char* kSqlInsertRelay =
    "INSERT INTO relays (from_doc, to_doc, to_outlet, kind, score, evidence) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?1) "
    "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM documents WHERE id = ?2))";
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
    "ORDER BY from_doc, to_doc, to_outlet";
constexpr const char* kSqlAllJson = "SELECT json FROM documents ORDER BY id";

// Binds by index; resets and clears on destruction (values are bound SQLITE_STATIC).
class Binder {
 public:
  explicit Binder(sqlite3_stmt* s) : s_(s) {}
  ~Binder() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Binder(const Binder&) = delete;
  Binder& operator=(const Binder&) = delete;
  void Text(int i, std::string_view v) {
    Keep(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void OptText(int i, const std::optional<std::string>& v) {
    if (v) {
      Text(i, *v);
    } else {
      Keep(sqlite3_bind_null(s_, i));
    }
  }
  void Int(int i, int64_t v) { Keep(sqlite3_bind_int64(s_, i, v)); }
  void Double(int i, double v) { Keep(sqlite3_bind_double(s_, i, v)); }
  int Step() { return rc_ != SQLITE_OK ? rc_ : sqlite3_step(s_); }
  std::string Col(int i) const {
    const unsigned char* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(s_, i)))
             : std::string();
  }
  std::optional<std::string> OptCol(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return Col(i);
  }
  int64_t IntCol(int i) const { return sqlite3_column_int64(s_, i); }
  double DoubleCol(int i) const { return sqlite3_column_double(s_, i); }

 private:
  void Keep(int rc) {
    if (rc_ == SQLITE_OK) rc_ = rc;
  }
  sqlite3_stmt* s_;
  int rc_ = SQLITE_OK;
};

}  // namespace

Status SqliteStore::WriteStories(const std::vector<Story>& stories,
                                 const std::vector<Relay>& relays) {
  SITREP_RETURN_IF_ERROR(Run(kSqlDeleteStoryDocuments, "stories: clear"));
  SITREP_RETURN_IF_ERROR(Run(kSqlDeleteStories, "stories: clear"));
  SITREP_RETURN_IF_ERROR(Run(kSqlDeleteRelays, "relays: clear"));
  for (const Story& s : stories) {
    const std::string detail = StoryDetailJson(s);
    {
      SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertStory));
      Binder b(raw);
      b.Text(1, s.id);
      b.Text(2, s.title);
      b.OptText(3, s.first_day);
      b.OptText(4, s.last_day);
      b.Int(5, static_cast<int64_t>(s.documents.size()));
      b.Int(6, s.events);
      b.Text(7, detail);
      int rc = b.Step();
      if (rc != SQLITE_DONE) return Error(rc, "stories: insert " + s.id);
    }
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertStoryDocument));
    for (size_t i = 0; i < s.documents.size(); ++i) {
      const StoryDocument& d = s.documents[i];
      Binder b(raw);
      b.Text(1, s.id);
      b.Text(2, d.id);
      b.Text(3, d.event);
      b.Int(4, static_cast<int64_t>(i));
      b.OptText(5, d.relay_of);
      int rc = b.Step();
      if (rc != SQLITE_DONE) return Error(rc, "stories: insert a document of " + s.id);
    }
  }
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlInsertRelay));
  for (const Relay& r : relays) {
    Binder b(raw);
    b.Text(1, r.from);
    b.OptText(2, r.to_doc);
    b.OptText(3, r.to_outlet);
    b.Text(4, Name(r.kind));
    b.Double(5, r.score);
    b.Text(6, r.evidence);
    int rc = b.Step();
    if (rc != SQLITE_DONE) return Error(rc, "relays: insert");
  }
  return Status::Ok();
}

Status SqliteStore::ReplaceStories(const std::vector<Story>& stories,
                                   const std::vector<Relay>& relays) {
  if (in_transaction_) return WriteStories(stories, relays);
  SITREP_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "stories: begin"));
  Status st = WriteStories(stories, relays);
  if (!st.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  return Exec("COMMIT", "stories: commit");
}

Result<std::vector<Story>> SqliteStore::Stories() {
  std::vector<Story> out;
  std::unordered_map<std::string, size_t> slot;
  {
    SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlStories));
    Binder b(raw);
    int rc;
    while ((rc = b.Step()) == SQLITE_ROW) {
      Story s;
      s.id = b.Col(0);
      s.title = b.Col(1);
      s.first_day = b.OptCol(2);
      s.last_day = b.OptCol(3);
      s.events = static_cast<uint32_t>(b.IntCol(4));
      ReadStoryDetail(b.Col(5), &s);
      slot[s.id] = out.size();
      out.push_back(std::move(s));
    }
    if (rc != SQLITE_DONE) return Error(rc, "stories");
  }
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlStoryDocuments));
  Binder b(raw);
  int rc;
  while ((rc = b.Step()) == SQLITE_ROW) {
    auto it = slot.find(b.Col(0));
    if (it == slot.end()) continue;
    StoryDocument d;
    d.id = b.Col(1);
    d.event = b.Col(2);
    d.relay_of = b.OptCol(3);
    d.title = b.OptCol(4);
    d.outlet = b.OptCol(5);
    d.published = b.OptCol(6);
    d.language = b.Col(7);
    out[it->second].documents.push_back(std::move(d));
  }
  if (rc != SQLITE_DONE) return Error(rc, "story documents");
  return out;
}

Result<std::vector<Relay>> SqliteStore::Relays() {
  std::vector<Relay> out;
  SITREP_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(kSqlRelays));
  Binder b(raw);
  int rc;
  while ((rc = b.Step()) == SQLITE_ROW) {
    Relay r;
    r.from = b.Col(0);
    r.to_doc = b.OptCol(1);
    r.to_outlet = b.OptCol(2);
    if (!Parse(b.Col(3), &r.kind)) return Corrupt(path_ + ": relay of unknown kind '" + b.Col(3) + "'");
    r.score = b.DoubleCol(4);
    r.evidence = b.Col(5);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return Error(rc, "relays");
  return out;
}

Status SqliteStore::ForEachDocument(const std::function<Status(Document&&)>& fn) {
  // Not a cached statement: `fn` may call Get(), which must not reset this one mid-walk.
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, kSqlAllJson, -1, &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return Error(rc, "documents");
  }
  Status st;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)),
                          static_cast<size_t>(sqlite3_column_bytes(raw, 0)));
    Result<Document> doc = document::FromJson(text);
    if (!doc) {
      st = Corrupt(path_ + ": stored document: " + doc.error().message());
      break;
    }
    st = fn(std::move(*doc));
    if (!st.ok()) break;
  }
  if (st.ok() && rc != SQLITE_DONE) st = Error(rc, "documents");
  sqlite3_finalize(raw);
  return st;
}

}  // namespace sitrep::store
