// The story graph over a Store (issue 5): rebuild it from the stored documents, and derive the
// ledger and the timeline of each story. Library code shared by the CLI (`sitrep stories`,
// `ledger`, `timeline`, and the rebuild at the end of `sitrep ingest`) and later the server.
//
// Thread safety: functions of their arguments; the Store is used from the calling thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connect/ledger.h"
#include "connect/stories.h"
#include "lang/resources.h"
#include "sitrep/store.h"

namespace sitrep::connect {

struct RebuildSummary {
  size_t documents = 0;
  size_t stories = 0;
  size_t relays = 0;
};

// Reads every stored document, builds stories and relays (StoryBuilder) and replaces the store's
// story tables. The result depends on the set of stored documents only, so it is the same
// whatever order they were ingested in. Errors: those of the store.
Result<RebuildSummary> RebuildStories(Store& store, const lang::Resources& resources,
                                      const StoryOptions& options);

// The ledger of each story (facts in BuildLedger order), stories in `stories` order. A report
// of a document that relays another document of its story has `relay_of` set. `names` receives
// the entity names seen (id -> name), for display.
Result<std::vector<Fact>> StoreLedger(Store& store, const std::vector<Story>& stories,
                                      std::map<std::string, std::string>* names);

// One line of a story's timeline: what happened on a day, and who reports it.
struct TimelineEntry {
  std::string story;
  std::optional<std::string> day;  // YYYY-MM-DD: the event's date, else the report's day
  bool dated_by_event = false;     // day came from the event's own date
  EventType type = EventType::kProtest;
  std::optional<std::string> place;  // Entity::id
  struct Source {
    std::string doc;
    std::optional<std::string> outlet;
    uint32_t start = 0, end = 0;
    bool relay = false;
  };
  std::vector<Source> sources;
};
// Events (body and title zones) of every story by day, type and place; undated last.
Result<std::vector<TimelineEntry>> StoreTimeline(Store& store, const std::vector<Story>& stories,
                                                 std::map<std::string, std::string>* names);

// The same for one story whose documents the caller has already read: `docs[i]` is the stored
// document `story.documents[i]` (so that a caller needing both, and the documents themselves,
// reads each document once: src/report/model.cc). Pure functions.
std::vector<Fact> StoryLedger(const Story& story, const std::vector<Document>& docs);
std::vector<TimelineEntry> StoryTimeline(const Story& story, const std::vector<Document>& docs);

}  // namespace sitrep::connect
