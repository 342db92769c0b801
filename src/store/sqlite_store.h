// SqliteStore: the Store in one SQLite file (WAL mode, FTS5 search). docs/store.md describes the
// tables, the schema versions and how to add a migration.
//
// Thread safety: one SqliteStore is used from one thread at a time (its connection and its cache
// of prepared statements are not shared). Several SqliteStore objects, in one process or in
// several, may open the same file: readers see the last committed state and never block the
// writer; a second writer waits up to kBusyTimeoutMs for the first, then gets IoError.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/store.h"
#include "store/store_common.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sitrep::store {

// The schema version this binary writes. A store with a higher user_version is refused.
inline constexpr int kSchemaVersion = 4;
// How long a writer waits for another connection's write lock before giving up.
inline constexpr int kBusyTimeoutMs = 5000;
// Search() and Entities() clamp their limit to [1, kMaxSearchLimit].
inline constexpr int kMaxSearchLimit = 1000;

// One migration: the SQL that takes a store from version `version - 1` to `version`. Applied in
// one transaction together with the user_version and meta updates.
struct Migration {
  int version;
  const char* sql;
};
// The ordered list of migrations, versions 1..kSchemaVersion (exposed for tests and docs).
const std::vector<Migration>& Migrations();

class SqliteStore final : public Store {
 public:
  // Opens or creates the SQLite store at `path` and migrates it to kSchemaVersion.
  // InvalidArgument: empty path. IoError: cannot open or create the file, or the lock stays busy.
  // Corrupt: the file is not SQLite, is SQLite but not a sitrep store, or has a newer schema;
  // the message names the path.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  // One attempt of Open(): a "database is locked" from a racing first open is retried by Open().
  static Result<std::unique_ptr<SqliteStore>> OpenOnce(const std::string& path);

  // Rolls back a transaction left open by Begin() without Commit(), then closes the file.
  ~SqliteStore() override;
  // Owns a connection and prepared statements: neither copyable nor movable.
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // InvalidArgument when the document breaks the Document invariants (ValidateDocument), has an
  // empty id or an id longer than 256 bytes, or holds a string that is not valid UTF-8 (the JSON
  // form would not round-trip); nothing is written then. IoError/Corrupt/TooLarge from SQLite,
  // with the path and SQLite's message; the document is then not stored either.
  Result<PutOutcome> Put(const Document& doc) override;
  // Begin(): InvalidArgument if a transaction is already open. Takes the write lock at once
  // (BEGIN IMMEDIATE), so a concurrent writer waits here rather than in the middle of a batch.
  Status Begin() override;
  // Commit(): InvalidArgument if no transaction is open.
  Status Commit() override;
  Result<Document> Get(const std::string& id_or_prefix) override;
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit) override;
  Result<StoreStats> Stats() override;
  Result<std::vector<EntityRecord>> Entities(const std::string& query, int limit) override;
  // Stories and relays (src/store/story_store.cc).
  Status ReplaceStories(const std::vector<Story>& stories,
                        const std::vector<Relay>& relays) override;
  Result<std::vector<Story>> Stories() override;
  Result<std::vector<Relay>> Relays() override;
  Status ForEachDocument(const std::function<Status(Document&&)>& fn) override;
  int schema_version() const override { return schema_version_; }

  const std::string& path() const { return path_; }

 private:
  SqliteStore(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

  Status Configure();
  Status CheckIsSitrepStore();
  Status Migrate();
  // Executes SQL with no bound values (schema and transaction control only, never data).
  Status Exec(const char* sql, std::string_view what);
  // A cached prepared statement for `sql` (a string literal); prepared on first use.
  Result<sqlite3_stmt*> Prepare(const char* sql);
  // A Status for the connection's last error: "<path>: <what>: <sqlite message>", with the code
  // chosen from the SQLite result code.
  Status Error(int rc, std::string_view what) const;
  Result<PutOutcome> PutRows(const Document& doc);
  // The entity table rows of a newly stored document (inside PutRows' transaction).
  Status PutEntities(const Document& doc);
  Result<std::string> ResolveId(const std::string& id_or_prefix);
  // Runs a `SELECT key, count` statement into a map.
  Result<std::map<std::string, uint64_t>> CountBy(const char* sql);
  Result<uint64_t> CountAll(const char* sql);
  // Runs a cached statement that returns no rows (transaction control).
  Status Run(const char* sql, std::string_view what);
  Status WriteStories(const std::vector<Story>& stories, const std::vector<Relay>& relays);

  std::string path_;
  sqlite3* db_ = nullptr;
  int schema_version_ = 0;
  bool in_transaction_ = false;  // Begin() called, Commit() not yet
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace sitrep::store
