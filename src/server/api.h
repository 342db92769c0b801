// The JSON API of `sitrep serve` (issue 6, web UI): what each /api/ path answers, with no HTTP
// library in sight, so it is tested as plain function calls (tests/server/api_test.cc). The CLI
// (cli/cmd_serve.cc) wires it to cpp-httplib and serves the embedded web UI beside it.
//
// Data: stories, events, ledger, sources and warnings come from a Snapshot, built by
// report::LoadReport (the same model as `sitrep report`) and swapped whole when the store's
// stories change (Refresh(), called by a background thread). Documents and search read the
// store itself through a StorePool: each request borrows a connection of its own, so no Store
// object is ever used by two threads, and reads go on while `sitrep ingest` writes (SQLite WAL).
// The server never writes to the store: stories are those the last `sitrep ingest` (or
// `sitrep stories --rebuild`) stored.
//
// Endpoints (README "Web UI and API" documents them with examples):
//   GET /api/status                 documents in the snapshot, stories, when it was loaded
//   GET /api/stories                every story, summary fields
//   GET /api/stories/{id}           one story: summary, documents, outlets (with the words each
//                                   uses for each group), warnings, most recent changes
//   GET /api/events                 events (timeline entries); filters below
//   GET /api/ledger?story=ID        the claims ledger, each report with its snippet
//   GET /api/documents/{id}         text + every span by kind (zones, entities, places, times,
//                                   events, claims, warnings, provenance); byte offsets
//   GET /api/search?q=...           full-text search (FTS5 syntax)
// Filters of /api/events: story, from, to (YYYY-MM-DD, inclusive), type (an event type name),
// place (entity id, or part of the place name, ASCII case-insensitive), outlet (exact), lang
// (ISO 639-1 or "und"), limit (1..1000, default 200), offset (0..1000000).
//
// Errors are JSON objects {"error": {"status": N, "message": "..."}}: 400 for a bad or unknown
// parameter (values are at most kMaxParamBytes, at most kMaxParams parameters), 404 for an
// unknown path, story or document, 405 for a method other than GET/HEAD, 503 before the first
// snapshot could be loaded.
//
// Thread safety: Handle() and Refresh() may be called from any number of threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "report/model.h"
#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep::server {

inline constexpr size_t kMaxParamBytes = 256;
inline constexpr size_t kMaxParams = 16;
inline constexpr int kDefaultLimit = 200;
inline constexpr int kMaxLimit = 1000;
inline constexpr int kMaxOffset = 1000000;
inline constexpr int kMaxSearchLimit = 100;
// An event lists its first kMaxSourcesPerEvent reports ("reports" counts them all); a fact its
// first kMaxReportsPerFact reports in date order ("reports_total" counts them all). Their
// snippets keep kListContext bytes either side of the span (the document has the rest).
inline constexpr size_t kMaxSourcesPerEvent = 8;
inline constexpr size_t kMaxReportsPerFact = 40;
inline constexpr size_t kListContext = 80;

struct ApiRequest {
  std::string method = "GET";
  std::string path;  // decoded path, without the query string
  std::multimap<std::string, std::string> params;  // decoded query parameters
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// Store connections, opened on demand and handed to one borrower at a time.
class StorePool {
 public:
  explicit StorePool(std::string location, size_t max_idle = 64)
      : location_(std::move(location)), max_idle_(max_idle) {}

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<Store> store) : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease() { if (store_) pool_->Return(std::move(store_)); }
    Store& operator*() { return *store_; }
    Store* operator->() { return store_.get(); }
   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };
  // A connection of the caller's own until the Lease is destroyed. Errors: Store::Open's.
  Result<Lease> Acquire();
  const std::string& location() const { return location_; }

 private:
  void Return(std::unique_ptr<Store> store);
  std::string location_;
  size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Store>> idle_;
};

// One read of the story model, never modified once published.
struct Snapshot {
  std::vector<Story> stories;
  report::ReportData data;
  std::string fingerprint;  // of the stories it was built from
  std::string loaded_at;    // ISO 8601 UTC
  // Per event (by story index, event index): the languages and outlets of its reports.
  struct EventKey {
    size_t story = 0, event = 0;
    std::vector<std::string> languages, outlets;
    std::string json;  // the event's JSON object, serialised once
  };
  std::vector<EventKey> events;  // every event of every story, in story then timeline order
  std::map<std::string, size_t> story_index;
  std::vector<std::vector<std::string>> fact_json;  // per story, per fact: serialised once
};

class Api {
 public:
  explicit Api(std::string location);

  // Reloads the snapshot when the stored stories differ from the current snapshot's (or there
  // is none yet). Sets *changed when a new snapshot was published. Errors: the store's; the
  // previous snapshot stays in use then.
  Status Refresh(bool* changed = nullptr);
  ApiResponse Handle(const ApiRequest& request);

  std::shared_ptr<const Snapshot> snapshot() const;

 private:
  ApiResponse Status_(const Snapshot& s);
  ApiResponse Stories(const Snapshot& s);
  ApiResponse OneStory(const Snapshot& s, const std::string& id);
  ApiResponse Events(const Snapshot& s, const ApiRequest& r);
  ApiResponse Ledger(const Snapshot& s, const ApiRequest& r);
  ApiResponse DocumentById(const std::string& id);
  ApiResponse Search(const ApiRequest& r);

  StorePool pool_;
  std::mutex refresh_mu_;  // one Refresh at a time
  mutable std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;
};

// {"error": {"status": N, "message": M}}
ApiResponse ErrorResponse(int status, const std::string& message);

// Builds the Snapshot of `stories` (exposed for tests).
Result<std::shared_ptr<Snapshot>> BuildSnapshot(Store& store, std::vector<Story> stories);
// A digest of the stories' ids, spans and document ids: equal digests, same story tables.
std::string StoriesFingerprint(const std::vector<Story>& stories);

}  // namespace sitrep::server
