// PgStore: the Store in a PostgreSQL database (libpq), for several `sitrep ingest` workers on
// several machines writing to one store. docs/store.md ("PostgreSQL") describes the tables, the
// migrations and how concurrent writers stay exactly-once.
//
// Selected by Store::Open for a location starting with postgresql:// or postgres:// (a libpq
// connection URI: postgresql://user:password@host:port/dbname?sslmode=...). Every value reaches
// the server as a PQexecParams parameter; the only SQL sent without parameters is this file's
// own constants (schema steps, transaction control).
//
// Writes: Put() checks the document (as the SQLite store does) and whether its id is stored, then
// keeps it in memory until Commit() (or at once without Begin()). Commit() writes the whole
// batch in one transaction with a few set-based statements that take their row locks in one
// global order (documents by id, then entities by id, then variants), so two workers never
// deadlock; a serialization failure or deadlock still met is retried from the start of the
// batch. A document stored by another worker between Put() and Commit() is skipped by
// INSERT ... ON CONFLICT DO NOTHING: Put() then said kStored, the store holds it once, and
// TakeLateDuplicates() counts it so the caller can correct its tally.
//
// Thread safety: one PgStore is used from one thread at a time (one connection). Any number of
// PgStore objects, in any processes on any machines, may use the same database.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sitrep/store.h"

struct pg_conn;
struct pg_result;

namespace sitrep::store {

// The schema version the PostgreSQL store writes; same numbering as the SQLite store's
// (kSchemaVersion): v1 documents and search, v2 entities, v3 stories.
inline constexpr int kPgSchemaVersion = 4;
// Attempts of a batch that meets a serialization failure or a deadlock.
inline constexpr int kPgWriteAttempts = 8;

// "postgresql://user:***@host/db": the location with any password hidden, for messages.
std::string RedactPostgresUrl(std::string_view url);

class PgStore final : public Store {
 public:
  // Connects (10 s timeout unless the URL sets connect_timeout) and migrates to
  // kPgSchemaVersion under an advisory lock, so workers starting together migrate once.
  // InvalidArgument: not a valid URL, or no schema to create tables in. IoError: the server
  // cannot be reached, refuses the login, or fails. Corrupt: the database holds tables that are
  // not a sitrep store, or a newer schema. Unsupported: the database encoding is not UTF8.
  // Messages name the store by its URL without the password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url);
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  Result<PutOutcome> Put(const Document& doc) override;
  Status Begin() override;
  Status Commit() override;
  uint64_t TakeLateDuplicates() override { return std::exchange(late_duplicates_, 0); }
  Result<Document> Get(const std::string& id_or_prefix) override;
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit) override;
  Result<StoreStats> Stats() override;
  Result<std::vector<EntityRecord>> Entities(const std::string& query, int limit) override;
  Status ReplaceStories(const std::vector<Story>& stories,
                        const std::vector<Relay>& relays) override;
  Result<std::vector<Story>> Stories() override;
  Result<std::vector<Relay>> Relays() override;
  Status ForEachDocument(const std::function<Status(Document&&)>& fn) override;
  int schema_version() const override { return schema_version_; }

  const std::string& name() const { return name_; }

 private:
  class Res;  // an owned PGresult
  struct Pending {
    Document doc;
    std::string json;
  };

  PgStore(std::string name, pg_conn* conn) : name_(std::move(name)), conn_(conn) {}

  // A statement with text parameters (nullptr = NULL). Errors name the store and `what`.
  Result<Res> Query(const char* sql, const std::vector<const std::string*>& params,
                    std::string_view what);
  // Our own constant SQL without parameters (may hold several statements).
  Status Exec(const char* sql, std::string_view what);
  Status Error(pg_result* r, std::string_view what);
  // After a lost connection outside a transaction: reconnects with the same settings. False if
  // inside a transaction (its work is gone: the caller decides) or reconnecting failed.
  bool Reconnect();
  Status Migrate();
  Status MigrateLocked();
  // Runs `body` inside BEGIN/COMMIT, again from the start after a serialization failure or a
  // deadlock (up to kPgWriteAttempts times).
  Status InTransaction(const std::function<Status()>& body, std::string_view what);
  // Writes the pending documents; returns how many were new.
  Result<size_t> Flush();
  Result<size_t> WritePending();
  Status WriteStories(const std::vector<Story>& stories, const std::vector<Relay>& relays);
  Result<std::string> ResolveId(const std::string& id_or_prefix);

  std::string name_;
  pg_conn* conn_ = nullptr;
  int schema_version_ = 0;
  bool in_batch_ = false;
  std::vector<Pending> pending_;
  std::unordered_set<std::string> pending_ids_;
  std::string last_sqlstate_;  // of the last failed statement
  uint64_t late_duplicates_ = 0;
  bool in_tx_ = false;  // an explicit transaction is open on conn_
};

}  // namespace sitrep::store
