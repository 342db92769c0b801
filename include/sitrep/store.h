// Store: where documents live between commands. SQLite by default (one file, WAL mode), or a
// PostgreSQL database shared by several workers (location postgresql://...; docs/store.md).
//
// Content-addressed: a document's id is a hash of its text, so putting the same document twice
// changes nothing and Put() says so. Entities of every document stored are merged into one table
// by entity id, with every spelling seen (Entities()). Every write is a transaction: a crash leaves the store as it
// was before the document, never half-written.
//
// Thread safety: a Store object is used from one thread at a time. Several processes may open the
// same SQLite file; readers never block the writer (WAL).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/status.h"
#include "sitrep/stories.h"

namespace sitrep {

enum class PutOutcome { kStored, kDuplicate };

// Entities() lists at most this many variants per entity.
inline constexpr size_t kMaxVariantsListed = 50;

struct SearchHit {
  std::string id;
  std::optional<std::string> title;
  std::optional<std::string> outlet;
  std::string language;
  std::string snippet;  // a piece of body text around the match; the match is wrapped in [ ]
  double rank = 0;      // lower is better (FTS5 bm25)
};

// One spelling of an entity as written in documents ("Tokaïev", "Токаев", "Kassym-Jomart Tokayev").
struct EntityVariant {
  std::string text;
  uint64_t mentions = 0;   // over all stored documents
  uint64_t documents = 0;  // documents using this spelling
};

// An entity of the cross-document table: one row per entity id, whatever the spelling.
struct EntityRecord {
  std::string id;  // "per:kassym-jomart-tokayev", "loc:gn1526384"
  EntityType type = EntityType::kPerson;
  std::string name;        // canonical name, as the first document that named it gave it
  uint64_t documents = 0;  // documents that mention it
  uint64_t mentions = 0;
  std::vector<EntityVariant> variants;  // most mentioned first, at most kMaxVariantsListed
};

struct StoreStats {
  uint64_t documents = 0;
  uint64_t zones = 0;
  uint64_t warnings = 0;
  std::map<std::string, uint64_t> by_format;
  std::map<std::string, uint64_t> by_language;
  std::map<std::string, uint64_t> by_outlet;        // "(unknown)" when null
  std::map<std::string, uint64_t> by_warning_code;
  std::map<std::string, uint64_t> by_zone_kind;
};

class Store {
 public:
  // Opens or creates the store named by `location`: a file path for SQLite, a libpq URI
  // (postgresql://user@host:port/db or postgres://...) for PostgreSQL. Runs schema
  // migrations up to the current version. Errors: IoError (cannot open or create), Corrupt (not
  // a sitrep store, or a newer schema than this binary knows).
  static Result<std::unique_ptr<Store>> Open(const std::string& location);
  // `location` as messages may show it: a PostgreSQL URL with its password replaced by ***.
  static std::string DisplayName(const std::string& location);
  virtual ~Store() = default;

  // Stores a document with its zones, provenance and warnings, and indexes its body for search.
  // kDuplicate (nothing written) when a document with the same id is already stored.
  virtual Result<PutOutcome> Put(const Document& doc) = 0;
  // Groups many Put() calls in one transaction for speed; Commit() makes them durable.
  // Without Begin(), each Put() is its own transaction.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  // How many documents Put() reported kStored since the last call that were, at Commit(), found
  // stored by another writer first (PostgreSQL with concurrent workers: the store still holds
  // each once). Always 0 for SQLite, which holds the write lock from Begin(). Resets the count.
  virtual uint64_t TakeLateDuplicates() { return 0; }

  // The document with this id, or a unique id prefix of at least 6 characters. NotFound if none,
  // InvalidArgument if the prefix is ambiguous.
  virtual Result<Document> Get(const std::string& id_or_prefix) = 0;
  // Full-text search over body zones (FTS5 syntax: words, "phrases", OR, NOT, prefix*).
  // InvalidArgument when the query does not parse.
  virtual Result<std::vector<SearchHit>> Search(const std::string& query, int limit) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // Entities across all stored documents, most documents first. An empty `query` lists them
  // all; otherwise an entity is listed when its id equals the query, or its name or one of its
  // variants contains it (case-insensitive for ASCII letters only). `limit` is clamped to
  // [1, 1000]. InvalidArgument for a query over 4096 bytes.
  virtual Result<std::vector<EntityRecord>> Entities(const std::string& query, int limit) = 0;
  // Stories and relays (issue 5; docs/store.md). ReplaceStories() swaps the whole story graph
  // in one transaction (stories are rebuilt from the set of documents, see
  // src/connect/stories.h); documents not stored are skipped. Stories() lists them by first
  // day; Relays() by `from`.
  virtual Status ReplaceStories(const std::vector<Story>& stories,
                                const std::vector<Relay>& relays) = 0;
  virtual Result<std::vector<Story>> Stories() = 0;
  virtual Result<std::vector<Relay>> Relays() = 0;
  // Calls `fn` with every stored document, in id order, stopping at the first error it returns.
  virtual Status ForEachDocument(const std::function<Status(Document&&)>& fn) = 0;
  // Schema version of the opened store.
  virtual int schema_version() const = 0;
};

}  // namespace sitrep
